"""What related stories (builder/related.py) add to a build, and how that grows with the archive.

    .venv/bin/python benchmarks/related.py [--stories 50000] [--rounds 3] [--site DIR]

Generates an archive with generate.py (or uses --site), parses and indexes it once, then times
`relate` alone on the newest 10%, 25%, 50% and all of its stories (medians over the rounds), and
the whole index stage with and without it. Linear growth shows as a steady time per story.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from generate import generate  # a sibling script, as in compare.py

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from builder import index as index_stage  # noqa: E402 - after the path is set
from builder import load, related  # noqa: E402
from builder.config import load_config  # noqa: E402
from builder.index import Selection, index_site  # noqa: E402
from builder.parse import parse_sources  # noqa: E402


def median_seconds(rounds: int, work) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--site", type=Path, help="an archive made by generate.py (default: a new one in a temporary folder)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        site = args.site or Path(folder) / "site"
        if not (site / "content").is_dir():
            print(f"generating {args.stories} stories ...", flush=True)
            generate(site, args.stories)
        config, _ = load_config(site)
        sources, _ = load.read_sources(site)
        started = time.perf_counter()
        content, _ = parse_sources(sources.markdown, config, jobs=2)
        print(f"parsed {len(content.stories)} stories in {time.perf_counter() - started:.1f} s", flush=True)
        selection = Selection(now=datetime(2026, 11, 30, tzinfo=UTC))
        site_index, _ = index_site(content, sources.media, selection)
        stories = site_index.stories
        known = {story.slug for story in stories}

        print("\n| stories | relate() | per story | candidates compared, largest |")
        print("| ---: | ---: | ---: | ---: |")
        for share in (0.1, 0.25, 0.5, 1.0):
            part = stories[: int(len(stories) * share)]

            def relate(part=part) -> None:
                related.relate(part, site_index.story_department, site_index.story_tags, content.pins, known)

            seconds = median_seconds(args.rounds, relate)
            print(
                f"| {len(part):,} | {seconds:.2f} s | {seconds / len(part) * 1e6:.0f} µs | ≤ {related.CANDIDATES_PER_TERM} a term |"
            )

        with_related = median_seconds(args.rounds, lambda: index_site(content, sources.media, selection))
        real = index_stage.relate
        index_stage.relate = lambda *_: ({}, [])
        try:
            without = median_seconds(args.rounds, lambda: index_site(content, sources.media, selection))
        finally:
            index_stage.relate = real
        print(f"\nindex stage, {len(stories):,} stories: {with_related:.2f} s with related stories, {without:.2f} s without")


if __name__ == "__main__":
    main()

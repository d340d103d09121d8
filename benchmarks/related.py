"""What related stories (builder/related.py) add to a build, and how that grows with the archive.

    .venv/bin/python benchmarks/related.py [--stories 50000] [--rounds 3] [--site DIR]

Generates an archive with generate.py (or uses --site), parses and indexes it once, then times
`relate` alone on the newest 10%, 25%, 50% and all of its stories (medians over the rounds), and
the whole index stage with and without it. Linear growth shows as a steady time per story.
"""

from __future__ import annotations

import argparse
import os
import pickle
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


def median_seconds(rounds: int, work) -> tuple[float, float]:
    """Median (wall, CPU) seconds of `work`: on a shared machine the CPU time is the fairer figure."""
    walls, cpus = [], []
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


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
        parsed = site / ".related-benchmark.pickle"  # parsing 50,000 stories takes minutes: done once an archive
        if parsed.is_file():
            content = pickle.loads(parsed.read_bytes())
        else:
            started = time.perf_counter()
            content, _ = parse_sources(sources.markdown, config, jobs=2)
            print(f"parsed {len(content.stories)} stories in {time.perf_counter() - started:.1f} s", flush=True)
            parsed.write_bytes(pickle.dumps(content))
        selection = Selection(now=datetime(2026, 11, 30, tzinfo=UTC))
        site_index, _ = index_site(content, sources.media, selection)
        stories = site_index.stories
        known = tuple(sorted(story.slug for story in stories))

        print(
            f"\n| stories | relate(), wall | relate(), CPU | CPU a story | candidates a term |  (load {os.getloadavg()[0]:.1f})"
        )
        print("| ---: | ---: | ---: | ---: | ---: |")
        for share in (0.1, 0.25, 0.5, 1.0):
            part = stories[: int(len(stories) * share)]

            def relate(part=part) -> None:
                related.relate(related.candidates(part, site_index.story_department, site_index.story_tags, content.pins), known)

            wall, cpu = median_seconds(args.rounds, relate)
            per_story = cpu / len(part) * 1e6
            print(f"| {len(part):,} | {wall:.2f} s | {cpu:.2f} s | {per_story:.0f} µs | at most {related.CANDIDATES_PER_TERM} |")

        with_related = median_seconds(args.rounds, lambda: index_site(content, sources.media, selection))
        real = index_stage.relate
        index_stage.relate = lambda *_: ({}, [])
        try:
            without = median_seconds(args.rounds, lambda: index_site(content, sources.media, selection))
        finally:
            index_stage.relate = real
        print(
            f"\nindex stage, {len(stories):,} stories (wall, CPU): {with_related[0]:.2f} s, {with_related[1]:.2f} s "
            f"with related stories; {without[0]:.2f} s, {without[1]:.2f} s without"
        )


if __name__ == "__main__":
    main()

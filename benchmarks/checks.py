"""How much do the content checks (builder/checks/) cost, and do they stay quiet on ordinary prose?

    python benchmarks/checks.py [--stories 10000] [--rounds 3] [--site DIR]

Generates an archive with benchmarks/generate.py in a temporary folder (or reads --site DIR),
reads every story, and measures in this one process:
  (a) the checks alone over every story (`story_findings`), the cost they add to a cold build's
      parse stage (before it is spread over worker processes);
  (b) the parse stage over every story with and without the checks;
  (c) the checks of one story, as a one-edit rebuild or a save in `beat serve` pays them (the
      other stories' findings are remembered with their parse results);
and counts the findings over the whole archive (the generated prose holds no personal data, so
every finding is a false positive), then plants one problem per rule in one story and checks
that each is found.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import generate

from builder import checks, load, parse
from builder.config import load_config
from builder.frontmatter import split
from builder.model import SourceFile

PLANTED = {
    "phone-number": "Neighbours can call (503) 555-0134 to help.",
    "email-address": "Write to maria.lopez@example.com.",
    "street-address": "The family lives at 1423 Willow Creek Road.",
    "license-plate": "The car with license plate 7ABC123 was returned.",
    "date-of-birth": "Maria was born on March 3, 2010.",
    "minor-name": "Eight-year-old Maya Chen rode the course.",
    "image-alt-missing": "![](/media/bike.jpg)",
    "image-alt-filename": "![IMG_1234.jpg](/media/IMG_1234.jpg)",
    "heading-level-one": "# A heading",
    "link-text": "[Click here](https://example.org/).",
}


def findings(source: SourceFile, region: str, front=None) -> list:
    front = front or split(source.text)
    return checks.story_findings(source.path, source.text, front, draft=front.data.get("draft") is True, region=region)


def timed(function, *args) -> float:
    """CPU seconds of this process: steadier than wall time on a shared machine. The garbage
    collector is paused, as it is during a build (pipeline._collector_paused)."""
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        function(*args)
        return time.process_time() - started
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--site", type=Path, help="an existing site to read instead of a generated one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        site = args.site
        if site is None:
            site = Path(temporary) / "site"
            generate.generate(site, args.stories)
        config, _ = load_config(site)
        sources, _ = load.read_sources(site)
        stories = [s for s in sources.markdown if s.path.startswith("content/stories/")]
        region = checks.region_of(config.language)
        print(f"{len(stories):,} stories, {sum(len(s.text.split()) for s in stories) / len(stories):.0f} words on average")

        fronts = [split(s.text) for s in stories]  # the parser has split the front matter already
        alone = [
            timed(lambda: [findings(s, region, f) for s, f in zip(stories, fronts, strict=True)]) for _ in range(args.rounds)
        ]
        with_checks, without = [], []
        plain = dict(parse._PARSERS)
        try:
            for _ in range(args.rounds):  # interleaved, so a busy moment of the machine hits both
                with_checks.append(timed(parse.parse_all, stories, config, 1))
                parse._PARSERS["stories"] = parse._parse_story  # the parser as it was before the checks
                without.append(timed(parse.parse_all, stories, config, 1))
                parse._PARSERS.update(plain)
        finally:
            parse._PARSERS.update(plain)
        every = max(1, len(stories) // 500)
        one = sorted(timed(findings, s, region, f) for s, f in zip(stories[::every], fronts[::every], strict=True))

        found = [p for s in stories for p in findings(s, region)]
        sample = stories[0]
        planted = SourceFile(sample.path, sample.text + "\n" + "\n\n".join(PLANTED.values()) + "\n", "x")
        caught = {p.rule for p in findings(planted, region)}

    print(f"(a) checks alone, every story:   {statistics.median(alone):.2f} s (CPU, one process, median of {args.rounds})")
    print(f"(b) parse stage with checks:     {statistics.median(with_checks):.2f} s (CPU, one process)")
    print(f"    parse stage without checks:  {statistics.median(without):.2f} s")
    print(f"(c) checks of one story:         median {statistics.median(one) * 1000:.2f} ms, max {one[-1] * 1000:.2f} ms")
    print(f"findings over the archive: {len(found)}")
    for problem in found[:10]:
        print("   ", problem)
    missed = set(PLANTED) - caught
    print(
        f"planted problems found: {len(PLANTED) - len(missed)} of {len(PLANTED)}"
        + (f"; missed {sorted(missed)}" if missed else "")
    )
    return 1 if missed or found else 0


if __name__ == "__main__":
    sys.exit(main())

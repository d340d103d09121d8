"""Beat with its search index on an archive whose stories are all dated in one year.

    .venv/bin/python benchmarks/one_year.py [--stories 10000] [--rounds 3]

An archive imported in bulk puts most stories in one year; the search index is made in shards
of a bounded size (builder/search.py), so memory and time must not grow with the busiest year.
Each round: a first build (fills .beat-cache/), a second (fills the other output tree), a
rebuild with nothing changed, and a rebuild after one story's body was edited. For each build:
wall time, the largest single process (GNU time's %M) and the peak of all of Beat's processes
together (its whole process tree, sampled every 50 ms from /proc: processes.py), medians over the rounds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from generate import generate  # sibling scripts, as in compare.py
from processes import run_sampled

REPO = Path(__file__).resolve().parent.parent


def run(site: Path, beat: str) -> tuple[float, int, int]:
    """(seconds, largest process KiB, whole tree peak bytes) of one `beat build`."""
    done = run_sampled(["/usr/bin/time", "-f", "%M", beat, "build", "--quiet"], cwd=site)
    if done.returncode != 0:
        raise SystemExit(f"beat build failed:\n{done.stderr}")
    return done.seconds, int(done.stderr.strip().splitlines()[-1]), done.tree_peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--beat", default=str(REPO / ".venv/bin/beat"))
    args = parser.parse_args()
    figures: dict[str, list[tuple[float, int, int]]] = {}
    with tempfile.TemporaryDirectory() as work:
        template = Path(work) / "template"
        generate(template, args.stories, one_year=True)
        for _ in range(args.rounds):
            site = Path(work) / "site"
            shutil.rmtree(site, ignore_errors=True)
            shutil.copytree(template, site)
            for name in ("first build", "second build", "nothing changed"):
                figures.setdefault(name, []).append(run(site, args.beat))
            story = sorted((site / "content/stories").rglob("*.md"))[len(figures["first build"]) * 7]
            story.write_text(story.read_text(encoding="utf-8") + "\nOne more sentence, edited.\n", encoding="utf-8")
            figures.setdefault("one edit", []).append(run(site, args.beat))
    print(f"{args.stories:,} stories, all dated 2026, search index on, {args.rounds} rounds, medians:")
    print("| build | seconds | largest process (MiB) | all of Beat's processes (MiB) |")
    print("| --- | ---: | ---: | ---: |")
    for name, runs in figures.items():
        seconds = statistics.median(r[0] for r in runs)
        largest = statistics.median(r[1] for r in runs) / 1024
        whole = statistics.median(r[2] for r in runs) / 2**20
        print(f"| {name} | {seconds:.2f} | {largest:,.0f} | {whole:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

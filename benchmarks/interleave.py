"""Cold builds (or one-story edits) of two revisions of Beat, interleaved: is a change faster?

    python benchmarks/interleave.py --site DIR --rounds 4 REV_A REV_B
    python benchmarks/interleave.py --site DIR --rounds 7 --edit content/stories/2017/x.md REV_A REV_B

This machine's speed drifts by 15% and more within minutes, so two versions are compared only
in alternation: each round builds both, and the order swaps from one round to the next (the
first build of a round was seen to be slower). Before each build the site's outputs are moved
aside (deleting a 10,000-page tree makes the next build's file creation slower for minutes)
and every source file and Beat's code are read once (this host pages out files left untouched
for a minute); an untimed cold build comes first (`--warm-up`). Prints each build, each
round's difference (B - A), and the medians. Two builds of one code, side by side in a round,
differed by 0.1-0.3 s while the machine drifted from 23 to 29 s between rounds.

Each revision is exported with `git archive` and run as `python -m builder` from its export
folder: run from the repository, `-m` would put the repository's own builder/ ahead of
PYTHONPATH, and both sides would run the same code (session 17's pairs did). Which code each
export imports is checked before the first build.

`--edit` times the build after appending a sentence to that story instead, as compare.py's
"one edit" does. Each revision gets its own copy of the site (a cache is tied to the code that
wrote it, so the two cannot share one), built twice first (the first rebuild fills the other
output tree), then edited and built once a round.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from compare import compile_like_pip, export_beat, read_every_file


def move_outputs_aside(site: Path, trash: Path) -> None:
    aside = trash / str(time.time_ns())
    aside.mkdir(parents=True)
    for entry in site.iterdir():
        if entry.name.startswith("public") or entry.name == ".beat-cache":  # what a build writes
            entry.rename(aside / entry.name)


def imported_from(code: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import builder; print(builder.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=code,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    return done.stdout.strip()


def written_by_builds(name: str) -> bool:
    """Whether a file or folder at the top of a site is one that builds write."""
    return name.startswith(("public", ".public")) or name == ".beat-cache"


def cold_build(code: Path, site: Path, trash: Path, extra: list[str]) -> tuple[float, float]:
    """Wall and processor seconds (this process's children) of one cold `beat build`."""
    move_outputs_aside(site, trash)
    return timed_build(code, site, extra)


def edit_build(code: Path, site: Path, story: str, number: int, extra: list[str]) -> tuple[float, float]:
    """Wall and processor seconds of the build after one sentence is appended to `story`."""
    with (site / story).open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(f"\nInterleaved edit number {number} appended here.\n")
    return timed_build(code, site, extra)


def timed_build(code: Path, site: Path, extra: list[str]) -> tuple[float, float]:
    read_every_file(site, code)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "builder", "build", "--site", str(site), "--quiet", *extra],
        check=True,
        cwd=code,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a site folder (its outputs are moved aside, not deleted)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--beat-args", default="", help='extra arguments for `beat build`, e.g. --beat-args="--jobs 2"')
    parser.add_argument("--warm-up", type=int, default=1, help="untimed cold builds first (default 1)")
    parser.add_argument("--edit", metavar="STORY", help="time one-story edits of this file (relative to the site) instead")
    parser.add_argument("revisions", nargs=2, metavar="REV")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    work = Path(tempfile.mkdtemp(prefix="beat-interleave-"))
    trash = site.parent / f"{site.name}.aside"  # beside the site: moved, not copied, across file systems
    codes = {}
    for label, rev in zip("AB", args.revisions, strict=True):
        code = work / label
        commit = export_beat(rev, code)
        compile_like_pip(code / "builder")
        if not imported_from(code).startswith(str(code)):
            raise SystemExit(f"{rev}: `python -m builder` did not import the exported code")
        codes[label] = code
        print(f"{label} = {rev} ({commit})")
    extra = args.beat_args.split()
    if args.edit:
        if not (site / args.edit).is_file():
            parser.error(f"--edit {args.edit}: no such file in {site}")
        sites = {label: work / f"site-{label}" for label in codes}
        for label, copy in sites.items():
            # Only at the top: a story may well be called public-library-opens.md.
            shutil.copytree(
                site, copy, ignore=lambda folder, names: [n for n in names if Path(folder) == site and written_by_builds(n)]
            )
            for _ in range(2):  # the first build, and the first rebuild (which fills the other output tree)
                timed_build(codes[label], copy, extra)

        def build(label: str, number: int) -> tuple[float, float]:
            return edit_build(codes[label], sites[label], args.edit, number, extra)
    else:
        # Untimed: the first build after a while idle was seen 12 s slower than the next (33.9 s against
        # 21.4 s), with code that differed in nothing the build ran.
        for _ in range(args.warm_up):
            cold_build(codes["A"], site, trash, extra)

        def build(label: str, number: int) -> tuple[float, float]:
            return cold_build(codes[label], site, trash, extra)

    times: dict[str, list[float]] = {"A": [], "B": []}
    for number in range(1, args.rounds + 1):
        order = "AB" if number % 2 else "BA"
        for label in order:
            wall, processor = build(label, number)
            times[label].append(wall)
            print(f"round {number} {label}: {wall:6.2f} s wall, {processor:6.2f} s processor", flush=True)
        print(f"round {number}: B - A = {times['B'][-1] - times['A'][-1]:+.2f} s", flush=True)
    differences = [b - a for a, b in zip(times["A"], times["B"], strict=True)]
    print(
        f"medians: A {statistics.median(times['A']):.2f} s, B {statistics.median(times['B']):.2f} s; "
        f"B faster in {sum(d < 0 for d in differences)} of {len(differences)} rounds, "
        f"median difference {statistics.median(differences):+.2f} s"
    )
    if not args.edit:
        print(f"outputs moved aside into {trash} (delete it when the machine is idle)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

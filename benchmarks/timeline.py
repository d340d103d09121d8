"""Where a build's time goes, second by second: how many cores its processes keep busy, how
much memory each kind of process holds, and when Pagefind runs.

    python benchmarks/timeline.py [--every 0.2] [--print-every 1.0] -- beat build --site DIR

Runs the command to its end, reading /proc (Linux) every `--every` seconds: the processor time
of the command's whole process tree (the live processes' own, plus what the command's process
has collected from children that ended, so finished workers and Pagefind runs still count),
and the resident memory of the main process, of Pagefind and of the other processes. Prints a
line every `--print-every` seconds, then the totals. A core kept idle shows as "cores" below 2
on a two-core machine: what a better schedule could still win.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from processes import members, tree_snapshot  # run as a script beside processes.py, as compare.py is

MIB = 2**20


@dataclass(frozen=True)
class Sample:
    at: float  # seconds since the start
    cpu: float  # processor seconds of the tree so far
    main_rss: int
    pagefind_rss: int
    other_rss: int
    pagefinds: int


def sample(root: int, at: float) -> Sample | None:
    found = tree_snapshot(root)
    if root not in found:
        return None
    counted = members(found, root)
    pagefind = [pid for pid in counted if "pagefind" in found[pid].name]
    main_rss = found[root].rss
    pagefind_rss = sum(found[pid].rss for pid in pagefind)
    return Sample(
        at=at,
        cpu=sum(found[pid].cpu for pid in counted) + found[root].children_cpu,
        main_rss=main_rss,
        pagefind_rss=pagefind_rss,
        other_rss=sum(found[pid].rss for pid in counted) - main_rss - pagefind_rss,
        pagefinds=len(pagefind),
    )


def run(command: list[str], every: float) -> tuple[list[Sample], float, int, float]:
    """The samples, the wall time, the exit status and the tree's processor seconds in all."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    samples = []
    while child.poll() is None:
        taken = sample(child.pid, time.perf_counter() - started)
        if taken:
            samples.append(taken)
        time.sleep(every)  # sampling, not waiting for a result
    seconds = time.perf_counter() - started
    used = os.times()
    return samples, seconds, child.returncode, used.children_user + used.children_system


def report(samples: list[Sample], seconds: float, status: int, cpu: float, print_every: float) -> list[str]:
    lines = ["   time  cores  main MiB  Pagefind MiB (runs)  others MiB"]
    last: Sample | None = None
    for taken in samples:
        if last is not None and taken.at - last.at < print_every:
            continue
        cores = (taken.cpu - last.cpu) / (taken.at - last.at) if last is not None else 0.0
        lines.append(
            f"{taken.at:6.1f}s  {cores:5.2f}  {taken.main_rss / MIB:8.0f}  {taken.pagefind_rss / MIB:8.0f} ({taken.pagefinds})"
            f"  {taken.other_rss / MIB:14.0f}"
        )
        last = taken
    with_pagefind = [taken for taken in samples if taken.pagefinds]
    lines.append(
        f"exit status {status}; {seconds:.2f} s wall, {cpu:.1f} processor seconds ({cpu / seconds:.2f} cores on average)"
    )
    if samples:
        peak = max(taken.main_rss + taken.pagefind_rss + taken.other_rss for taken in samples)
        lines.append(f"peak of the process tree: {peak / MIB:.0f} MiB")
    if with_pagefind:
        runs = sum(taken.pagefinds for taken in with_pagefind) / len(with_pagefind)
        lines.append(
            f"Pagefind ran from {with_pagefind[0].at:.1f} s to {with_pagefind[-1].at:.1f} s, {runs:.2f} at once on average"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=float, default=0.2, help="seconds between samples (default 0.2)")
    parser.add_argument("--print-every", type=float, default=1.0, help="seconds between printed lines (default 1)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the build to run, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    if not Path("/proc/self/stat").exists():
        parser.error("this reads /proc: Linux only")
    samples, seconds, status, cpu = run(command, args.every)
    print("\n".join(report(samples, seconds, status, cpu, args.print_every)))
    return status


if __name__ == "__main__":
    sys.exit(main())

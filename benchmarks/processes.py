"""Running a build and measuring the memory of its whole process tree (Beat's workers and
Pagefind included), for compare.py and one_year.py."""

from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PAGE = 4096
SAMPLE_EVERY = 0.05  # seconds; one sample reads /proc once (~2 ms with 100 processes)


def tree_rss(root: int) -> int:
    """Resident memory of `root` and all its descendants, in bytes."""
    parents: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[1])
            sizes[int(entry.name)] = int(stat[21]) * PAGE
    members = family(parents, root)
    return sum(sizes.get(pid, 0) for pid in members if pid == root or not unexecuted_copy(pid, parents[pid]))


def unexecuted_copy(pid: int, parent: int) -> bool:
    """Whether `pid` is a copy of its parent that has not run a program of its own yet: a process
    starting another program (Beat starting Pagefind or a worker) is, between its fork (or vfork)
    and its exec, a copy whose pages are its parent's, and /proc gives it the parent's resident
    size. Counted, that doubled Beat's main process for an instant: a one-year cold build's peak
    read 686-707 MiB in 2 of 5 runs, 508-514 MiB in the others. Known by its command line, the
    same as its parent's (no tool measured here forks workers that run on without an exec)."""
    mine, theirs = command_line(pid), command_line(parent)
    return bool(mine) and mine == theirs


def command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # it ended meanwhile
        return b""


def family(parents: Mapping[int, int], root: int) -> set[int]:
    """`root` and all its descendants, given each process's parent (pid -> parent pid)."""
    found, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found.update(children)
        frontier.extend(children)
    return found


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str
    seconds: float  # wall time
    tree_peak: int  # bytes: the largest sum over the process tree seen by the samples


def run_sampled(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> Finished:
    """Run `command` to its end, sampling its process tree's resident memory as it runs."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env, cwd=cwd)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(SAMPLE_EVERY)  # sampling, not waiting for a result
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Finished(process.returncode, out.read(), err.read(), seconds, peak)

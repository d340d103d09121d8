"""Running a build and measuring the memory of its whole process tree (Beat's workers and
Pagefind included), for compare.py, one_year.py and timeline.py."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PAGE = 4096
TICKS = os.sysconf("SC_CLK_TCK")
# Linux with CONFIG_PROC_CHILDREN: each thread's children listed in /proc/PID/task/TID/children.
CHILDREN_FILES = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists()
SAMPLE_EVERY = 0.05  # seconds; a sample reads the tree's processes only (see tree_snapshot)


@dataclass(frozen=True)
class Process:
    parent: int
    name: str
    command: bytes  # its command line as /proc gives it, read before and after its stat
    rss: int  # bytes
    cpu: float  # its own processor seconds
    children_cpu: float  # processor seconds of its children that ended and were waited for


def read_process(pid: int) -> Process | None:
    """One process as /proc shows it, or None when it ended or ran another program while it was
    read. Its command line is read before and after its stat: a process that execs in between
    (a fork of Beat becoming a Pagefind) may have given the stat of the copy it was, so it is
    left out of this sample rather than counted with its parent's resident size."""
    entry = Path("/proc", str(pid))
    try:
        before = (entry / "cmdline").read_bytes()
        raw = (entry / "stat").read_text()
        after = (entry / "cmdline").read_bytes()
    except OSError:  # it ended meanwhile
        return None
    if before != after:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw.rsplit(")", 1)[1].split()  # fields[0] is the state, the third field of stat(5)
    return Process(
        parent=int(fields[1]),
        name=name,
        command=after,
        rss=int(fields[21]) * PAGE,
        cpu=(int(fields[11]) + int(fields[12])) / TICKS,
        children_cpu=(int(fields[13]) + int(fields[14])) / TICKS,
    )


def snapshot() -> dict[int, Process]:
    """Every process this sample could read, by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (process := read_process(int(entry.name))) is not None:
            found[int(entry.name)] = process
    return found


def tree_snapshot(root: int) -> dict[int, Process]:
    """`root` and its descendants that this sample could read, by pid, found through each
    thread's /proc/PID/task/TID/children. Reading every process in /proc instead cost 2-3
    processor seconds per 25-second build (three files of ~70 processes, 20 times a second):
    taken from a tool that keeps both cores busy (Beat, Hugo), never from one that uses one
    (Pelican), so it weighed on the ratios. Falls back to `snapshot()` on a kernel without
    the children files."""
    if not CHILDREN_FILES:
        return snapshot()
    found: dict[int, Process] = {}
    frontier = [root]
    while frontier:
        pid = frontier.pop()
        if pid in found or (process := read_process(pid)) is None:
            continue
        found[pid] = process
        try:
            threads = os.listdir(f"/proc/{pid}/task")
        except OSError:  # it ended meanwhile
            continue
        for thread in threads:
            try:
                frontier.extend(int(child) for child in Path(f"/proc/{pid}/task/{thread}/children").read_text().split())
            except OSError:
                continue
    return found


def members(found: Mapping[int, Process], root: int) -> set[int]:
    """`root` and its descendants, leaving out the copies that have not run a program of their own."""
    tree = family({pid: process.parent for pid, process in found.items()}, root)
    return {pid for pid in tree if pid == root or not unexecuted_copy(found, pid)}


def unexecuted_copy(found: Mapping[int, Process], pid: int) -> bool:
    """Whether `pid` is a copy of its parent that has not run a program of its own yet: a process
    starting another program (Beat starting Pagefind or a worker) is, between its fork (or vfork)
    and its exec, a copy whose pages are its parent's, and /proc gives it the parent's resident
    size. Counted, that doubled Beat's main process for an instant: a one-year cold build's peak
    read 686-707 MiB in 2 of 5 runs, 508-514 MiB in the others. Known by its command line, the
    same as its parent's (no tool measured here forks workers that run on without an exec)."""
    process = found[pid]
    parent = found.get(process.parent)
    return bool(process.command) and parent is not None and process.command == parent.command


def family(parents: Mapping[int, int], root: int) -> set[int]:
    """`root` and all its descendants, given each process's parent (pid -> parent pid)."""
    found, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found.update(children)
        frontier.extend(children)
    return found


@dataclass(frozen=True)
class Member:
    pid: int
    name: str
    rss: int  # bytes


def tree_members(root: int) -> list[Member]:
    """The processes counted in `root`'s tree now, largest first."""
    found = tree_snapshot(root)
    counted = members(found, root) if root in found else set()
    return sorted((Member(pid, found[pid].name, found[pid].rss) for pid in counted), key=lambda m: (-m.rss, m.pid))


def tree_rss(root: int) -> int:
    """Resident memory of `root` and all its descendants, in bytes."""
    return sum(member.rss for member in tree_members(root))


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str
    seconds: float  # wall time
    tree_peak: int  # bytes: the largest sum over the process tree seen by the samples
    peak_members: list[Member]  # the processes of the sample that gave tree_peak

    def peak_breakdown(self) -> str:
        return ", ".join(f"{m.name} {m.rss / 2**20:.0f}" for m in self.peak_members)


def run_sampled(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> Finished:
    """Run `command` to its end, sampling its process tree's resident memory as it runs."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env, cwd=cwd)
        peak, peak_members = 0, []
        while process.poll() is None:
            now = tree_members(process.pid)
            if (total := sum(m.rss for m in now)) > peak:
                peak, peak_members = total, now
            time.sleep(SAMPLE_EVERY)  # sampling, not waiting for a result
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Finished(process.returncode, out.read(), err.read(), seconds, peak, peak_members)

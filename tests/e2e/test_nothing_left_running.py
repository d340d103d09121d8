"""However `beat build` ends, a kill -9 included, its worker processes and Pagefind end with it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import story

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")


def processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, state, command line) of every process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry.name)] = (int(fields[1]), fields[0], command)
    return found


def descendants(root: int, table: dict[int, tuple[int, str, str]]) -> set[int]:
    children = {pid for pid, (parent, _, _) in table.items() if parent == root}
    return children | {pid for child in children for pid in descendants(child, table)}


def program_of(pid: int) -> str:
    """The name of the program a process runs now ("" once it is gone)."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def alive(pids: set[int]) -> set[int]:
    table = processes()
    return {pid for pid in pids if pid in table and table[pid][1] != "Z"}


def wait_for(condition, deadline: float, what: str):
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.01)  # polling a condition, not waiting for a time
    raise AssertionError(f"gave up waiting for {what}")


@pytest.mark.parametrize("stage", ["parse workers", "pagefind"])
def test_killing_the_build_leaves_no_process_behind(make_site, stage):
    # Enough stories and words (one year: one search index) that Pagefind would run on for seconds.
    count = 2000 if stage == "pagefind" else 600
    stories = {
        f"content/stories/s{n}.md": story(title=f"Story {n}", body=" ".join(f"w{n}x{i}" for i in range(300)))
        for n in range(count)
    }
    big_site = make_site(stories)
    build = subprocess.Popen(
        [sys.executable, "-m", "builder", "build", "--jobs", "2", "--quiet"],
        cwd=big_site.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def started():
            table = processes()
            family = descendants(build.pid, table)
            if stage == "pagefind":
                # Pagefind itself, not its starter (setpriv) with Pagefind in its arguments: a
                # starter killed before it sets the parent-death signal lets its one shard finish.
                return family if any(program_of(pid) == "pagefind" for pid in family) else None
            return family if len(family) >= 2 else None  # spawn's resource tracker and a worker at least

        family = wait_for(started, time.monotonic() + 180, f"the build's {stage}")
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=30)
        family |= descendants(build.pid, processes())
        # Workers look for their parent twice a second; the kernel stops Pagefind at once.
        wait_for(lambda: not alive(family), time.monotonic() + 3, "the build's processes to end")
    finally:
        if build.poll() is None:
            build.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
@pytest.mark.parametrize("starter", ["setpriv", "python"])
def test_a_process_started_for_pagefind_ends_when_beat_is_killed(starter):
    """Both ways Beat starts Pagefind (util-linux's setpriv, else a Python interpreter in front)
    have the kernel end it when Beat is killed: here a long sleep stands for Pagefind."""
    if starter == "setpriv" and shutil.which("setpriv") is None:
        pytest.skip("no setpriv on this machine")
    helper = f"""
import subprocess, sys
from builder import pagefind
if {starter == "python"!r}:
    pagefind._setpriv = lambda: None
prefix = pagefind._ended_with_this_process()
assert ("setpriv" in prefix[0]) == {starter == "setpriv"!r}, prefix
child = subprocess.Popen([*prefix, "/bin/sleep", "600"])
print(child.pid, flush=True)
child.wait()
"""
    beat = subprocess.Popen([sys.executable, "-c", helper], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2])
    try:
        sleeper = int(beat.stdout.readline())
        # The starter has handed over (the process is the sleep itself, not setpriv or Python
        # with the sleep in its arguments) before Beat is killed.
        wait_for(lambda: program_of(sleeper) == "sleep", time.monotonic() + 30, "the sleep to start")
        os.kill(beat.pid, signal.SIGKILL)
        beat.wait(timeout=30)
        wait_for(lambda: not alive({sleeper}), time.monotonic() + 3, "the sleep to end with its parent")
    finally:
        if beat.poll() is None:
            beat.kill()
        beat.stdout.close()

"""benchmarks/processes.py sums the resident memory of a build's process tree. A process that is
a copy of its parent, between its fork and its exec, shows its parent's resident size in /proc:
it must not be counted as that much more memory (it made a one-year build's peak read 700 MiB)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.processes import CHILDREN_FILES, family, run_sampled, snapshot, tree_rss, tree_snapshot, unexecuted_copy

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")

# A parent holding 64 MiB, with a forked copy of itself that runs no other program, and a child
# that does (`sleep`): it prints their process ids, then waits for its standard input to close.
PARENT = """
import os, subprocess, sys, time
held = bytearray(64 * 2**20)
for at in range(0, len(held), 4096):
    held[at] = 1
copy = os.fork()
if copy == 0:
    time.sleep(120)
    os._exit(0)
program = subprocess.Popen(["sleep", "120"])
print(copy, program.pid, flush=True)
sys.stdin.read()
os.kill(copy, 9)
program.kill()
"""


def resident(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[21]) * 4096


def test_a_copy_that_has_not_run_a_program_is_not_counted_again():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        copy, program = (int(pid) for pid in parent.stdout.readline().split())
        found = snapshot()
        assert unexecuted_copy(found, copy)
        assert not unexecuted_copy(found, program)
        # The copy maps the parent's 64 MiB too: counted, the tree would hold about twice the parent.
        assert resident(copy) > 60 * 2**20
        total, own = tree_rss(parent.pid), resident(parent.pid)
        assert own <= total < own + 32 * 2**20
    finally:
        parent.communicate("")


def test_the_peak_sample_names_the_processes_it_counted():
    done = run_sampled([sys.executable, "-c", "import subprocess; subprocess.run(['sleep', '0.5'])"])
    assert done.returncode == 0
    names = [member.name for member in done.peak_members]
    assert names and names[0].startswith("python")  # the largest first
    assert done.tree_peak == sum(member.rss for member in done.peak_members)


# A parent that starts a shell from a second thread, and the shell starts `sleep`: the sampler
# must find the whole tree, whichever thread started each process, and read nothing else.
# The thread stays alive: when a thread ends, its children pass to another thread of its process.
THREADED = """
import queue, subprocess, sys, threading
started, done = queue.Queue(), threading.Event()
def start():
    started.put(subprocess.Popen(["sh", "-c", "sleep 120 & echo $!; wait"], stdout=subprocess.PIPE, text=True))
    done.wait()
threading.Thread(target=start).start()
shell = started.get()
print(shell.pid, shell.stdout.readline().strip(), flush=True)
sys.stdin.read()
done.set()
"""


@pytest.mark.skipif(not CHILDREN_FILES, reason="needs /proc/PID/task/TID/children")
def test_the_tree_is_found_through_every_thread_and_nothing_else_is_read():
    parent = subprocess.Popen([sys.executable, "-c", THREADED], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    unrelated = subprocess.Popen(["sleep", "120"])
    shell = sleeper = None
    try:
        shell, sleeper = (int(pid) for pid in parent.stdout.readline().split())
        found = tree_snapshot(parent.pid)
        assert set(found) == {parent.pid, shell, sleeper}
        everything = snapshot()
        assert set(found) == family({pid: process.parent for pid, process in everything.items()}, parent.pid)
        assert unrelated.pid in everything
    finally:
        for pid in (sleeper, shell):
            if pid is not None:
                os.kill(pid, signal.SIGKILL)
        parent.communicate("")
        unrelated.kill()
        unrelated.wait()

"""builder/forked.py: work done in a forked copy when that is safe, and made here whenever the
copy cannot give it. Each case runs in a process of its own: pytest's workers run threads, and
a process with threads is never forked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Beat forks on Linux only")

CASES = r"""
import json, os, sys, threading
from builder.forked import Forked, can_fork

here = os.getpid()

def where():
    return os.getpid()

def fails_in_the_copy():
    if os.getpid() != here:
        raise RuntimeError("broken")
    return "made here"

def dies_in_the_copy():
    if os.getpid() != here:
        os.kill(os.getpid(), 9)
    return "made here"

def unpicklable_in_the_copy():
    return (lambda: None) if os.getpid() != here else "made here"

found = {"threads at start": threading.active_count(), "can fork": can_fork()}
with Forked(where) as copy:
    found["made by"] = "copy" if copy.result() != here else "here"
for work in (fails_in_the_copy, dies_in_the_copy, unpicklable_in_the_copy):
    with Forked(work) as copy:
        found[work.__name__] = copy.result()
never_asked = Forked(lambda: __import__("time").sleep(60))
pid = never_asked._pid
never_asked.close()
found["closed copy gone"] = not os.path.exists(f"/proc/{pid}")
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
found["can fork beside a thread"] = can_fork()
with Forked(where) as copy:
    found["made beside a thread by"] = "copy" if copy.result() != here else "here"
stop.set()
thread.join()
print(json.dumps(found))
"""


def test_forked_work_is_made_by_a_copy_or_else_here():
    done = subprocess.run([sys.executable, "-c", CASES], capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["threads at start"] == 1 and found["can fork"]
    assert found["made by"] == "copy"
    assert found["fails_in_the_copy"] == "made here"
    assert found["dies_in_the_copy"] == "made here"
    assert found["unpicklable_in_the_copy"] == "made here"
    assert found["closed copy gone"]
    assert not found["can fork beside a thread"]
    assert found["made beside a thread by"] == "here"

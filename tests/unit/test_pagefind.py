"""Running Pagefind: its failures are explained, and a run can be stopped."""

from __future__ import annotations

import threading
import time

import pagefind_bin
import pytest

from builder import pagefind


@pytest.fixture
def slow_pagefind(tmp_path, monkeypatch):
    """A stand-in that takes far longer than any test may wait, noting its pid first (renamed
    into place: the file exists only once it holds the pid)."""
    pid_file = tmp_path / "pid"
    program = tmp_path / "pagefind"
    program.write_text(f"#!/bin/sh\necho $$ > {pid_file}.partial\nmv {pid_file}.partial {pid_file}\nexec sleep 60\n")
    program.chmod(0o755)
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: program)
    return pid_file


def test_a_run_stops_soon_after_it_is_cancelled_and_leaves_no_process(slow_pagefind, tmp_path):
    cancel = threading.Event()
    cancelled_at = []

    def cancel_once_running() -> None:
        # Cancelled once the fake Pagefind runs (it writes its pid), not after a fixed delay: on a
        # busy machine it may not have started within any given time.
        deadline = time.monotonic() + 120
        while not slow_pagefind.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        cancelled_at.append(time.monotonic())
        cancel.set()

    threading.Thread(target=cancel_once_running, daemon=True).start()
    with pytest.raises(pagefind.PagefindError, match="stopped"):
        pagefind.run(tmp_path / "site", tmp_path / "index", modest=True, cancel=cancel)
    assert time.monotonic() - cancelled_at[0] < 5
    pid = int(slow_pagefind.read_text())
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False

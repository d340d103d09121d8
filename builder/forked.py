"""Work done in a copy of this process, on the other core, while this one goes on.

A one-story rebuild is a long row of passes over the whole archive in one Python process, and
the machine's other core sits idle. A few of those passes produce something small from data
this process already holds (the story pages' cache keys: a digest each), so a fork can make
them from the same objects, with nothing to send but the result.

Forking is done only where it is safe and cheap: on Linux, with no other thread running (a
fork copies one thread, and a lock another thread held would stay locked in the copy: the
preview, the search index and the mirror of the output tree run threads, and then the work is
simply done here). Whatever goes wrong in the copy (an exception, a signal, a result that
cannot be pickled), the work is done again here: the copy can cost time, never a result.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Result = TypeVar("Result")


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


class Forked(Generic[Result]):
    """`work()` started in a forked copy of this process if that is safe here; result() gives
    its result, made here if the copy could not make it (or was never started)."""

    def __init__(self, work: Callable[[], Result]):
        self._work = work
        self._pid = 0
        self._reader: int | None = None
        if not can_fork():
            return
        reader, writer = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory for a copy, too many processes: done here
            os.close(reader)
            os.close(writer)
            return
        if pid == 0:  # the copy: never returns into the caller's code
            os.close(reader)
            _run_and_exit(work, writer)
        os.close(writer)
        self._pid, self._reader = pid, reader

    def result(self) -> Result:
        if self._reader is None:
            return self._work()
        with os.fdopen(self._reader, "rb") as pipe:
            data = pipe.read()
        self._reader = None
        os.waitpid(self._pid, 0)
        if data:
            with contextlib.suppress(Exception):
                return pickle.loads(data)
        return self._work()  # the copy failed: its result is made here

    def __enter__(self) -> Forked[Result]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the copy if its result was never asked for (the build is stopping)."""
        if self._reader is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, 9)
            os.waitpid(self._pid, 0)
            os.close(self._reader)
            self._reader = None


def _run_and_exit(work: Callable[[], object], writer: int) -> None:
    status = 1
    try:
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
        status = 0
    except BaseException:  # noqa: BLE001 - nothing may leave the copy: the parent makes the result itself
        pass
    finally:
        os._exit(status)  # no atexit handlers, no buffers of the parent's flushed twice

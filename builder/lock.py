"""One build of a site at a time: its output trees and its cache are shared."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


@contextlib.contextmanager
def exclusive(site_dir: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """One build of a site at a time (its output trees and its cache are shared): a second one
    waits here until the first is done (`on_wait` is told once that it waits). The lock is the
    operating system's, on the site's folder itself, so nothing is left behind and a build that
    is killed releases it at once."""
    if fcntl is None:  # Windows: builds are not kept apart there
        yield
        return
    descriptor = os.open(site_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        except OSError:  # a file system without locks (some network mounts): builds are not kept apart there
            pass
        yield
    finally:
        os.close(descriptor)  # releases the lock

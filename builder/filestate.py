"""The state of a file on disk, as builds compare it: its size and modification time."""

from __future__ import annotations

import os
from pathlib import Path


def stat_key(path: str | Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def state_of(path: str | Path) -> tuple[int, int] | None:
    """stat_key, or None for a file that cannot be looked at (gone, unreadable)."""
    try:
        return stat_key(path)
    except OSError:
        return None

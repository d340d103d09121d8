"""Reuse between builds, in one place: the build asks a memory for each step that may reuse
earlier work (forgetful.py: what it asks, and the build that remembers nothing; memory.py: the
memory); keys.py derives every key from what an output is declared to be made of; disk.py
keeps a memory in `.beat-cache/` between runs of `beat build`; code.py ties whatever is
remembered to Beat's own code. No stage module imports this package.
"""

from __future__ import annotations

from pathlib import Path

from builder.incremental.forgetful import Forgetful, LastBuild, Plan
from builder.incremental.memory import Memory
from builder.model import OutOfStep

__all__ = ["Forgetful", "LastBuild", "Memory", "OutOfStep", "Plan", "on_disk"]


def on_disk(site_dir: Path, out_dir: Path, *, forget: bool = False) -> Memory:
    """The memory `beat build` keeps in the site's .beat-cache/ (empty if there is none yet, or
    `forget`: a build that starts afresh, and is remembered from then on)."""
    from builder.incremental import disk

    return disk.load(site_dir, out_dir, forget=forget)

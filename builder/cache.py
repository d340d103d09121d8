"""Memory of earlier builds, so a rebuild redoes only what its inputs changed.

Every entry is keyed by everything its value was computed from: a source file by its size and
modification time, a parse result by the file's digest and the settings parsing reads, a
rendered page by a fingerprint of its template and all the data it was given. A stale key
cannot match, so a cached build gives the same bytes as a clean one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from builder.model import SourceFile, Story
from builder.outputs import OutputFile


@dataclass(slots=True)
class BuildCache:
    sources: dict[str, tuple[tuple[int, int], SourceFile]] = field(default_factory=dict)  # path -> (size, mtime)
    parsed: dict[tuple[str, str, tuple], Any] = field(default_factory=dict)  # (path, digest, settings) -> result
    pages: dict[str, tuple[int, OutputFile]] = field(default_factory=dict)  # output path -> (fingerprint, file)

    def forget(self, relative_paths: set[str]) -> None:
        """Drop what is known about these source files (the watcher saw them change)."""
        for path in relative_paths:
            self.sources.pop(path, None)


def stat_key(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def freeze(value: Any) -> Any:
    """A hashable stand-in for template data: lists and dicts become tuples."""
    if isinstance(value, dict):
        return tuple((key, freeze(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    if is_dataclass(value) and not getattr(type(value), "__hash__", None):
        return tuple(freeze(getattr(value, f.name)) for f in fields(value))
    return value


def stories_in(value: Any) -> list[Story]:
    """Every Story inside a template variable, however nested."""
    if isinstance(value, Story):
        return [value]
    if isinstance(value, list | tuple):
        return [story for item in value for story in stories_in(item)]
    if isinstance(value, dict):
        return [story for item in value.values() for story in stories_in(item)]
    return []


def digest_files(paths: list[Path]) -> str:
    """One digest over files' names and bytes: templates, so any change to one is seen."""
    total = hashlib.sha256()
    for path in sorted(paths):
        total.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return total.hexdigest()

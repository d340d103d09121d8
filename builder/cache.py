"""Memory of earlier builds, so a rebuild redoes only what its inputs changed.

Every entry is keyed by everything its value was computed from: a source file by its size and
modification time, a parse result by the file's digest and the settings parsing reads, a
rendered page by a fingerprint of its template and all the data it was given. A stale key
cannot match, so a cached build gives the same bytes as a clean one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.model import SourceFile
from builder.outputs import OutputFile


class CacheOutOfStep(Exception):
    """A story's file changed on disk while the build was using its cached parse result."""


@dataclass(slots=True)
class BuildCache:
    sources: dict[str, tuple[tuple[int, int], SourceFile]] = field(default_factory=dict)  # path -> (size, mtime)
    parsed: dict[tuple[str, str, tuple], Any] = field(default_factory=dict)  # (path, digest, settings) -> result
    pages: dict[str, tuple[int, OutputFile]] = field(default_factory=dict)  # output path -> (fingerprint, file)
    feeds: dict[str, tuple[int, OutputFile]] = field(default_factory=dict)  # feeds and the sitemap, likewise
    # year -> (fingerprint of its story pages, {output path: (digest, file)}): each year's search index
    search: dict[str, tuple[Hashable, dict[str, tuple[bytes, OutputFile]]]] = field(default_factory=dict)
    templates: Any = None  # the TemplateFacts of the last build, reused while the files are unchanged
    environment: Any = None  # ((template folders, digest), jinja2.Environment): compiled templates kept
    stable: bool = False  # fingerprints that mean the same in another process: for a cache kept on disk
    manifests: dict = field(default_factory=dict)  # output tree -> what was written there (see write.py)
    live_tree: str = ""  # the output tree the last build published
    saved_shards: dict = field(default_factory=dict)  # parse-result shard on disk -> its keys (see cachefile.py)
    # Stories whose parse results were loaded from disk without their bodies: (path, digest) ->
    # parse key; `bodies.get(parse key)` reads the full result (see cachefile.py, parse.StoryBodies).
    hollow: dict[tuple[str, str], tuple] = field(default_factory=dict)
    bodies: Any = None

    @property
    def keep_bytes(self) -> bool:
        """Whether outputs are remembered with their bytes (in memory, for the preview), or only
        by name (on disk: the published file holds the bytes)."""
        return not self.stable

    def forget(self, relative_paths: set[str]) -> None:
        """Drop what is known about these source files (the watcher saw them change)."""
        for path in relative_paths:
            self.sources.pop(path, None)


def stat_key(path: str | Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def fingerprint(value: Hashable, *, stable: bool) -> Hashable:
    """A short stand-in for `value`. Python's hash() is fastest, but differs from one process
    to the next; a digest of the value's repr is the same in every run, for caches on disk.
    (The model's dataclasses and tuples have deterministic reprs.)"""
    if stable:
        return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()
    return hash(value)

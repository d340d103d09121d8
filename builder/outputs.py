"""OutputFile values and the registry that gives every output path exactly one owner."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path

from builder.problems import Problem, error


def stamp_of(data: bytes) -> bytes:
    """A stamp that stands for these bytes: equal stamps, equal bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str  # relative to the output folder, POSIX separators
    data: bytes = b""
    copy_from: Path | None = None  # copied from disk instead of `data` (media, static files)
    # The same output as an earlier build's: its file (copy_from, else the live tree's, see
    # Publisher.reusable) may be shared, not copied.
    reuse: bool = False
    stamp: Hashable = None  # stands for the bytes: equal stamps, equal bytes (None: unknown, always write)
    owner: str = ""  # what made it, for collision messages: a source path or a description
    written: tuple[int, int] | None = None  # already written into the output tree (by a worker): its size and time

    def without_bytes(self) -> OutputFile:
        """Its name and owner only: what a cache kept on disk needs to remember."""
        if not self.data and self.copy_from is None and self.written is None:
            return self
        return OutputFile(self.path, owner=self.owner, stamp=self.stamp)


class OutputSet:
    """Collects outputs; a second claim on a path (compared without case) is a problem.

    With a `sink`, each accepted output is handed on at once (to the staging folder) and only
    its name is kept, so a large site is never held in memory whole.
    """

    def __init__(self, sink: Callable[[OutputFile], None] | None = None) -> None:
        self._files: dict[str, OutputFile] = {}
        self.problems: list[Problem] = []
        self._sink = sink

    def add(self, output: OutputFile) -> None:
        # Compare case-insensitively: macOS and Windows would overwrite one with the other.
        key = output.path.casefold()
        if key in self._files:
            first = self._files[key]
            where = output.owner or output.path
            self.problems.append(error(where, f"would write {output.path}, which {first.owner or 'Beat'} already writes"))
            return
        if self._sink is None:
            self._files[key] = output
        else:
            self._sink(output)
            self._files[key] = output.without_bytes()

    def extend(self, outputs: Iterable[OutputFile]) -> None:
        for output in outputs:
            self.add(output)

    def get(self, path: str) -> OutputFile | None:
        """The output at `path` (only its name and stamp if it was handed to the sink)."""
        return self._files.get(path.casefold())

    def files(self) -> list[OutputFile]:
        return sorted(self._files.values(), key=lambda o: o.path)

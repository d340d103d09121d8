"""The other output tree filled with hard links to the files of the tree a build writes.

After a first build (or one without the cache) only one tree holds the site; the next build
would write the whole site into the other one. Linking each file costs one system call, but
tens of thousands of them after a large first build took seconds on a busy disk, so when the
other tree does not exist yet the links are made in a thread while the build is still
rendering, and only the last few at the end.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path


class Linker:
    """Hard links from `root`'s files into `other`, each made once, folders as needed."""

    def __init__(self, root: Path, other: Path):
        self.root = str(root)
        self.other = other
        self.linked: set[str] = set()
        self._folders: set[str] = set()

    def link(self, paths: Iterable[str]) -> None:
        for path in paths:
            if path in self.linked:
                continue
            folder = path.rpartition("/")[0]
            if folder and folder not in self._folders:
                os.makedirs(self.other / folder, exist_ok=True)
                self._folders.add(folder)
            os.link(f"{self.root}/{path}", self.other / path)
            self.linked.add(path)


def link_tree(root: Path, other: Path, paths: Iterable[str]) -> bool:
    """Replace `other` with links to `paths` under `root`; False (and no `other`) if that cannot
    be done here (no hard links, no room)."""
    try:
        if other.exists():
            shutil.rmtree(other)
        other.mkdir()
        Linker(root, other).link(paths)
    except OSError:
        shutil.rmtree(other, ignore_errors=True)
        return False
    return True


class Mirror:
    """Links each file into `other` (which must not exist yet) as soon as it is written, in a
    thread: the system calls wait on the disk, not on the build's processors."""

    def __init__(self, root: Path, other: Path):
        self.other = other
        self._linker = Linker(root, other)
        self._queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._failed = False
        other.mkdir()
        self._thread = threading.Thread(target=self._run, name="beat-mirror", daemon=True)
        self._thread.start()

    def add(self, path: str) -> None:
        self._queue.put(path)

    def _run(self) -> None:
        while (path := self._queue.get()) is not None:
            if not self._failed:
                try:
                    self._linker.link([path])
                except OSError:  # no hard links here, no room, or a file written twice: given up
                    self._failed = True

    def finish(self, paths: Iterable[str]) -> bool:
        """Wait for the links, make any missing for `paths` (every file the tree holds); True if
        `other` now mirrors them, else it is removed (the next build fills it the usual way)."""
        self._queue.put(None)
        self._thread.join()
        if not self._failed:
            try:
                self._linker.link(paths)
                return True
            except OSError:
                pass
        self.abandon()
        return False

    def abandon(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        shutil.rmtree(self.other, ignore_errors=True)

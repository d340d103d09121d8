"""Watch the site's sources and turn bursts of file events into one rebuild request.

Editors save through temp files and renames, and `git checkout` touches hundreds of files at
once: events are collected until the file system has been quiet for a moment, then handed
over together.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path, PurePosixPath

from watchdog.events import (
    DirModifiedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from builder.load import is_ignored_name

WATCHED_FOLDERS = ("content", "themes", "templates", "static")
WATCHED_FILES = ("site.toml",)
QUIET_SECONDS = 0.03  # a save is a burst of events within a millisecond or two; stay inside 300 ms
# Many files changing at once (a checkout, an unzip, a script) is one operation whose writer a busy
# machine can pause for tens of milliseconds: once a batch holds more than one path, it waits longer.
BURST_QUIET_SECONDS = 0.25
LONGEST_WAIT = 1.0  # a storm of events that never pauses still rebuilds this often


def is_relevant(relative: str) -> bool:
    """Whether a change to this path (relative to the site) can change the built site."""
    parts = PurePosixPath(relative).parts
    if not parts or any(is_ignored_name(part) for part in parts):
        return False
    return parts[0] in WATCHED_FOLDERS or (len(parts) == 1 and parts[0] in WATCHED_FILES)


class ChangeCollector(FileSystemEventHandler):
    """Gathers relevant changed paths; `wait()` returns them once events stop for a moment."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir.resolve()
        self._changed: set[str] = set()
        self._created: set[str] = set()  # created during the current batch
        self._lock = threading.Condition()
        self._last_event = 0.0
        self._first_event = 0.0

    def on_any_event(self, event: FileSystemEvent) -> None:
        if isinstance(event, FileOpenedEvent | FileClosedNoWriteEvent | DirModifiedEvent):
            return  # reading changes nothing; a folder's "modified" repeats its files' events
        source = self._relative(event.src_path)
        target = self._relative(getattr(event, "dest_path", "") or "")
        with self._lock:
            now = time.monotonic()
            if isinstance(event, FileMovedEvent) and source in self._created:
                # A save written as a temporary file and renamed over the story: the temporary
                # name was never content, so only the story counts as changed.
                self._changed.discard(source)
                source = None
            relevant = {path for path in (source, target) if path and is_relevant(path)}
            if not relevant:
                return
            if isinstance(event, FileCreatedEvent) and source:
                self._created.add(source)
            if not self._changed:
                self._first_event = now
            self._last_event = now
            self._changed |= relevant
            self._lock.notify_all()

    def _relative(self, path: str | bytes) -> str | None:
        text = path.decode() if isinstance(path, bytes) else path
        if not text:
            return None
        try:
            return Path(text).relative_to(self.site_dir).as_posix()
        except ValueError:
            return None

    def wait(self, stop: threading.Event, poll: float = 0.25) -> set[str]:
        """Block until changes have settled (or `stop` is set); return the changed paths."""
        with self._lock:
            while not stop.is_set():
                if self._changed:
                    now = time.monotonic()
                    quiet_for = now - self._last_event
                    waited = now - self._first_event
                    quiet_needed = QUIET_SECONDS if len(self._changed) == 1 else BURST_QUIET_SECONDS
                    if quiet_for >= quiet_needed or waited >= LONGEST_WAIT:
                        # A file made during the batch and gone already (a temporary file renamed
                        # over a story, whose rename event a busy machine delivers late) was never
                        # content: it is left out, and kept in _created so the rename is recognised.
                        self._changed -= {path for path in self._created if not os.path.lexists(self.site_dir / path)}
                        if self._changed:
                            changed, self._changed = self._changed, set()
                            self._created.clear()
                            return changed
                        continue
                    self._lock.wait(min(quiet_needed - quiet_for, LONGEST_WAIT - waited))
                else:
                    # A bounded wait, so a stop request is noticed within `poll` seconds.
                    self._lock.wait(poll)
        return set()

    def add(self, paths: set[str]) -> None:
        """Record changes as the watcher would (the rebuild-race test reports a save this way)."""
        with self._lock:
            self._first_event = self._last_event = time.monotonic()
            self._changed |= paths
            self._lock.notify_all()


class Watcher:
    """A watchdog observer on the site's root (for site.toml) and each of its source folders.

    Watching the whole site would also watch public/, .git and virtual environments: thousands
    of folders, each an inotify watch.
    """

    def __init__(self, site_dir: Path, collector: ChangeCollector):
        self.site_dir = site_dir.resolve()
        self.collector = collector
        self.observer = Observer()
        self.observer.daemon = True
        self._watched: set[str] = set()

    def start(self) -> None:
        self.observer.schedule(self.collector, str(self.site_dir), recursive=False)
        self.watch_new_folders()
        self.observer.start()

    def watch_new_folders(self) -> None:
        """Schedule folders created since the start (a new templates/, say)."""
        for name in WATCHED_FOLDERS:
            folder = self.site_dir / name
            if name not in self._watched and folder.is_dir():
                self.observer.schedule(self.collector, str(folder), recursive=True)
                self._watched.add(name)

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=2)

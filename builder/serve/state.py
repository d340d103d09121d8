"""What the preview serves: a `Snapshot`, an immutable map of output paths with the build's
problems, replaced whole after each rebuild (`PreviewState.publish`), so a request never sees
half a build. server.py answers requests from it; session.py and indexer.py publish to it."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote

from builder.outputs import OutputFile
from builder.problems import Problem
from builder.search import INDEX_DIR

SNAPSHOTS_KEPT = 8  # recent snapshots, to tell a live-reload client whether what it shows changed
# Files no page loads while it is shown (other pages, feeds, open data, the sitemap): a change to
# them alone leaves every other page as it looks.
_DOCUMENT_SUFFIXES = (".html", ".xml", ".json", ".csv", ".txt")


@dataclass(frozen=True, slots=True)
class Snapshot:
    files: Mapping[str, OutputFile] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    epoch: int = 0
    built: bool = False  # False until a build succeeds: then there is no site to show, only problems
    # Files of the output `PreviewState.replace_folder` replaced last, answered only where `files`
    # has nothing: not part of the site (a clean build has none of them).
    superseded: Mapping[str, OutputFile] = field(default_factory=dict)
    report: Callable[[], bytes] | None = None  # the report page of the build that made this snapshot


def report_maker(result) -> Callable[[], bytes]:
    """The report page of a build's result, made the first time it is asked for (a rebuild does
    not wait for it), then kept with the snapshot."""
    from builder.report import from_build
    from builder.reportpage import report_page

    now = datetime.now(UTC)
    return functools.cache(lambda: report_page(from_build(result, now)).encode())


class PreviewState:
    """What is being served. `publish()` swaps in a new snapshot and wakes every live-reload client."""

    def __init__(self) -> None:
        self._snapshot = Snapshot()
        self._changed = threading.Condition()
        self.closing = threading.Event()
        self._replaced: dict[str, dict[str, OutputFile]] = {}  # folder -> what replace_folder put there last
        self._recent: dict[int, Snapshot] = {0: self._snapshot}  # by epoch, the last SNAPSHOTS_KEPT
        self._loaded_changed: dict[tuple[int, int], bool] = {}  # see shows_differently

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def publish(
        self, files: Mapping[str, OutputFile] | None, problems: tuple[Problem, ...], report: Callable[[], bytes] | None = None
    ) -> Snapshot:
        """New files (or None to keep serving the last good ones), the current problems and report."""
        with self._changed:
            current = self._snapshot
            if files is None:
                self._snapshot = Snapshot(current.files, problems, current.epoch + 1, current.built, current.superseded, report)
            else:
                self._snapshot = Snapshot(files, problems, current.epoch + 1, True, current.superseded, report)
            self._remember(self._snapshot)
            self._changed.notify_all()
            return self._snapshot

    def replace_folder(self, epoch: int, folder: str, files: Mapping[str, OutputFile]) -> bool:
        """Serve `files` as everything under `folder` in the snapshot of `epoch`, without waking
        the clients: for output made after the pages (the search index). False, and nothing
        changes, if a newer build is being served by now.

        The files the last replacement put there and `files` does not have are still answered
        until the next replacement (`Snapshot.superseded`): a page that read the last index's entry file fetches that index's
        content-hashed chunks afterwards, one by one, and must not find them gone (the search
        preview test failed that way under load)."""
        with self._changed:
            current = self._snapshot
            if current.epoch != epoch:
                return False
            kept = {path: output for path, output in current.files.items() if not path.startswith(folder)}
            superseded = {path: output for path, output in self._replaced.get(folder, {}).items() if path not in files}
            self._snapshot = Snapshot({**kept, **files}, current.problems, epoch, current.built, superseded, current.report)
            self._replaced[folder] = dict(files)
            self._remember(self._snapshot)
            return True

    def _remember(self, snapshot: Snapshot) -> None:
        self._recent[snapshot.epoch] = snapshot
        for epoch in sorted(self._recent)[:-SNAPSHOTS_KEPT]:
            del self._recent[epoch]
        self._loaded_changed = {pair: changed for pair, changed in self._loaded_changed.items() if pair[0] in self._recent}

    def shows_differently(self, old_epoch: int, new_epoch: int, request_path: str) -> bool:
        """Whether the page at `request_path`, loaded from the snapshot of `old_epoch`, would look
        different from that of `new_epoch`: its own file, the problems banner, or anything a page
        loads as it is shown (style sheets, scripts, pictures, the search index) changed. True when
        either snapshot is no longer known. A tab reloads only then: an edit to one story does not
        reload every open page, nor the story's own page twice (see session.py, its page first)."""
        with self._changed:
            old, new = self._recent.get(old_epoch), self._recent.get(new_epoch)
            if old is None or new is None:
                return True
            if (old.built, old.problems) != (new.built, new.problems):
                return True
            if not _same(_shown(old.files, request_path), _shown(new.files, request_path)):
                return True
            pair = (old_epoch, new_epoch)
            if pair not in self._loaded_changed:
                self._loaded_changed[pair] = _loaded_files_changed(old.files, new.files)
            return self._loaded_changed[pair]

    def wait_for_epoch_after(self, epoch: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self._snapshot.epoch != epoch or self.closing.is_set(), timeout)
            return self._snapshot.epoch

    def close(self) -> None:
        self.closing.set()
        with self._changed:
            self._changed.notify_all()


def lookup(files: Mapping[str, OutputFile], request_path: str) -> OutputFile | str | None:
    """The output for a request path, a redirect target (str), or None."""
    path = unquote(request_path)
    if not path.startswith("/") or "\0" in path:
        return None
    relative = path[1:]
    if relative == "" or relative.endswith("/"):
        return files.get(relative + "index.html")
    if relative in files:
        return files[relative]
    if relative + "/index.html" in files:
        return request_path + "/"
    return None


def _shown(files: Mapping[str, OutputFile], request_path: str) -> OutputFile | str | None:
    """What a request path is answered with: its file, a redirect, or the site's 404 page."""
    return lookup(files, request_path) or files.get("404.html")


def _same(old: OutputFile | str | None, new: OutputFile | str | None) -> bool:
    """The same bytes served: a page is compared by its bytes (two builds may stamp it apart)."""
    if old is new:
        return True
    if not isinstance(old, OutputFile) or not isinstance(new, OutputFile):
        return old == new
    if old.copy_from is None and new.copy_from is None:
        return old.path == new.path and old.data == new.data
    return old.path == new.path and old.copy_from == new.copy_from and old.stamp == new.stamp and old.stamp is not None


def _is_loaded_by_pages(path: str) -> bool:
    return path.startswith(f"{INDEX_DIR}/") or not path.endswith(_DOCUMENT_SUFFIXES)


def _loaded_files_changed(old: Mapping[str, OutputFile], new: Mapping[str, OutputFile]) -> bool:
    for path, output in new.items():
        if _is_loaded_by_pages(path) and not _same(old.get(path), output):
            return True
    return any(_is_loaded_by_pages(path) and path not in new for path in old)

"""What the preview serves: a `Snapshot`, an immutable map of output paths with the build's
problems, replaced whole after each rebuild (`PreviewState.publish`), so a request never sees
half a build, and what each build changed, so a live-reload client is told to reload only when
what it shows changed (`shows_differently`). server.py answers requests from it; session.py and
indexer.py publish to it."""

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

STEPS_KEPT = 16  # what the last rebuilds changed, to tell a live-reload client whether what it shows did
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
        # By epoch, what changed from the snapshot before: the last STEPS_KEPT. Not the snapshots
        # themselves: after a template edit, each would hold another copy of every page.
        self._steps: dict[int, _Step] = {}
        self._index_replaced = False  # replace_folder ran since the last publish

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
            self._steps[self._snapshot.epoch] = _step(current, self._snapshot, self._index_replaced)
            self._index_replaced = False
            for epoch in sorted(self._steps)[:-STEPS_KEPT]:
                del self._steps[epoch]
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
            self._index_replaced = True  # the search page may have loaded the index before: told at the next build
            return True

    def shows_differently(self, old_epoch: int, new_epoch: int, request_path: str) -> bool:
        """Whether the page at `request_path`, loaded from the snapshot of `old_epoch`, would look
        different from that of `new_epoch`: its own file, the problems banner, or anything a page
        loads as it is shown (style sheets, scripts, pictures, the search index) changed in some
        build between them. True when a build between them is no longer remembered. A tab reloads
        only then: an edit to one story does not reload every open page, nor the story's own page
        twice (see storyfirst.py, its page first)."""
        answering = _answering(request_path)
        with self._changed:
            for epoch in range(old_epoch + 1, new_epoch + 1):
                step = self._steps.get(epoch)
                if step is None or step.everywhere or not answering.isdisjoint(step.files):
                    return True
            return new_epoch < old_epoch

    def changed_in(self, epoch: int) -> frozenset[str] | None:
        """The paths the build of `epoch` added, removed or changed the bytes of; None if forgotten."""
        with self._changed:
            step = self._steps.get(epoch)
            return step.files if step is not None else None

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
    relative = _relative(request_path)
    if relative is None:
        return None
    if relative == "" or relative.endswith("/"):
        return files.get(relative + "index.html")
    if relative in files:
        return files[relative]
    if relative + "/index.html" in files:
        return request_path + "/"
    return None


def _relative(request_path: str) -> str | None:
    """A request path as a path in the output, without its leading slash; None if it cannot be one."""
    path = unquote(request_path)
    if not path.startswith("/") or "\0" in path:
        return None
    return path[1:]


@dataclass(frozen=True, slots=True)
class _Step:
    """What a build changed from the snapshot before it."""

    files: frozenset[str]  # paths added, removed, or served with other bytes
    everywhere: bool  # the problems, or a file pages load as they are shown (every page may look different)


def _step(old: Snapshot, new: Snapshot, index_replaced: bool) -> _Step:
    before, after = old.files, new.files
    changed = [path for path, output in after.items() if (was := before.get(path)) is not output and not _same(was, output)]
    changed += [path for path in before if path not in after]
    everywhere = (old.built, old.problems) != (new.built, new.problems) or index_replaced
    return _Step(frozenset(changed), everywhere or any(map(_is_loaded_by_pages, changed)))


def _answering(request_path: str) -> frozenset[str]:
    """The files that may answer a request path (see lookup): its file, the folder page it is
    sent on to, or the 404 page."""
    relative = _relative(request_path)
    if relative is None:
        return frozenset({"404.html"})
    if relative == "" or relative.endswith("/"):
        return frozenset({relative + "index.html", "404.html"})
    return frozenset({relative, relative + "/index.html", "404.html"})


def _same(old: OutputFile | None, new: OutputFile | None) -> bool:
    """The same bytes served: a page is compared by its bytes (two builds may stamp it apart)."""
    if old is None or new is None:
        return old is new
    if old.copy_from is None and new.copy_from is None:
        return old.path == new.path and old.data == new.data
    return old.path == new.path and old.copy_from == new.copy_from and old.stamp == new.stamp and old.stamp is not None


def _is_loaded_by_pages(path: str) -> bool:
    return path.startswith(f"{INDEX_DIR}/") or not path.endswith(_DOCUMENT_SUFFIXES)

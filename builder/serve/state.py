"""What the preview serves: a `Snapshot`, an immutable map of output paths with the build's
problems, replaced whole after each rebuild (`PreviewState.publish`), so a request never sees
half a build. server.py answers requests from it; session.py and indexer.py publish to it."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from builder.outputs import OutputFile
from builder.problems import Problem


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
            return True

    def wait_for_epoch_after(self, epoch: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self._snapshot.epoch != epoch or self.closing.is_set(), timeout)
            return self._snapshot.epoch

    def close(self) -> None:
        self.closing.set()
        with self._changed:
            self._changed.notify_all()

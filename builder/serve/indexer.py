"""The preview's search index, kept up to date without delaying the reload.

A rebuild serves the new pages at once; their search index (Pagefind reads a year's story
pages, seconds in a large archive) is made afterwards in this thread, from the pages being
served, and slipped into that same snapshot without reloading the browsers. Until it lands, the
last index is served. It waits for the edits to pause (QUIET), and Pagefind runs on one thread
at a low priority, so that the next rebuild, which an editor is waiting for, is not slowed.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Mapping

from builder import search
from builder.incremental import Memory
from builder.model import Site
from builder.outputs import OutputFile
from builder.problems import Problem
from builder.serve.state import PreviewState

QUIET = 1.0  # seconds without a rebuild before indexing starts


class SearchIndexer:
    def __init__(self, state: PreviewState, say: Callable[[str], None], quiet: float = QUIET):
        self.state = state
        self.say = say
        self.quiet = quiet
        self.memory = Memory()  # this thread's own: a year's index is reused while its story pages are unchanged
        self._wake = threading.Condition()
        self._pending: tuple[Site, int] | None = None
        self._working = False
        self._stopping = False
        self._cancel = threading.Event()  # stops a Pagefind run when the preview closes
        self._thread = threading.Thread(target=self._run, name="beat-search-indexer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self, site: Site, epoch: int) -> None:
        """Index the story pages of `site`, as served in the snapshot of `epoch`."""
        with self._wake:
            self._pending = (site, epoch)
            self._wake.notify_all()

    def settle(self, timeout: float) -> bool:
        """Wait until every requested index is made; False if that took longer than `timeout`."""
        with self._wake:
            return self._wake.wait_for(lambda: self._pending is None and not self._working, timeout)

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._cancel.set()
            self._wake.notify_all()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._pending is not None or self._stopping)
                while not self._stopping:  # until no newer request came for `quiet` seconds
                    seen = self._pending
                    if not self._wake.wait_for(lambda seen=seen: self._pending is not seen or self._stopping, self.quiet):
                        break
                if self._stopping:
                    return
                assert self._pending is not None
                site, epoch = self._pending
                self._pending, self._working = None, True
            try:
                self._serve_index_of(site, epoch)
            except Exception as exc:  # noqa: BLE001 - this thread must outlive one failed index, or search stays stale for good
                self.say(
                    f"{search.OWNER}: error: the search index was not made ({type(exc).__name__}: {exc}); the last one is served"
                )
            finally:
                with self._wake:
                    self._working = False
                    self._wake.notify_all()

    def _serve_index_of(self, site: Site, epoch: int) -> None:
        snapshot = self.state.snapshot
        if snapshot.epoch != epoch:
            return  # superseded: a newer request is on its way
        started = time.perf_counter()
        made, problems = self._index(site, snapshot.files)
        if self._cancel.is_set():
            return
        for problem in problems:
            self.say(str(problem))
        if not problems and self.state.replace_folder(epoch, f"{search.INDEX_DIR}/", made):
            self.say(f"search index ready in {(time.perf_counter() - started) * 1000:.0f} ms")

    def _index(self, site: Site, files: Mapping[str, OutputFile]) -> tuple[dict[str, OutputFile], list[Problem]]:
        made: dict[str, OutputFile] = {}

        def keep(output: OutputFile) -> None:
            made[output.path] = output

        shards = search.shard_jobs(site, files.get, None)
        index = functools.partial(search.index_shards, streamed=False, background=self._cancel)
        problems = self.memory.produce(shards, index, keep, scope="search", stand_ins=self.memory.stand_ins(site))
        return made, problems

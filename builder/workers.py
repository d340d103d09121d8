"""Work spread over worker processes: the one process-pool helper (parsing, story pages).

Workers are started with "spawn": the preview server has threads running, and forking a
threaded process is unsafe.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from typing import Any


def chunks(items: Sequence, workers: int, per_worker: int) -> list[Sequence]:
    """Contiguous chunks, several per worker, so an uneven one does not leave a core idle."""
    size = max(1, math.ceil(len(items) / (workers * per_worker)))
    return [items[start : start + size] for start in range(0, len(items), size)]


def shrinking_chunks(items: Sequence, workers: int, smallest: int) -> list[Sequence]:
    """Contiguous chunks, each a fixed share of what is left (no smaller than `smallest`): large
    ones first, few to hand out, small ones last, so that the processes end nearly together."""
    found, start = [], 0
    while start < len(items):
        size = max(smallest, math.ceil((len(items) - start) / (4 * workers)))
        found.append(items[start : start + size])
        start += size
    return found


class Batches:
    """`work(*shared, chunk)` for each chunk in worker processes; results are gathered in the
    chunks' order. The pool is closed when results() ends or on close().

    Helped (`helped=True`): the calling process is one of the workers. Only a chunk more than
    `workers` is handed out at once, the next one as one ends, and results() does itself the
    chunks not yet handed out when it gets to them. So a process with work of its own (the main
    process makes the listings and feeds while workers render story pages) takes its share of
    the chunks only when it is free, and one process fewer is started and fed."""

    def __init__(self, work: Callable[..., list], shared: tuple, chunked: list[Sequence], workers: int, *, helped: bool = False):
        # Imported here: a build that starts no workers (an edit, a rebuild with nothing changed)
        # saves the 20-30 ms of importing them.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._work = work
        self._shared = shared
        self._chunks = chunked
        self._futures: list[Future | None] = [None] * len(chunked)
        self._handed = 0  # chunks before this one are handed out, or taken by this process
        self._lock = threading.Lock()
        self._closed = False
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=end_with_parent,
            initargs=(os.getpid(),),
        )
        try:
            # Helped, one chunk more than the workers: a worker that ends a chunk finds the next
            # one waiting, not handed out only when this process next has the interpreter.
            for _ in range(workers + 1 if helped else len(chunked)):
                self._hand_out(chain=helped)
        except BaseException:
            self.close()
            raise

    def _hand_out(self, chain: bool) -> None:
        """Hand the next chunk to the pool; chained, its end hands out the one after it."""
        with self._lock:
            if self._closed or self._handed >= len(self._chunks):
                return
            index = self._handed
            self._handed += 1
            future = self._pool.submit(self._work, *self._shared, self._chunks[index])
            self._futures[index] = future
        if chain:
            future.add_done_callback(self._chained)

    def _chained(self, ended: Future) -> None:
        # In the pool's own thread. A pool that broke or is shutting down takes no more; the
        # chunks not handed out are done by this process, or dropped by close().
        if not ended.cancelled() and ended.exception() is None:
            with contextlib.suppress(RuntimeError):  # shut down meanwhile
                self._hand_out(chain=True)

    def _take(self) -> int | None:
        """The next chunk not handed out, taken by this process; None if there is none."""
        with self._lock:
            if self._closed or self._handed >= len(self._chunks):
                return None
            self._handed += 1
            return self._handed - 1

    def results(self) -> Iterator[Any]:
        """Each chunk's results, one by one, in order; then the workers stop. While the next
        chunk in order is still being worked on, this process does a chunk not handed out yet."""
        done_here: dict[int, list] = {}
        try:
            for index in range(len(self._chunks)):
                while index not in done_here:
                    with self._lock:
                        future = self._futures[index]
                    if future is not None and future.done():
                        break
                    taken = self._take()  # this one if it is not handed out, else a later one
                    if taken is None:
                        break  # every chunk is handed out: wait for this one
                    done_here[taken] = self._work(*self._shared, self._chunks[taken])
                if index in done_here:
                    yield from done_here.pop(index)
                elif (future := self._futures[index]) is not None:
                    yield from future.result()
                else:
                    raise RuntimeError("the workers were stopped while their results were being gathered")
        finally:
            self.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)


def end_with_parent(parent: int, every: float = 0.5) -> None:
    """In a worker: exit as soon as the process that started it is gone, however it ended (a
    `kill -9` of `beat build` runs no code of Beat's to stop its workers)."""

    def watch() -> None:
        while not stopped.wait(every):
            if os.getppid() != parent:  # the parent died: the worker was handed to another process
                os._exit(1)

    stopped = threading.Event()
    threading.Thread(target=watch, name="beat-parent-watch", daemon=True).start()


def run_all(work: Callable[..., list], shared: tuple, items: Sequence, workers: int, per_worker: int) -> list:
    """`work(*shared, chunk)` over `items` in `workers` processes; the results in order."""
    return list(Batches(work, shared, chunks(items, workers, per_worker), workers).results())

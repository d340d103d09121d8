"""Work spread over worker processes: the one process-pool helper (parsing, story pages).

Workers are started with "spawn": the preview server has threads running, and forking a
threaded process is unsafe.
"""

from __future__ import annotations

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


class Batches:
    """`work(*shared, chunk)` for each chunk in worker processes, started at once; results are
    gathered in the chunks' order. The pool is closed when results() ends or on close()."""

    def __init__(self, work: Callable[..., list], shared: tuple, chunked: list[Sequence], workers: int):
        # Imported here: a build that starts no workers (an edit, a rebuild with nothing changed)
        # saves the 20-30 ms of importing them.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=end_with_parent,
            initargs=(os.getpid(),),
        )
        try:
            self._futures: list[Future] = [self._pool.submit(work, *shared, chunk) for chunk in chunked]
        except BaseException:
            self.close()
            raise

    def results(self) -> Iterator[Any]:
        """Each chunk's results, one by one, in order; then the workers stop."""
        try:
            for future in self._futures:
                yield from future.result()
        finally:
            self.close()

    def close(self) -> None:
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

"""Work that runs in a thread beside the build, and hands its outputs over when the build asks.

The search index is made from the story pages alone, so Pagefind can index them while the
feeds, the open data and the pictures are made. Its outputs must still reach the output tree in
the order a build without the thread would use (a path claimed twice is reported against the
first claim, and the output tree is written from one thread), so the thread does not write
them: it hands each one to the build's thread, and waits until that thread has taken it where
the item points at a file the work removes next (a shard's files, once the next is made).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Abandoned(Exception):
    """Raised inside the thread's work when the build stopped waiting for it."""


class Beside(Generic[Item, Result]):
    """`work(hand)` started in a thread at once; `take(emit)` later gives each item the work
    handed (`hand(item, wait=...)`), in order, to `emit` on the calling thread, and returns the
    work's result.

    Used as a context manager: leaving it without `take` (the build raised) stops the work at
    its next hand-over and waits for it, so nothing of it outlives the build.
    """

    def __init__(self, work: Callable[[Callable[[Item], None]], Result], name: str = "beat-beside") -> None:
        self._handed: queue.SimpleQueue = queue.SimpleQueue()  # (what, payload): to the build's thread
        self._taken: queue.SimpleQueue = queue.SimpleQueue()  # one None per item taken: back to the work
        self._abandoned = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(work,), name=name, daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[Callable[[Item], None]], Result]) -> None:
        try:
            result = work(self._hand)
        except BaseException as exc:  # noqa: BLE001 - raised again on the build's thread by take()
            self._handed.put(("failed", exc))
        else:
            self._handed.put(("finished", result))

    def _hand(self, item: Item, *, wait: bool = True) -> None:
        """Hand `item` to the build's thread; with `wait`, return once it (and each item before
        it) has been taken. Not waiting saves two thread switches an item: ten thousand items
        handed one by one cost a few tenths of a second."""
        if self._abandoned.is_set():
            raise Abandoned
        self._handed.put(("waited for" if wait else "item", item))
        if wait:
            self._taken.get()  # the build has it: the work may go on (and remove what the item points to)
            if self._abandoned.is_set():
                raise Abandoned

    def take(self, emit: Callable[[Item], None]) -> Result:
        """Each item as the work hands it to `emit`, until the work ends; its result (or its exception)."""
        while True:
            what, payload = self._handed.get()
            if what == "finished":
                return payload
            if what == "failed":
                raise payload
            try:
                emit(payload)
            finally:
                if what == "waited for":
                    self._taken.put(None)

    def abandon(self) -> None:
        """Stop the work at its next hand-over, and wait until it has stopped."""
        self._abandoned.set()
        self._taken.put(None)  # a work waiting for its item to be taken goes on, and stops
        self._thread.join()

    def __enter__(self) -> Beside[Item, Result]:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None) -> None:
        if self._thread.is_alive() or not self._handed.empty():
            self.abandon()

"""workers.Batches: results in order, and a helped pool whose caller does its share."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from builder import workers


def _tagged(flag: str, test_process: int, chunk: list[int]) -> list[tuple[int, int]]:
    """Each item with the process that did it. The first chunk (a worker's) waits until the
    test's own process has done a chunk: it ends only if the caller helps while a worker works."""
    here = os.getpid()
    if here == test_process:
        Path(flag).touch()
    elif chunk[0] == 0:
        give_up = time.monotonic() + 60
        while not Path(flag).exists():
            if time.monotonic() > give_up:
                raise TimeoutError("the calling process never took a chunk")
            time.sleep(0.01)
    return [(item, here) for item in chunk]


def _failing(bad: int, chunk: list[int]) -> list[int]:
    if bad in chunk:
        raise ValueError(f"item {bad}")
    return list(chunk)


@pytest.mark.parametrize(
    "items, workers_count, smallest", [(range(1000), 2, 7), (range(5), 3, 1), (range(1), 1, 50), (range(0), 2, 5)]
)
def test_shrinking_chunks_cover_every_item_once_in_order_largest_first(items, workers_count, smallest):
    found = workers.shrinking_chunks(list(items), workers_count, smallest)
    assert [item for chunk in found for item in chunk] == list(items)
    sizes = [len(chunk) for chunk in found]
    assert sizes == sorted(sizes, reverse=True)
    assert all(size >= smallest for size in sizes[:-1])


def test_a_helped_pool_gives_every_result_in_order_and_its_caller_does_a_share(tmp_path):
    chunked = workers.shrinking_chunks(list(range(400)), 2, smallest=10)
    flag = str(tmp_path / "helped")
    batches = workers.Batches(_tagged, (flag, os.getpid()), chunked, 1, helped=True)
    results = list(batches.results())
    assert [item for item, _ in results] == list(range(400))
    by = {process for _, process in results}
    assert os.getpid() in by and len(by) == 2  # the caller, and the one worker


def test_without_help_every_chunk_goes_to_the_workers(tmp_path):
    chunked = workers.chunks(list(range(60)), 2, per_worker=3)
    flag = tmp_path / "helped"
    flag.touch()  # the first chunk need not wait
    results = list(workers.Batches(_tagged, (str(flag), os.getpid()), chunked, 2).results())
    assert [item for item, _ in results] == list(range(60))
    assert os.getpid() not in {process for _, process in results}


@pytest.mark.parametrize("bad", [0, 399])  # in the first chunk (a worker's) and in the last (the caller's, or a worker's)
def test_a_failing_chunk_fails_the_results_wherever_it_ran(bad):
    chunked = workers.shrinking_chunks(list(range(400)), 2, smallest=10)
    with pytest.raises(ValueError, match=f"item {bad}"):
        list(workers.Batches(_failing, (bad,), chunked, 1, helped=True).results())

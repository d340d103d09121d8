"""Search shards indexed side by side stay within a bound on the stories Pagefind holds at once
(its memory grows with them), and still run side by side when they fit."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from builder import search
from builder.search import IndexedPage, ShardJob


def shard(name: str, stories: int) -> ShardJob:
    return ShardJob(f"pagefind/{name}/", name, [IndexedPage(f"stories/{name}-{n}/index.html", n, b"") for n in range(stories)])


def run_shards(monkeypatch, tmp_path: Path, sizes: list[int], partner_within: float) -> list[int]:
    """Index two fake shards with two workers, each waiting up to `partner_within` seconds for
    the other to start beside it; the stories in flight seen as each shard started."""
    in_flight, seen, lock = [0], [], threading.Lock()
    both_started = threading.Barrier(2)

    def fake_index(folder: Path, pages: list, background, started) -> str:
        with lock:
            in_flight[0] += len(pages)
            seen.append(in_flight[0])
        with contextlib.suppress(threading.BrokenBarrierError):  # the other one did not start beside it
            both_started.wait(timeout=partner_within)
        with lock:
            in_flight[0] -= len(pages)
        return "not indexed in this test"

    monkeypatch.setattr(search, "_index", fake_index)
    list(
        search.index_shards(
            [shard(f"s{n}", size) for n, size in enumerate(sizes)], streamed=False, workers=2, work_dir=tmp_path / "w"
        )
    )
    return seen


def test_shards_that_would_exceed_the_bound_together_are_indexed_one_after_the_other(monkeypatch, tmp_path):
    sizes = [search.MAX_STORIES_PER_SHARD, search.STORIES_AT_ONCE - search.MAX_STORIES_PER_SHARD + 1]
    # Without the bound the second starts beside the first well within these seconds, even on a busy machine.
    seen = run_shards(monkeypatch, tmp_path, sizes, partner_within=3)
    assert len(seen) == 2
    assert max(seen) <= search.STORIES_AT_ONCE


def test_shards_that_fit_together_are_indexed_side_by_side(monkeypatch, tmp_path):
    half = search.STORIES_AT_ONCE // 2
    seen = run_shards(monkeypatch, tmp_path, [half, half], partner_within=60)
    assert max(seen) == 2 * half


def test_one_shard_larger_than_the_bound_still_runs():
    jobs = [shard("big", 25), shard("small", 5)]
    made = list(search.within_budget(jobs, lambda job: job.name, workers=2, budget=10))
    assert sorted(name for _, name in made) == ["big", "small"]


def test_a_free_place_goes_to_the_largest_shard_that_fits():
    # With 600 stories being indexed and room for 100 more, the 100 runs beside the 600: taken in
    # the order given, the 500 would wait for the 600 and hold up the second place.
    small_started = threading.Event()

    def index(job: ShardJob) -> str:
        if len(job.pages) == 100:
            small_started.set()
        elif len(job.pages) == 600:
            assert small_started.wait(timeout=30), "the small shard did not start beside the large one"
        return job.name

    jobs = [shard("large", 600), shard("middle", 500), shard("small", 100)]
    made = list(search.within_budget(jobs, index, workers=2, budget=700))
    assert sorted(name for _, name in made) == ["large", "middle", "small"]


def test_a_shard_whose_pages_cannot_be_copied_is_reported_and_the_others_are_indexed(monkeypatch, tmp_path):
    written = tmp_path / "tree" / "stories" / "kept" / "index.html"
    written.parent.mkdir(parents=True)
    written.write_text("<html></html>")
    kept = ShardJob("pagefind/2026/", "2026", [IndexedPage("stories/kept/index.html", 1, written)])
    gone = ShardJob("pagefind/2025/", "2025", [IndexedPage("stories/gone/index.html", 2, tmp_path / "tree" / "missing.html")])
    ran = []

    def fake_run(site: Path, bundle: Path, **options) -> None:
        ran.append(sorted(str(page.relative_to(site)) for page in site.rglob("*.html")))
        bundle.mkdir()

    monkeypatch.setattr(search.pagefind, "run", fake_run)
    made = list(search.index_shards([kept, gone], streamed=False, workers=2, work_dir=tmp_path / "w"))
    assert ran == [["stories/kept/index.html"]]  # Pagefind never ran on the shard whose page is gone
    problems = [problem for _, _, problem in made if problem]
    assert len(problems) == 1
    assert "could not build the search index (2025): could not copy the story pages for Pagefind" in problems[0].message


def test_a_freed_place_takes_the_next_shard_before_the_finished_one_is_handed_on():
    # The caller handles each finished shard (hundreds of files, taken one by one by the build's
    # thread); meanwhile the place it held indexes the next shard rather than waiting for the caller.
    second_started = threading.Event()

    def index(job: ShardJob) -> str:
        if job.name == "second":
            second_started.set()
        return job.name

    made = search.within_budget([shard("first", 20), shard("second", 10)], index, workers=1, budget=100)
    _, result = next(made)
    assert result == "first"
    # The second result is not asked for yet: the second shard starts all the same.
    assert second_started.wait(timeout=30), "the freed place waited for the caller"
    assert [result for _, result in made] == ["second"]

"""Search indexes of a bounded size, whatever the dates, with boundaries that stay put."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from builder import pagefind, search
from builder.model import Card, Site
from builder.pipeline import BuildOptions, build
from tests.cache.test_build_cache import tree
from tests.conftest import NOW, story
from tests.e2e.test_search import index_pages, page_counts

START = datetime(2026, 1, 1, tzinfo=UTC)


def one_year(count: int, offset: int = 0) -> list[Card]:
    """`count` stories in 2026, newest first, as the index orders them."""
    cards = [
        Card(f"story-{n}", f"Story {n}", START + timedelta(minutes=n), "Police", (), (), "", f"content/stories/{n}.md")
        for n in range(offset, offset + count)
    ]
    return sorted(cards, key=lambda c: c.date, reverse=True)


def site_of(cards: list[Card]) -> Site:
    return Site(stories=tuple(cards), departments={}, tags={}, pages=(), by_year={2026: tuple(cards)})


def test_a_year_of_thousands_of_stories_is_split_into_bounded_shards():
    shards = search.shards_of(site_of(one_year(5000)))
    sizes = [len(stories) for _, stories in shards]
    assert sum(sizes) == 5000 and len(shards) >= 5
    assert max(sizes) <= search.MAX_STORIES_PER_SHARD
    assert len({name for name, _ in shards}) == len(shards)
    assert shards[-1][0] == "2026", "the year's oldest shard is named after the year"
    assert shards[0][1][0].slug == "story-4999", "newest first"


def test_new_stories_leave_the_older_shards_as_they_were():
    before = dict(search.shards_of(site_of(one_year(3000))))
    after = dict(search.shards_of(site_of(one_year(3100))))  # a hundred newer stories
    changed = {name for name in after if before.get(name) != after[name]}
    assert len(changed) <= 2, changed  # the newest shard grows (and may split)
    assert all(name in after for name in before if name not in changed)


def test_an_old_story_added_changes_only_its_own_shard():
    cards = one_year(3000)
    before = dict(search.shards_of(site_of(cards)))
    old = Card("story-old", "Old", START - timedelta(days=1, minutes=-1), "Police", (), (), "", "content/stories/old.md")
    after = dict(search.shards_of(site_of(sorted([*cards, old], key=lambda c: c.date, reverse=True))))
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    assert len(changed) <= 2, changed


def stories_in(month: str, count: int) -> dict[str, str]:
    """`count` story files dated within `month` ("2026-02"), a word of its own in each."""
    return {
        f"content/stories/s{n:02}.md": story(title=f"Story {n}", date=f"{month}-{n % 28 + 1:02d}", body=f"Word{n} here.")
        for n in range(count)
    }


def bundles_of(site) -> list[str]:
    """The search page's indexes, newest first."""
    return re.search(r'data-bundles="([^"]+)"', site.read("search/index.html")).group(1).split()


@pytest.fixture
def small_shards(monkeypatch):
    monkeypatch.setattr(search, "STORIES_PER_SHARD", 4)
    monkeypatch.setattr(search, "MAX_STORIES_PER_SHARD", 6)


def test_a_site_with_many_shards_indexes_every_story_once_and_an_edit_indexes_one_shard(make_site, small_shards, monkeypatch):
    site = make_site(stories_in("2026-02", 30))
    options = BuildOptions(out_dir=site.public, disk_cache=True, now=NOW)
    assert build(site.root, options).ok
    counts = page_counts(site.public)
    assert len(counts) >= 5 and sum(counts.values()) == 30 and max(counts.values()) <= 6
    assert len(index_pages(site.public)) == 30
    search_page = site.read("search/index.html")
    assert all(f"/pagefind/{name}/" in search_page for name in counts)

    runs: list[int] = []
    real_run = pagefind.run
    monkeypatch.setattr(pagefind, "run", lambda site, index, **options: runs.append(1) or real_run(site, index, **options))
    assert build(site.root, options).ok and runs == [], "nothing changed: every shard is reused"
    site.write({"content/stories/s07.md": story(title="Story 7", date="2026-02-08", body="Changed words.")})
    assert build(site.root, options).ok
    assert runs == [1], "one shard indexed again"
    clean = site.root.parent / "clean"
    assert build(site.root, BuildOptions(out_dir=clean, now=NOW)).ok
    assert tree(site.public) == tree(clean)


def interface_files(public, bundle: str) -> list[str]:
    folder = public / bundle.strip("/")
    return sorted(f.name for f in folder.iterdir() if f.is_file() and not search.is_index_file(f.name))


def test_only_the_newest_shard_holds_the_search_interface_and_it_moves_with_the_newest(make_site, small_shards):
    site = make_site(stories_in("2025-03", 20))
    options = BuildOptions(out_dir=site.public, disk_cache=True, now=NOW)
    assert build(site.root, options).ok
    bundles = bundles_of(site)
    assert len(bundles) >= 3
    newest = interface_files(site.public, bundles[0])
    assert {"pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"} <= set(newest)
    for bundle in bundles[1:]:
        assert interface_files(site.public, bundle) == [], bundle
        assert (site.public / bundle.strip("/") / "pagefind-entry.json").is_file()

    # A story of a newer year: its shard comes first, takes the interface, and the one before gives it up.
    site.write({"content/stories/new.md": story(title="Newest", date="2026-01-05", body="Fresh words.")})
    assert build(site.root, options).ok
    after = bundles_of(site)
    assert after[0] not in bundles and after[1] == bundles[0]
    assert interface_files(site.public, after[0]) == newest
    assert interface_files(site.public, bundles[0]) == []
    clean = site.root.parent / "clean"
    assert build(site.root, BuildOptions(out_dir=clean, now=NOW)).ok
    assert tree(site.public) == tree(clean)

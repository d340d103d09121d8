"""The Pagefind search index `beat build` writes: what is in it, and what is not."""

from __future__ import annotations

import json
import random
import re
import threading
import time
from pathlib import Path

import pytest

from builder import pagefind, search
from builder.pipeline import BuildOptions, build
from tests.cache.test_build_cache import tree
from tests.conftest import NOW, story
from tests.pagefind_files import decode, encode, fragment


def index_pages(public: Path) -> dict[str, dict]:
    """Every page in the built indexes (one a year), by URL, as Pagefind stored it (text, filters, meta)."""
    pages = {}
    for file in (public / "pagefind").glob("*/fragment/*.pf_fragment"):
        page = fragment(file.read_bytes())
        assert page["url"] not in pages
        pages[page["url"]] = page
    return pages


def page_counts(public: Path) -> dict[str, int]:
    """Year -> how many pages its index says it holds."""
    counts = {}
    for file in (public / "pagefind").glob("*/pagefind-entry.json"):
        counts[file.parent.name] = json.loads(file.read_text(encoding="utf-8"))["languages"]["en"]["page_count"]
    return counts


@pytest.fixture
def newsroom(make_site):
    return make_site(
        {
            "content/stories/ducks.md": story(
                title="Ducklings Rescued",
                date="2025-05-02",
                department="Cedar Point Police",
                tags=["animals"],
                summary='"Neighbours helped."',
                body="Officers lifted the grate; the zebracrossing word appears only here.",
            ),
            "content/stories/hoops.md": story(
                title="Summer Hoops", date="2026-07-01", department="Riverbend Police", tags=["youth", "sports"]
            ),
            "content/stories/draft.md": story(title="Unfinished", draft=True, body="secretdraftword"),
            "content/stories/later.md": story(title="Not Yet", date="2027-01-01", body="futureword"),
        }
    )


def test_only_published_stories_enter_the_index_with_their_text_and_filters(newsroom):
    assert newsroom.build().ok
    pages = index_pages(newsroom.public)
    assert set(pages) == {"/stories/ducks/", "/stories/hoops/"}
    assert page_counts(newsroom.public) == {"2025": 1, "2026": 1}
    ducks = pages["/stories/ducks/"]
    assert "zebracrossing" in ducks["content"]
    assert "Neighbours helped." in ducks["content"]  # the summary is searchable
    assert ducks["meta"]["title"] == "Ducklings Rescued"
    # Results show the date and department; their excerpts are cut from the story's own words.
    assert ducks["meta"]["department"] == "Cedar Point Police"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ 2025", ducks["meta"]["date"]), ducks["meta"]
    assert ducks["content"].startswith("Ducklings Rescued.")  # the title stays searchable
    assert "Cedar Point Police" not in ducks["content"]  # the kicker and byline are not
    assert ducks["filters"] == {"department": ["Cedar Point Police"], "tag": ["Animals"], "year": ["2025"]}
    assert sorted(pages["/stories/hoops/"]["filters"]["tag"]) == ["Sports", "Youth"]
    assert "min read" not in ducks["content"]
    everything = " ".join(p["content"] for p in pages.values())
    assert "secretdraftword" not in everything and "futureword" not in everything


def test_the_search_page_and_the_header_search_box(newsroom):
    assert newsroom.build().ok
    search_page = newsroom.read("search/index.html")
    assert '<script src="/pagefind/2026/pagefind-ui.js" defer></script>' in search_page
    assert 'data-bundles="/pagefind/2026/ /pagefind/2025/"' in search_page
    assert "Search needs JavaScript" in search_page
    home = newsroom.read("index.html")
    assert '<form action="/search/" method="get">' in home
    assert 'name="q"' in home


def test_with_a_base_path_the_search_assets_are_under_it(make_site):
    site = make_site({"content/stories/a.md": story(title="First")}, site_toml='base_url = "https://example.org/archive/"\n')
    assert site.build().ok
    assert 'data-bundles="/archive/pagefind/2026/"' in site.read("search/index.html")
    assert '<form action="/archive/search/" method="get">' in site.read("index.html")
    # Pagefind's result URLs are relative to the site root; its script puts the base path in
    # front, from where it was loaded (checked in a browser in tests/browser/).
    assert set(index_pages(site.public)) == {"/stories/a/"}


def test_a_deleted_story_leaves_the_index(newsroom):
    assert newsroom.build().ok
    (newsroom.root / "content/stories/hoops.md").unlink()
    assert newsroom.build().ok
    assert set(index_pages(newsroom.public)) == {"/stories/ducks/"}


def test_an_archive_without_stories_builds_with_a_search_page_that_says_so(make_site):
    site = make_site({"content/pages/about.md": "---\ntitle: About\n---\nHello.\n"})
    result = site.build()
    assert result.ok, result.problems
    assert "There are no stories to search yet." in site.read("search/index.html")
    assert "pagefind-ui.js" not in site.read("search/index.html")
    assert not (site.public / "pagefind").exists()


def test_search_can_be_turned_off(make_site):
    site = make_site({"content/stories/a.md": story()}, site_toml='base_url = "https://example.org/"\nsearch = false\n')
    assert site.build().ok
    assert not (site.public / "pagefind").exists()
    assert not (site.public / "search").exists()
    assert "<search" not in site.read("index.html")


def test_search_must_be_true_or_false(make_site):
    site = make_site({"content/stories/a.md": story()}, site_toml='base_url = "https://example.org/"\nsearch = "yes"\n')
    result = site.cli("build")
    assert result.returncode == 1
    assert 'site.toml: error: "search" must be true or false' in result.stderr


def test_a_build_that_cannot_index_says_why_and_publishes_nothing(make_site, monkeypatch, tmp_path):
    site = make_site({"content/stories/a.md": story(title="First")})
    assert site.build().ok
    published = {p: p.read_bytes() for p in site.public.rglob("*") if p.is_file()}
    (site.root / "content/stories/a.md").write_text(story(title="Second"), encoding="utf-8")
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: disk full while writing the index' >&2\nexit 3\n")
    broken.chmod(0o755)
    import pagefind_bin

    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: broken)
    result = site.build()
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "pagefind/: error: could not build the search index (2026): Error: disk full while writing the index"
    ]
    assert {p: p.read_bytes() for p in site.public.rglob("*") if p.is_file()} == published


def test_pagefind_missing_is_a_problem_not_a_traceback(make_site, monkeypatch):
    site = make_site({"content/stories/a.md": story()})
    import pagefind_bin

    def missing():
        raise FileNotFoundError("no binary")

    monkeypatch.setattr(pagefind_bin, "get_executable", missing)
    result = site.build()
    assert not result.ok
    assert "pagefind/: error: could not build the search index (2026): Pagefind is not installed" in str(result.problems[0])


def _shuffle_filters(index: Path, seed: int) -> None:
    """Rewrite the index's filters in another order, as another Pagefind run might."""
    shuffle = random.Random(seed).shuffle
    for file in index.glob("filter/*.pf_filter"):
        name, values = decode(file.read_bytes())
        shuffle(values)
        file.write_bytes(encode([name, values]))
    meta_file = next(index.glob("pagefind.*.pf_meta"))
    meta = decode(meta_file.read_bytes())
    shuffle(meta[3])
    meta_file.write_bytes(encode(meta))


def test_filters_in_any_order_give_the_same_index_files(newsroom, tmp_path):
    """Pagefind writes filters in hash-map order; Beat's index must not depend on it."""
    assert newsroom.build().ok
    site = newsroom.public

    pages = tmp_path / "pages"
    for story_page in site.glob("stories/*/index.html"):
        if 'data-pagefind-filter="year:2026"' in story_page.read_text(encoding="utf-8"):
            target = pages / story_page.relative_to(site)
            target.parent.mkdir(parents=True)
            target.write_bytes(story_page.read_bytes())

    def index_files(seed: int) -> dict[str, bytes]:
        out = tmp_path / f"run{seed}"
        pagefind.run(pages, out)  # indexes 2026's story pages again, and makes the result deterministic
        _shuffle_filters(out, seed)
        pagefind.make_deterministic(out)
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    first = index_files(1)
    assert any(path.startswith("filter/") for path in first)
    for seed in (2, 3, 4):
        assert index_files(seed) == first
    published = {
        p.relative_to(site / "pagefind/2026").as_posix(): p.read_bytes()
        for p in (site / "pagefind/2026").rglob("*")
        if p.is_file()
    }
    assert published == {path: data for path, data in first.items() if not path.startswith(search.UNUSED)}


def test_filter_values_are_sorted_so_the_interface_lists_them_in_order(newsroom):
    assert newsroom.build().ok
    for file in (newsroom.public / "pagefind").glob("*/filter/*.pf_filter"):
        _, values = decode(file.read_bytes())
        assert [v[0] for v in values] == sorted(v[0] for v in values)


def test_story_pages_with_nothing_to_index_are_explained(make_site):
    site = make_site({"content/stories/a.md": story(), "templates/story.html": "{{ story.title }}\n"})
    result = site.build()
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "pagefind/: error: could not build the search index (2026): Pagefind found no text to index in the story pages"
        " (does the theme's story.html print a whole HTML page, with data-pagefind-body on the story?)"
    ]


def test_an_edit_indexes_its_own_year_again_and_no_other(newsroom, monkeypatch):
    def cached_build():
        return build(newsroom.root, BuildOptions(out_dir=newsroom.public, disk_cache=True, now=NOW))

    assert cached_build().ok
    runs: list[set[str]] = []
    real_run = pagefind.run

    def counting_run(site: Path, index: Path, **options) -> None:
        runs.append({page.parent.name for page in site.glob("stories/*/index.html")})
        real_run(site, index, **options)

    monkeypatch.setattr(pagefind, "run", counting_run)
    assert cached_build().ok and cached_build().ok
    assert runs == [], "nothing changed: every year's index is reused"
    (newsroom.root / "content/stories/ducks.md").write_text(
        story(
            title="Ducklings Rescued",
            date="2025-05-02",
            department="Cedar Point Police",
            tags=["animals"],
            summary='"Neighbours helped."',
            body="A kayak came too.",  # only the body: the neighbouring 2026 story's page is unchanged
        ),
        encoding="utf-8",
    )
    assert cached_build().ok
    assert runs == [{"ducks"}]
    assert "kayak" in index_pages(newsroom.public)["/stories/ducks/"]["content"]
    clean = newsroom.root.parent / "clean"
    assert build(newsroom.root, BuildOptions(out_dir=clean, now=NOW)).ok
    assert tree(newsroom.public) == tree(clean)


def test_pagefind_indexes_while_the_feeds_are_made(newsroom, monkeypatch):
    """The index is made from the story pages alone: it need not wait for the feeds, open data
    and pictures (builder/beside.py). Its files are still written after theirs: the site is
    byte-identical from one build to the next."""
    from builder import feeds

    indexing = threading.Event()
    seen_while_making_feeds = []
    real_run, real_make_feeds = pagefind.run, feeds.make_feeds

    def run(site: Path, index: Path, **options) -> None:
        indexing.set()
        real_run(site, index, **options)

    def make_feeds(*args, **kwargs):
        seen_while_making_feeds.append(indexing.wait(60))  # a minute: only ever waited out when the index waits for the feeds
        yield from real_make_feeds(*args, **kwargs)

    monkeypatch.setattr(pagefind, "run", run)
    monkeypatch.setattr(feeds, "make_feeds", make_feeds)
    assert newsroom.build().ok
    assert seen_while_making_feeds == [True]
    monkeypatch.undo()
    clean = newsroom.root.parent / "again"
    assert build(newsroom.root, BuildOptions(out_dir=clean, now=NOW)).ok
    assert tree(newsroom.public) == tree(clean)


def test_pagefind_has_started_before_the_feeds_are_made(newsroom, monkeypatch):
    """The feeds hold the interpreter for long stretches (JSON, pickles in C): the search thread's
    steps before Pagefind starts would each wait for them, so the build lets Pagefind start first."""
    from builder import feeds

    order = []
    real_run, real_place, real_make_feeds = pagefind.run, search._place, feeds.make_feeds

    def place(page, target) -> None:  # a slow disk: the feeds would be made before Pagefind starts
        time.sleep(0.05)
        real_place(page, target)

    def run(site: Path, index: Path, **options) -> None:
        order.append("pagefind")
        real_run(site, index, **options)

    def make_feeds(*args, **kwargs):
        order.append("feeds")
        yield from real_make_feeds(*args, **kwargs)

    monkeypatch.setattr(search, "_place", place)
    monkeypatch.setattr(pagefind, "run", run)
    monkeypatch.setattr(feeds, "make_feeds", make_feeds)
    assert newsroom.build().ok
    assert "feeds" in order and order.index("pagefind") < order.index("feeds")

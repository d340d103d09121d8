"""The Pagefind search index `beat build` writes: what is in it, and what is not."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from builder import pagefind
from tests.conftest import story
from tests.pagefind_files import decode, encode, fragment


def index_pages(public: Path) -> dict[str, dict]:
    """Every page in the built index, by URL, as Pagefind stored it (text, filters, meta)."""
    pages = {}
    for file in (public / "pagefind/fragment").glob("*.pf_fragment"):
        page = fragment(file.read_bytes())
        pages[page["url"]] = page
    return pages


def entry(public: Path) -> dict:
    return json.loads((public / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))


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
    assert entry(newsroom.public)["languages"]["en"]["page_count"] == 2
    ducks = pages["/stories/ducks/"]
    assert "zebracrossing" in ducks["content"]
    assert "Neighbours helped." in ducks["content"]  # the summary is searchable
    assert ducks["meta"]["title"] == "Ducklings Rescued"
    assert ducks["filters"] == {"department": ["Cedar Point Police"], "tag": ["Animals"], "year": ["2025"]}
    assert sorted(pages["/stories/hoops/"]["filters"]["tag"]) == ["Sports", "Youth"]
    assert "min read" not in ducks["content"]
    everything = " ".join(p["content"] for p in pages.values())
    assert "secretdraftword" not in everything and "futureword" not in everything


def test_the_search_page_and_the_header_search_box(newsroom):
    assert newsroom.build().ok
    search_page = newsroom.read("search/index.html")
    assert '<script src="/pagefind/pagefind-ui.js" defer></script>' in search_page
    assert "Search needs JavaScript" in search_page
    home = newsroom.read("index.html")
    assert '<form action="/search/" method="get">' in home
    assert 'name="q"' in home


def test_with_a_base_path_the_search_assets_are_under_it(make_site):
    site = make_site({"content/stories/a.md": story(title="First")}, site_toml='base_url = "https://example.org/archive/"\n')
    assert site.build().ok
    assert '<script src="/archive/pagefind/pagefind-ui.js" defer></script>' in site.read("search/index.html")
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
        "pagefind/: error: could not build the search index: Error: disk full while writing the index"
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
    assert "pagefind/: error: could not build the search index: Pagefind is not installed" in str(result.problems[0])


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

    def index_files(seed: int) -> dict[str, bytes]:
        out = tmp_path / f"run{seed}"
        pagefind.run(site, out)  # indexes the built story pages again, and makes the result deterministic
        _shuffle_filters(out, seed)
        pagefind.make_deterministic(out)
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    first = index_files(1)
    assert any(path.startswith("filter/") for path in first)
    for seed in (2, 3, 4):
        assert index_files(seed) == first
    published = {
        p.relative_to(site / "pagefind").as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()
    }
    assert published == first


def test_filter_values_are_sorted_so_the_interface_lists_them_in_order(newsroom):
    assert newsroom.build().ok
    for file in (newsroom.public / "pagefind/filter").glob("*.pf_filter"):
        _, values = decode(file.read_bytes())
        assert [v[0] for v in values] == sorted(v[0] for v in values)


def test_story_pages_with_nothing_to_index_are_explained(make_site):
    site = make_site({"content/stories/a.md": story(), "templates/story.html": "{{ story.title }}\n"})
    result = site.build()
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "pagefind/: error: could not build the search index: Pagefind found no text to index in the story pages"
        " (does the theme's story.html print a whole HTML page, with data-pagefind-body on the story?)"
    ]

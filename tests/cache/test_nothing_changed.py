"""A `beat build` whose inputs are all as the last build read them, with the published site as
that build left it, stops early and reports what that build reported; anything else builds."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from builder import pipeline
from builder.pipeline import BuildOptions, build
from tests.cache.test_build_cache import clean_build, tree
from tests.conftest import NOW, story


@pytest.fixture
def counted_builds(monkeypatch) -> list[int]:
    """One entry for each build that went as far as indexing the site."""
    indexed: list[int] = []
    index_site = pipeline.index_site

    def counted(*args, **kwargs):
        indexed.append(1)
        return index_site(*args, **kwargs)

    monkeypatch.setattr(pipeline, "index_site", counted)
    return indexed


def cached(root: Path, now: datetime = NOW, **options) -> pipeline.BuildResult:
    return build(root, BuildOptions(out_dir=root / "public", disk_cache=True, now=now, **options))


def test_a_rebuild_with_nothing_changed_stops_early_and_reports_the_same(make_site, counted_builds):
    site = make_site({"content/stories/a.md": story(title="A", tags=["alpha"]), "content/notes/todo.txt": "not a story"})
    first = cached(site.root)
    assert first.ok and any(not p.is_error for p in first.problems), "the fixture has a warning to report again"
    again = cached(site.root)
    assert len(counted_builds) == 1
    assert again.ok and [str(p) for p in again.problems] == [str(p) for p in first.problems]
    assert again.counts == first.counts == (1, 1, 1, 0)
    assert again.files_written == 0


@pytest.mark.parametrize("options", [{"drafts": True}, {"base_url": "https://elsewhere.example/"}, {"verify": True}])
def test_other_options_build(make_site, counted_builds, options):
    site = make_site({"content/stories/a.md": story(title="A")})
    assert cached(site.root).ok
    assert cached(site.root, **options).ok
    assert len(counted_builds) == 2


def test_a_story_is_published_when_its_date_comes(make_site, counted_builds, tmp_path):
    site = make_site(
        {"content/stories/a.md": story(title="A", date="2026-01-01"), "content/stories/b.md": story(title="B", date="2026-06-01")}
    )
    assert cached(site.root, now=datetime(2026, 3, 1, tzinfo=UTC)).ok
    assert not (site.root / "public/stories/b").exists()
    assert cached(site.root, now=datetime(2026, 4, 1, tzinfo=UTC)).ok and len(counted_builds) == 1, "nothing due yet"
    later = datetime(2026, 6, 2, tzinfo=UTC)
    assert cached(site.root, now=later).ok and len(counted_builds) == 2
    assert (site.root / "public/stories/b/index.html").is_file()
    assert build(site.root, BuildOptions(out_dir=tmp_path / "clean", now=later)).ok
    assert tree(site.root / "public") == tree(tmp_path / "clean")


@pytest.mark.parametrize("tamper", ["remove", "change", "add at the top", "add a folder"])
def test_a_published_site_changed_by_hand_is_built_again(make_site, counted_builds, tmp_path, tamper):
    site = make_site({"content/stories/a.md": story(title="A")})
    assert cached(site.root).ok
    public = site.root / "public"
    page = public / "stories/a/index.html"
    if tamper == "remove":
        page.unlink()
    elif tamper == "change":
        page.write_text(page.read_text(encoding="utf-8") + "<!-- changed -->", encoding="utf-8")
    elif tamper == "add at the top":
        (public / "stray.html").write_text("stray", encoding="utf-8")
    else:
        (public / "extra").mkdir()
        (public / "extra/stray.html").write_text("stray", encoding="utf-8")
    assert cached(site.root).ok and len(counted_builds) == 2
    assert clean_build(site.root, tmp_path / "clean")
    assert tree(public) == tree(tmp_path / "clean")


def test_a_linked_folder_is_never_taken_for_unchanged(make_site, counted_builds, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "note.txt").write_text("first", encoding="utf-8")
    site = make_site({"content/stories/a.md": story(title="A")})
    (site.root / "templates").mkdir(exist_ok=True)
    os.symlink(elsewhere, site.root / "templates/linked")
    assert cached(site.root).ok
    (elsewhere / "note.txt").write_text("second, longer", encoding="utf-8")
    assert cached(site.root).ok and len(counted_builds) == 2

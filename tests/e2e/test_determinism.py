"""The same input gives the same bytes, and ties in the story order are settled by slug (requirement 6)."""

from __future__ import annotations

import os
import subprocess
import sys

from builder.pipeline import BuildOptions, build
from tests.conftest import NOW, REPO, story
from tests.e2e import newsroom
from tests.e2e.helpers import atom, main, page, rel_link, story_slugs, tree, xml


def assert_same_tree(one, two) -> None:
    first, second = tree(one), tree(two)
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []


def test_building_a_site_twice_into_two_folders_gives_byte_identical_trees(make_site, tmp_path):
    site = make_site(newsroom.files(), site_toml=newsroom.site_toml())
    assert site.build(out_dir=tmp_path / "one").ok
    assert site.build(out_dir=tmp_path / "two").ok
    assert len(tree(tmp_path / "one")) > 30
    assert_same_tree(tmp_path / "one", tmp_path / "two")


def test_building_the_repository_sample_twice_gives_the_same_bytes(tmp_path):
    for out in ("one", "two"):
        result = build(REPO, BuildOptions(out_dir=tmp_path / out, now=NOW))
        assert result.ok, "\n".join(map(str, result.problems))
    assert len(tree(tmp_path / "one")) > 50
    assert_same_tree(tmp_path / "one", tmp_path / "two")


def test_builds_in_separate_processes_with_different_hash_seeds_are_identical(make_site, tmp_path):
    site = make_site(newsroom.files(), site_toml=newsroom.site_toml())
    for seed, out in (("1", "one"), ("4242", "two")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "builder", "build", "--quiet", "--out", str(tmp_path / out)]
        result = subprocess.run(command, cwd=site.root, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    assert_same_tree(tmp_path / "one", tmp_path / "two")


SAME_DAY = {
    # File names, titles and slugs each sort differently: only the slug may decide.
    "content/stories/a.md": story("A First Title", "2026-05-01", tags=["same"], slug="zulu-story"),
    "content/stories/b.md": story("Z Last Title", "2026-05-01", tags=["same"], slug="alpha-story"),
    "content/stories/c.md": story("M Middle Title", "2026-05-01", tags=["same"], slug="mike-story"),
    "content/stories/newer.md": story("Newer", "2026-06-01", tags=["same"]),
    "content/stories/older.md": story("Older", "2026-04-01", tags=["same"]),
}
ORDER = ["newer", "alpha-story", "mike-story", "zulu-story", "older"]


def test_stories_with_the_same_date_are_ordered_by_slug_everywhere(make_site):
    site = make_site(SAME_DAY)
    assert site.build().ok
    public = site.public
    for address in ("", "tags/same/", "departments/test-police-department/", "archive/2026/"):
        assert story_slugs(main(page(public, address))) == ORDER, address
    entries = atom(xml(public, "feed.xml"), '/a:feed/a:entry/a:link[@rel="alternate"]/@href')
    assert entries == [f"https://example.org/stories/{slug}/" for slug in ORDER]


def test_previous_and_next_links_follow_the_same_order_for_stories_of_the_same_date(make_site):
    site = make_site(SAME_DAY)
    assert site.build().ok
    for index, slug in enumerate(ORDER):
        content = main(page(site.public, f"stories/{slug}/"))
        older = f"/stories/{ORDER[index + 1]}/" if index + 1 < len(ORDER) else None
        newer = f"/stories/{ORDER[index - 1]}/" if index > 0 else None
        assert (rel_link(content, "prev"), rel_link(content, "next")) == (older, newer), slug

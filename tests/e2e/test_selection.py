"""Drafts and stories dated after now are left out everywhere, unless asked for (requirement 3)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import story
from tests.e2e.helpers import (
    atom,
    exists,
    feed_entry_links,
    html_files,
    main,
    page,
    sitemap_locs,
    story_slugs,
    text,
    the_link,
    xml,
)

BASE = "https://example.org/"
PUBLISHED = ["at-now", "pub-two", "pub-one"]  # newest first; "at-now" is dated exactly NOW
DRAFT, FUTURE = "draft-story", "future-story"
UNPUBLISHED_TITLES = {DRAFT: "Secret Draft Story", FUTURE: "Story From Tomorrow"}

FILES = {
    "content/stories/pub-one.md": story("Published One", "2026-01-10", tags=["community", "shared"]),
    "content/stories/pub-two.md": story("Published Two", "2026-02-10", tags=["community"]),
    # NOW is 2026-11-24 12:00 UTC: a story dated at that very moment is not in the future.
    "content/stories/at-now.md": story("Published At Now", "2026-11-24T12:00:00+00:00", tags=["community"]),
    f"content/stories/{DRAFT}.md": story(
        UNPUBLISHED_TITLES[DRAFT], "2026-03-01", "Draft Only Department", ["community", "draft-only-tag"], draft="true"
    ),
    f"content/stories/{FUTURE}.md": story(
        UNPUBLISHED_TITLES[FUTURE], "2026-11-24T13:00:00+00:00", "Future Only Department", ["community", "future-only-tag"]
    ),
}


def numbers_beside(link) -> list[int]:
    """The numbers around a link, outside its own text: in its list item, or its table row but for dates."""
    holder = next(link.iterancestors("li", "tr"))
    around = text(holder).replace(text(link), " ", 1)
    for moment in holder.iter("time"):
        around = around.replace(text(moment), " ", 1)
    return [int(n) for n in re.findall(r"\d+", around)]


def built(make_site, **options):
    site = make_site(FILES)
    result = site.build(**options)
    assert result.ok, "\n".join(map(str, result.problems))
    return site.public


@pytest.fixture
def public(make_site):
    return built(make_site)


def every_output_text(public) -> dict[str, str]:
    return {
        p.relative_to(public).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(public.rglob("*"))
        if p.suffix in (".html", ".xml", ".txt")
    }


def test_drafts_and_future_stories_get_no_page(public):
    assert exists(public, "stories/pub-one/") and exists(public, "stories/at-now/")
    assert not exists(public, f"stories/{DRAFT}/")
    assert not exists(public, f"stories/{FUTURE}/")


def test_a_story_dated_exactly_now_is_published(public):
    assert story_slugs(main(page(public, ""))) == PUBLISHED


def test_drafts_and_future_stories_appear_in_no_page_feed_sitemap_or_robots(public):
    for path, content in every_output_text(public).items():
        for slug, title in UNPUBLISHED_TITLES.items():
            assert slug not in content, f"{path} mentions {slug}"
            assert title not in content, f"{path} mentions {title!r}"


def test_listings_hold_only_published_stories(public):
    for address in ("", "tags/community/", "departments/test-police-department/", "archive/2026/"):
        assert story_slugs(main(page(public, address))) == PUBLISHED, address


def test_feeds_and_sitemap_hold_only_published_stories(public):
    expected = [f"{BASE}stories/{slug}/" for slug in PUBLISHED]
    assert feed_entry_links(public, "feed.xml") == expected
    assert feed_entry_links(public, "tags/community/feed.xml") == expected
    stories_in_sitemap = [loc for loc in sitemap_locs(public) if "/stories/" in loc]
    assert sorted(stories_in_sitemap) == sorted(expected)


def test_a_tag_or_department_used_only_by_a_draft_or_future_story_has_no_page_or_feed(public):
    for address in ("tags/draft-only-tag/", "tags/future-only-tag/", "departments/draft-only-department/"):
        assert not exists(public, address), address
        assert not (public / address / "feed.xml").exists(), address
    assert not exists(public, "departments/future-only-department/")
    overview = main(page(public, "tags/"))
    assert not [a for a in overview.iter("a") if "only" in (a.get("href") or "")]


def test_tag_department_and_year_counts_leave_out_drafts_and_future_stories(public):
    assert 3 in numbers_beside(the_link(main(page(public, "tags/")), "/tags/community/"))
    assert 3 in numbers_beside(the_link(main(page(public, "departments/")), "/departments/test-police-department/"))
    assert 3 in numbers_beside(the_link(main(page(public, "archive/")), "/archive/2026/"))
    assert re.search(r"\b3 stories\b", text(main(page(public, "tags/community/"))))
    assert re.search(r"\b3 stories\b", text(main(page(public, "departments/test-police-department/"))))


def test_drafts_are_published_when_asked_for_and_future_stories_still_are_not(make_site):
    public = built(make_site, drafts=True)
    assert exists(public, f"stories/{DRAFT}/")
    assert not exists(public, f"stories/{FUTURE}/")
    assert story_slugs(main(page(public, ""))) == ["at-now", DRAFT, "pub-two", "pub-one"]
    assert exists(public, "tags/draft-only-tag/") and exists(public, "departments/draft-only-department/")
    assert 4 in numbers_beside(the_link(main(page(public, "tags/")), "/tags/community/"))
    assert f"{BASE}stories/{DRAFT}/" in sitemap_locs(public)
    assert f"{BASE}stories/{DRAFT}/" in feed_entry_links(public, "feed.xml")


def test_future_stories_are_published_when_asked_for_and_drafts_still_are_not(make_site):
    public = built(make_site, future=True)
    assert exists(public, f"stories/{FUTURE}/")
    assert not exists(public, f"stories/{DRAFT}/")
    assert story_slugs(main(page(public, ""))) == [FUTURE, *PUBLISHED]
    assert exists(public, "tags/future-only-tag/") and exists(public, "departments/future-only-department/")
    assert 4 in numbers_beside(the_link(main(page(public, "tags/")), "/tags/community/"))
    assert f"{BASE}stories/{FUTURE}/" in sitemap_locs(public)


def test_drafts_and_future_stories_together_when_both_are_asked_for(make_site):
    public = built(make_site, drafts=True, future=True)
    assert story_slugs(main(page(public, ""))) == [FUTURE, "at-now", DRAFT, "pub-two", "pub-one"]
    feed = xml(public, "tags/community/feed.xml")
    assert len(atom(feed, "/a:feed/a:entry")) == 5


def test_the_cli_leaves_out_drafts_and_future_stories_unless_given_drafts_and_future(make_site):
    # The command line uses the wall clock, so its future story is far in the future.
    site = make_site(
        {
            "content/stories/today.md": story("Plain Story", "2026-01-10"),
            "content/stories/draft.md": story("A Draft", "2026-01-11", draft="true"),
            "content/stories/later.md": story("Far Future", "2999-01-01"),
        }
    )
    plain = site.cli("build", "--quiet")
    assert plain.returncode == 0, plain.stderr
    assert story_slugs(main(page(site.public, ""))) == ["today"]
    assert not exists(site.public, "stories/draft/") and not exists(site.public, "stories/later/")

    drafts = site.cli("build", "--quiet", "--drafts")
    assert drafts.returncode == 0, drafts.stderr
    assert story_slugs(main(page(site.public, ""))) == ["draft", "today"]

    both = site.cli("build", "--quiet", "--drafts", "--future")
    assert both.returncode == 0, both.stderr
    assert story_slugs(main(page(site.public, ""))) == ["later", "draft", "today"]
    assert f"{BASE}stories/later/" in sitemap_locs(site.public)
    assert the_link(main(page(site.public, "archive/")), "/archive/2999/") is not None


def test_no_html_page_links_to_a_draft_or_future_story(public):
    for file in html_files(public):
        doc = page(public, file.relative_to(public).as_posix())
        for href in (a.get("href") or "" for a in doc.iter("a")):
            assert DRAFT not in href and FUTURE not in href, (file, href)

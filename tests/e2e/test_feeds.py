"""Atom feeds: well-formed, complete per RFC 4287, absolute, limited, and stable (requirement 7)."""

from __future__ import annotations

from datetime import datetime

import feedparser
import pytest

from tests.conftest import story
from tests.e2e.conftest import build_site
from tests.e2e.helpers import RFC3339, atom, feed_entry_ids, feed_entry_links, xml

BASE = "https://example.org/"
SITE_TOML = """\
title = "Feed Beat"
base_url = "https://example.org/"
description = "Stories for feed tests."
author = "Feed Desk"
feed_limit = 3
"""
# slug -> (date, tag, department); newest first.
STORIES = {
    "s5": ("2026-05-01", "parks", "North Police Department"),
    "s4": ("2026-04-01", "parks", "South Police Department"),
    "s3": ("2026-03-01", "schools", "North Police Department"),
    "s2": ("2026-02-01", "parks", "South Police Department"),
    "s1": ("2026-01-01T08:00:00+05:30", "schools", "South Police Department"),
    "s0": ("2025-12-01", "parks", "North Police Department"),
}
ORDER = list(STORIES)
# feed path -> (the page it belongs to, its stories newest first, before the limit)
FEEDS = {
    "feed.xml": ("", ORDER),
    "tags/parks/feed.xml": ("tags/parks/", ["s5", "s4", "s2", "s0"]),
    "tags/schools/feed.xml": ("tags/schools/", ["s3", "s1"]),
    "departments/north-police-department/feed.xml": ("departments/north-police-department/", ["s5", "s3", "s0"]),
    "departments/south-police-department/feed.xml": ("departments/south-police-department/", ["s4", "s2", "s1"]),
}
LIMIT = 3


def files(body_of_s5: str = "The first version of the body.") -> dict[str, str]:
    result = {}
    for slug, (date, tag, department) in STORIES.items():
        extra = {"author": "Ann Author"} if slug == "s3" else {}
        if slug == "s4":
            extra["updated"] = "2026-06-15T10:00:00+02:00"
        body = body_of_s5 if slug == "s5" else f"Body of {slug}."
        result[f"content/stories/{slug}.md"] = story(f"Story {slug.upper()}", date, department, [tag], body, **extra)
    return result


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("feeds") / "site", files(), SITE_TOML).public


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.mark.parametrize("path", FEEDS)
def test_feedparser_reads_each_feed_as_well_formed_atom_with_at_most_feed_limit_entries(public, path):
    parsed = feedparser.parse((public / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == min(LIMIT, len(FEEDS[path][1]))
    for entry in parsed.entries:
        assert entry.link.startswith(BASE + "stories/"), entry.link


@pytest.mark.parametrize("path", FEEDS)
def test_each_feed_holds_only_its_own_stories_newest_first(public, path):
    _, stories = FEEDS[path]
    assert feed_entry_links(public, path) == [f"{BASE}stories/{slug}/" for slug in stories[:LIMIT]]


@pytest.mark.parametrize("path", FEEDS)
def test_each_feed_has_an_id_title_updated_and_author(public, path):
    feed = xml(public, path)
    (identifier,) = atom(feed, "/a:feed/a:id/text()")
    assert identifier.startswith(BASE)
    (title,) = atom(feed, "/a:feed/a:title/text()")
    assert title.strip()
    (updated,) = atom(feed, "/a:feed/a:updated/text()")
    assert RFC3339.match(updated), updated
    entry_updates = [moment(u) for u in atom(feed, "/a:feed/a:entry/a:updated/text()")]
    assert moment(updated) >= max(entry_updates)
    feed_authors = atom(feed, "/a:feed/a:author/a:name/text()")
    entries = atom(feed, "/a:feed/a:entry")
    assert feed_authors == ["Feed Desk"] or all(atom(e, "a:author/a:name/text()") for e in entries)


def test_tag_and_department_feeds_are_titled_after_their_tag_or_department(public):
    assert "parks" in atom(xml(public, "tags/parks/feed.xml"), "/a:feed/a:title/text()")[0].casefold()
    title = atom(xml(public, "departments/north-police-department/feed.xml"), "/a:feed/a:title/text()")[0]
    assert "North Police Department" in title


@pytest.mark.parametrize("path", FEEDS)
def test_each_feed_links_to_itself_and_to_its_page_with_absolute_urls(public, path):
    feed = xml(public, path)
    assert atom(feed, '/a:feed/a:link[@rel="self"]/@href') == [BASE + path]
    assert atom(feed, '/a:feed/a:link[@rel="alternate"]/@href') == [BASE + FEEDS[path][0]]


@pytest.mark.parametrize("path", FEEDS)
def test_every_entry_has_an_id_title_updated_and_published_date_with_an_offset(public, path):
    entries = atom(xml(public, path), "/a:feed/a:entry")
    ids = [atom(e, "a:id/text()")[0] for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        (identifier,) = atom(entry, "a:id/text()")
        assert identifier.startswith(BASE)
        (title,) = atom(entry, "a:title/text()")
        assert title.startswith("Story S")
        for field in ("updated", "published"):
            (value,) = atom(entry, f"a:{field}/text()")
            assert RFC3339.match(value), (field, value)
        (link,) = atom(entry, 'a:link[@rel="alternate"]/@href')
        assert link.startswith(BASE + "stories/")


def test_an_entry_keeps_the_offset_it_was_written_with_and_its_own_updated_date(public):
    entries = {atom(e, "a:id/text()")[0]: e for e in atom(xml(public, "tags/schools/feed.xml"), "/a:feed/a:entry")}
    s1 = entries[BASE + "stories/s1/"]
    assert atom(s1, "a:published/text()") == ["2026-01-01T08:00:00+05:30"]
    s4 = {atom(e, "a:id/text()")[0]: e for e in atom(xml(public, "feed.xml"), "/a:feed/a:entry")}[BASE + "stories/s4/"]
    assert atom(s4, "a:updated/text()") == ["2026-06-15T10:00:00+02:00"]
    assert atom(s4, "a:published/text()")[0].startswith("2026-04-01T")


def test_entry_ids_stay_the_same_when_a_story_body_is_edited(make_site):
    site = make_site(files(), site_toml=SITE_TOML)
    assert site.build().ok
    before = {path: feed_entry_ids(site.public, path) for path in FEEDS}
    site.write({"content/stories/s5.md": files("An edited body, with new words in it.")["content/stories/s5.md"]})
    assert site.build().ok
    after = {path: feed_entry_ids(site.public, path) for path in FEEDS}
    assert after == before
    assert "An edited body" in (site.public / "feed.xml").read_text(encoding="utf-8")

"""Every Atom feed of the built sample has RFC 4287's must-haves (issue 5).

No offline W3C feed validator exists, so the RFC's requirements are checked with lxml. The
feed logic itself (which stories, limits, offsets kept) is tested in tests/e2e/test_feeds.py on
a small fixture; this runs the structural rules over every real feed: home, tags, departments.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from lxml import etree

from tests.e2e.helpers import RFC3339, atom


def feed_problems(public: Path, relative: str, base_url: str) -> list[str]:
    """What the feed at `relative` lacks or gets wrong, one line each; [] for a sound feed."""
    feed = etree.fromstring((public / relative).read_bytes())
    problems: list[str] = []

    def one(element, path: str, what: str) -> str:
        values = [str(v).strip() for v in atom(element, path)]
        if len(values) != 1 or not values[0]:
            problems.append(f"{relative}: {what}: expected one non-empty value, found {values}")
            return ""
        return values[0]

    def date(element, path: str, what: str) -> datetime | None:
        value = one(element, path, what)
        if value and not RFC3339.match(value):
            problems.append(f"{relative}: {what} {value!r} is not an RFC 3339 date-time with an offset")
            return None
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None

    def absolute(value: str, what: str) -> None:
        if value and not value.startswith(base_url):
            problems.append(f"{relative}: {what} {value!r} is not an absolute address under {base_url}")

    if feed.tag != "{http://www.w3.org/2005/Atom}feed":
        return [f"{relative}: the root element is {feed.tag}, not an Atom feed"]
    absolute(one(feed, "a:id/text()", "feed id"), "feed id")
    one(feed, "a:title/text()", "feed title")
    feed_updated = date(feed, "a:updated/text()", "feed updated")
    self_link = one(feed, 'a:link[@rel="self"]/@href', 'link rel="self"')
    absolute(self_link, 'link rel="self"')
    if self_link and self_link != base_url + relative:
        problems.append(f'{relative}: link rel="self" is {self_link}, not the feed\'s own address')
    absolute(one(feed, 'a:link[@rel="alternate"]/@href', 'link rel="alternate"'), 'link rel="alternate"')
    feed_has_author = bool(atom(feed, "a:author/a:name/text()"))

    entries = atom(feed, "a:entry")
    if not entries:
        problems.append(f"{relative}: no entries")
    ids = []
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        identifier = one(entry, "a:id/text()", f"{where} id")
        absolute(identifier, f"{where} id")
        ids.append(identifier)
        one(entry, "a:title/text()", f"{where} title")
        updated = date(entry, "a:updated/text()", f"{where} updated")
        if atom(entry, "a:published"):
            date(entry, "a:published/text()", f"{where} published")
        absolute(one(entry, 'a:link[@rel="alternate"]/@href', f'{where} link rel="alternate"'), f'{where} link rel="alternate"')
        if not feed_has_author and not atom(entry, "a:author/a:name/text()"):
            problems.append(f"{relative}: {where} has no author, and neither has the feed")
        if feed_updated and updated and updated > feed_updated:
            problems.append(f"{relative}: {where} is updated after the feed's own updated date")
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"{relative}: entry ids used more than once: {duplicates}")
    return problems


def feeds_of(public: Path) -> list[str]:
    return sorted(p.relative_to(public).as_posix() for p in public.rglob("feed.xml"))


def test_the_sample_has_a_feed_for_the_home_page_every_tag_and_every_department(sample_build):
    pages = [p for p in sample_build.glob("*/*/index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    listings = sorted(p.parent.relative_to(sample_build).as_posix() for p in pages)  # not the redirects of old addresses
    expected = ["feed.xml", "corrections/feed.xml"] + [
        f"{folder}/feed.xml" for folder in listings if folder.startswith(("tags/", "departments/"))
    ]
    assert feeds_of(sample_build) == sorted(expected)
    assert len(expected) > 10


def test_every_feed_of_the_built_sample_has_the_rfc_4287_must_haves(sample_build, base_url):
    problems = [line for feed in feeds_of(sample_build) for line in feed_problems(sample_build, feed, base_url)]
    assert problems == [], "\n".join(problems)


def test_the_feed_checks_find_planted_defects(sample_build, base_url, tmp_path):
    copy = tmp_path / "public"
    shutil.copytree(sample_build, copy)
    feed = copy / "feed.xml"
    text = feed.read_text(encoding="utf-8")
    first_id = text.split("<entry>", 1)[1].split("<id>", 1)[1].split("</id>", 1)[0]
    second_entry = text.split("<entry>")[2]
    damaged_second = second_entry.replace(second_entry.split("<id>", 1)[1].split("</id>", 1)[0], first_id, 1)
    damaged_second = damaged_second.replace(f'href="{base_url}', 'href="/', 1)
    text = text.replace(second_entry, damaged_second, 1)
    text = text.replace("<updated>", "<updated>x", 1)  # the feed's own date
    feed.write_text(text, encoding="utf-8")

    problems = feed_problems(copy, "feed.xml", base_url)

    assert any("feed updated 'x" in p for p in problems), problems
    assert any("entry 2 link" in p and "not an absolute address" in p for p in problems), problems
    assert any(f"entry ids used more than once: ['{first_id}']" in p for p in problems), problems

"""Text from front matter is escaped wherever it is printed (requirement 13)."""

from __future__ import annotations

import json

import feedparser
import pytest

from tests.conftest import story
from tests.e2e.helpers import atom, html_files, main, page, text, xml

TITLE = 'Officers <b>&" Friends Bake Bread'
AUTHOR = "Sam <i>Italic</i> & Co"


@pytest.fixture
def public(make_site):
    site = make_site(
        {
            "content/stories/bread.md": story(TITLE, "2026-03-01", tags=["<b>bold</b> tag"], author=f'"{AUTHOR}"'),
            "content/stories/other.md": story("Another Story", "2026-02-01"),
        }
    )
    result = site.build()
    assert result.ok, "\n".join(map(str, result.problems))
    return site.public


def test_a_title_with_markup_characters_is_printed_escaped_on_its_story_page(public):
    raw = (public / "stories/bread/index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;" in raw
    doc = page(public, "stories/bread/")
    assert [text(h) for h in main(doc).iter("h1")] == [TITLE]
    assert doc.find(".//title").text_content().startswith(TITLE)
    assert doc.xpath('//meta[@property="og:title"]/@content') == [TITLE]
    assert AUTHOR in text(main(doc))


def test_no_page_contains_the_markup_of_a_title_tag_or_author_unescaped(public):
    for file in html_files(public):
        raw = file.read_text(encoding="utf-8")
        for fragment in ("<b>", "</b>", "<i>", '&"'):
            assert fragment not in raw, f"{file.relative_to(public)} contains raw {fragment!r}"


def test_listings_show_the_title_as_text(public):
    content = main(page(public, ""))
    assert TITLE in [text(a) for a in content.iter("a")]


def test_feeds_carry_the_title_as_text_not_markup(public):
    feed = xml(public, "feed.xml")
    assert TITLE in [t.text for t in atom(feed, "/a:feed/a:entry/a:title")]
    parsed = feedparser.parse((public / "feed.xml").read_bytes())
    assert not parsed.bozo
    assert b"<b>" not in (public / "feed.xml").read_bytes()


def test_a_title_that_closes_a_script_element_cannot_break_out_of_the_json_ld(make_site):
    title = "Ends </script><script>alert(1)</script> Here"
    site = make_site({"content/stories/s.md": story(title, "2026-03-01")})
    assert site.build().ok
    raw = (site.public / "stories/s/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw
    doc = page(site.public, "stories/s/")
    (script,) = doc.xpath('//script[@type="application/ld+json"]')
    assert json.loads(script.text)["headline"] == title
    assert [text(h) for h in main(doc).iter("h1")] == [title]

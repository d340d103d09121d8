"""sitemap.xml lists every published page by its absolute address, and nothing else (requirement 8)."""

from __future__ import annotations

import re

import pytest

from tests.e2e import newsroom
from tests.e2e.helpers import atom, output_file, sitemap_locs, xml

BASE = "https://example.org/"
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")


@pytest.fixture(scope="module")
def public(newsroom_site):
    return newsroom_site.public


def test_sitemap_parses_as_a_sitemaps_org_urlset(public):
    root = xml(public, "sitemap.xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert len(atom(root, "/s:urlset/s:url")) == len(atom(root, "/s:urlset/s:url/s:loc"))


def test_every_loc_is_absolute_under_the_base_url_and_listed_once(public):
    locs = sitemap_locs(public)
    assert locs and all(loc.startswith(BASE) for loc in locs)
    assert len(set(locs)) == len(locs)


def test_every_loc_is_a_page_that_was_built(public):
    for loc in sitemap_locs(public):
        assert (public / output_file(loc.removeprefix(BASE))).is_file(), loc


def test_every_story_tag_and_department_page_is_listed(public):
    locs = set(sitemap_locs(public))
    expected = (
        {f"{BASE}stories/{slug}/" for slug in newsroom.STORIES}
        | {f"{BASE}tags/{slug}/" for slug in newsroom.TAGS}
        | {f"{BASE}departments/{slug}/" for slug in newsroom.DEPARTMENTS}
        | {BASE, f"{BASE}about/", f"{BASE}archive/", f"{BASE}tags/", f"{BASE}departments/"}
    )
    assert expected - locs == set()


def test_no_draft_or_future_story_or_its_tags_are_listed(public):
    raw = (public / "sitemap.xml").read_text(encoding="utf-8")
    for slug in newsroom.UNPUBLISHED + newsroom.UNPUBLISHED_TAGS:
        assert slug not in raw
    stories = {loc for loc in sitemap_locs(public) if loc.startswith(BASE + "stories/")}
    assert stories == {f"{BASE}stories/{slug}/" for slug in newsroom.STORIES}


def test_lastmod_values_are_w3c_datetimes(public):
    values = atom(xml(public, "sitemap.xml"), "/s:urlset/s:url/s:lastmod/text()")
    assert values
    for value in values:
        assert W3C_DATETIME.match(value), value

"""Redirects end to end: a renamed story's old address, an old path from before the archive, a
page's alias and a merged tag each answer with a stub page, and `_redirects` lists them all,
under the base URL's path; none is in the sitemap or the search index."""

from __future__ import annotations

import pytest

from tests.conftest import SITE_TOML, story
from tests.e2e.conftest import build_site
from tests.e2e.helpers import canonical, is_redirect, main, page, sitemap_locs, text

FILES = {
    "content/stories/renamed.md": story(
        "Harbor Rescue", "2026-01-03", tags=["rescue", "youth programs"], aliases='["/stories/old-name/", "/2019/05/rescue.html"]'
    ),
    "content/stories/other.md": story("Other", "2026-01-02", tags=["youth-outreach"]),
    "content/pages/about.md": '---\ntitle: About us\naliases: ["/about-us/"]\n---\nWho we are.\n',
    "content/tags/youth-outreach.md": '---\ntitle: Youth Outreach\naliases: ["youth programs"]\n---\n',
    "content/departments/test-pd.md": '---\nname: Test Police Department\naliases: ["TPD"]\n---\n',
}


@pytest.fixture(scope="module", params=["https://example.org/", "https://example.org/news/"])
def built(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("redirects") / "site"
    toml = SITE_TOML.replace("https://example.org/", request.param)
    return build_site(folder, FILES, toml), request.param


STUBS = {
    "stories/old-name/": "stories/renamed/",
    "2019/05/rescue.html": "stories/renamed/",
    "about-us/": "about/",
    "tags/youth-programs/": "tags/youth-outreach/",
    "departments/tpd/": "departments/test-pd/",
    "departments/test-police-department/": "departments/test-pd/",  # the slug of its name: its address before the profile
}


def test_each_alias_answers_with_a_page_that_sends_the_reader_on(built):
    site, base = built
    prefix = base.removeprefix("https://example.org")
    for old, new in STUBS.items():
        doc = page(site.public, old)
        assert is_redirect(doc)
        assert canonical(doc) == base + new
        assert doc.xpath('//head/meta[@http-equiv="refresh"]/@content') == [f"0; url={base}{new}"]
        assert doc.xpath('//head/meta[@name="robots"]/@content') == ["noindex"]
        links = [a.get("href") for a in main(doc).iter("a")]
        assert links == [prefix + new], old  # the visible link, under the base path
    assert "Harbor Rescue" in text(main(page(site.public, "stories/old-name/")))


def test_redirects_file_lists_every_alias_as_a_301_under_the_base_path(built):
    site, base = built
    prefix = base.removeprefix("https://example.org")
    lines = (site.public / "_redirects").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    assert sorted(lines[1:]) == sorted(f"{prefix}{old} {prefix}{new} 301" for old, new in STUBS.items())


def test_redirect_pages_are_not_in_the_sitemap(built):
    site, base = built
    locs = set(sitemap_locs(site.public))
    assert base + "stories/renamed/" in locs
    assert not locs & {base + old for old in STUBS}


def test_a_site_without_aliases_has_an_empty_redirects_file(make_site):
    site = make_site({"content/stories/a.md": story()})
    assert site.build().ok
    assert (site.public / "_redirects").read_text(encoding="utf-8").count("\n") == 1


def test_a_stub_is_not_indexed_for_search(make_site):
    site = make_site({"content/stories/a.md": story("Zebracrossing", aliases='["/old/"]')})
    assert site.build().ok
    assert "data-pagefind-body" not in site.read("old/index.html")
    assert "data-pagefind-body" in site.read("stories/a/index.html")

"""A site published under a path keeps every link under that path (requirement 5)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from tests.e2e import newsroom
from tests.e2e.helpers import (
    atom,
    canonical,
    check_links,
    html_files,
    html_urls,
    is_redirect,
    main,
    og_url,
    page,
    site_path_of,
    sitemap_locs,
    story_slugs,
    the_link,
    xml,
)

BASE = "https://example.org/archive/"
PREFIX = "/archive/"


@pytest.fixture(scope="module")
def public(archive_site):
    return archive_site.public


def internal_urls(public):
    """(file, url) for every href/src of every page that is neither external nor a fragment."""
    for file in html_files(public):
        for _, what, url in html_urls(file.read_text(encoding="utf-8")):
            if what.startswith("<meta"):
                continue
            parts = urlsplit(url)
            if url.startswith("#") or parts.scheme in ("mailto", "tel"):
                continue
            if parts.scheme in ("http", "https") and parts.hostname != "example.org":
                continue  # an external site
            yield file.relative_to(public).as_posix(), url


def test_every_internal_href_and_src_of_every_page_starts_with_the_base_path(public):
    urls = list(internal_urls(public))
    assert len(urls) > 100
    wrong = [(file, url) for file, url in urls if not (url.startswith(PREFIX) or url.startswith(BASE))]
    assert wrong == []


def test_canonical_and_og_url_of_every_page_are_absolute_under_the_base_url(public):
    for file in html_files(public):
        doc = page(public, file.relative_to(public).as_posix())
        if is_redirect(doc):
            continue  # its canonical address is where it moved (test_redirects.py)
        expected = BASE + site_path_of(public, file)
        assert canonical(doc) == expected
        assert og_url(doc) == expected


def test_listings_and_navigation_use_the_base_path(public):
    assert story_slugs(main(page(public, "")), PREFIX) == newsroom.STORIES[:3]
    home = page(public, "")
    for section in ("", "tags/", "departments/", "archive/", "about/"):
        assert the_link(home, PREFIX + section) is not None
    assert the_link(main(home), PREFIX + "page/2/") is not None
    story = main(page(public, "stories/harbor-cleanup/"))
    assert the_link(story, PREFIX + "departments/harbor-city-police-department/") is not None
    assert the_link(story, PREFIX + "tags/community-policing/") is not None


def test_a_root_relative_link_in_a_story_body_gets_the_base_path(public):
    content = main(page(public, "stories/harbor-cleanup/"))
    assert the_link(content, "/archive/stories/food-drive/") is not None
    assert not [a for a in content.iter("a") if a.get("href") == "/stories/food-drive/"]
    about = main(page(public, "about/"))
    assert the_link(about, "/archive/departments/") is not None


def test_feed_urls_are_absolute_under_the_base_url(public):
    for path in ("feed.xml", "tags/community-policing/feed.xml", "departments/riverbend-police-department/feed.xml"):
        feed = xml(public, path)
        for href in atom(feed, "//a:link[not(@rel='via')]/@href"):  # via: a story's sources, elsewhere
            assert href.startswith(BASE), (path, href)
        for identifier in atom(feed, "//a:id/text()"):
            assert identifier.startswith(BASE), (path, identifier)
        assert atom(feed, '/a:feed/a:link[@rel="self"]/@href') == [BASE + path]


def test_body_links_in_feeds_resolve_under_the_base_url(public):
    feed = xml(public, "feed.xml")
    (entry,) = [e for e in atom(feed, "/a:feed/a:entry") if atom(e, "a:id/text()") == [BASE + "stories/harbor-cleanup/"]]
    (content,) = atom(entry, "a:content")
    base = content.get("{http://www.w3.org/XML/1998/namespace}base") or BASE
    resolved = [urljoin(base, url) for _, _, url in html_urls(content.text)]
    assert BASE + "stories/food-drive/" in resolved


def test_sitemap_and_robots_urls_are_absolute_under_the_base_url(public):
    locs = sitemap_locs(public)
    assert locs and all(loc.startswith(BASE) for loc in locs)
    assert BASE + "stories/harbor-cleanup/" in locs
    robots = (public / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def test_every_internal_link_resolves_when_the_site_lives_under_a_path(public):
    report = check_links(public, BASE)
    assert report.checked > 100
    assert report.broken == []


def test_base_url_on_the_command_line_overrides_site_toml(make_site):
    site = make_site(newsroom.files(), site_toml=newsroom.site_toml("https://example.org/archive/"))
    result = site.cli("build", "--quiet", "--base-url", "https://news.example.net/beat/")
    assert result.returncode == 0, result.stderr
    home = page(site.public, "")
    assert canonical(home) == "https://news.example.net/beat/"
    assert story_slugs(main(home), "/beat/") == newsroom.STORIES[:3]
    assert atom(xml(site.public, "feed.xml"), '/a:feed/a:link[@rel="self"]/@href') == ["https://news.example.net/beat/feed.xml"]
    assert all(loc.startswith("https://news.example.net/beat/") for loc in sitemap_locs(site.public))
    assert "archive/" not in canonical(page(site.public, "stories/food-drive/"))
    report = check_links(site.public, "https://news.example.net/beat/")
    assert report.broken == []

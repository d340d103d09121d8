from builder.config import SiteConfig
from builder.model import Page, Tag
from builder.urls import Urls, output_path, paged, site_path


def test_every_url_carries_the_base_path():
    urls = Urls(SiteConfig(base_url="https://example.org/archive/"))
    assert urls.url("") == "/archive/"
    assert urls.url(Tag("sports", "Sports", 1)) == "/archive/tags/sports/"
    assert urls.absolute("feed.xml") == "https://example.org/archive/feed.xml"


def test_pages_live_at_the_root_and_listings_paginate_under_page():
    assert site_path(Page("about", "About", "", "content/pages/about.md")) == "about/"
    assert paged("tags/x/", 1) == "tags/x/"
    assert paged("", 3) == "page/3/"


def test_folders_are_written_as_index_html():
    assert output_path("") == "index.html"
    assert output_path("tags/") == "tags/index.html"
    assert output_path("feed.xml") == "feed.xml"


def test_non_ascii_media_names_are_percent_encoded():
    assert Urls(SiteConfig()).url("media/café.png") == "/media/caf%C3%A9.png"

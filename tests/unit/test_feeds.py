from datetime import UTC, datetime

import feedparser
from lxml import etree

from builder.config import SiteConfig
from builder.feeds import feed_jobs, make_feeds, robots
from builder.index import Selection, index_site
from builder.model import SourceFile
from builder.pages import page_jobs
from builder.parse import parse_sources
from builder.urls import Urls
from tests.conftest import story

CONFIG = SiteConfig(title="Beat", base_url="https://example.org/archive/", feed_limit=2)


def feeds(files):
    content, _ = parse_sources([SourceFile(p, t, p) for p, t in files.items()], CONFIG)
    site, _ = index_site(content, (), Selection(now=datetime(2026, 11, 24, tzinfo=UTC)))
    jobs = feed_jobs(site, CONFIG, page_jobs(site, CONFIG, Urls(CONFIG)))
    made = {o.path: o.data for _, files, _ in make_feeds(jobs, site, CONFIG, lambda card: card) for o in files}
    return {**made, "robots.txt": robots(Urls(CONFIG)).data}


FILES = {
    "content/stories/a.md": story(title="A & <b>", date="2026-01-01T09:00:00-05:00", tags=["x"]),
    "content/stories/b.md": story(title="B", date="2026-01-02", tags=["x"]),
    "content/stories/c.md": story(title="C", date="2026-01-03", tags=["y"]),
}


def test_the_site_feed_holds_the_newest_entries_up_to_the_limit_with_absolute_links():
    parsed = feedparser.parse(feeds(FILES)["feed.xml"])
    assert not parsed.bozo and parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == ["C", "B"]
    assert parsed.entries[0].link == "https://example.org/archive/stories/c/"


def test_times_keep_their_offsets_and_text_is_escaped():
    tree = etree.fromstring(feeds(FILES)["tags/x/feed.xml"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = tree.xpath("//a:entry/a:title/text()", namespaces=ns)
    assert titles == ["B", "A & <b>"]
    assert tree.xpath("//a:entry[a:title='A & <b>']/a:published/text()", namespaces=ns) == ["2026-01-01T09:00:00-05:00"]


def test_the_sitemap_lists_every_page_with_absolute_addresses():
    tree = etree.fromstring(feeds(FILES)["sitemap.xml"])
    locs = tree.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert "https://example.org/archive/stories/a/" in locs and "https://example.org/archive/tags/y/" in locs
    assert all(loc.startswith("https://example.org/archive/") for loc in locs)


def test_robots_points_at_the_sitemap():
    assert b"Sitemap: https://example.org/archive/sitemap.xml" in feeds(FILES)["robots.txt"]

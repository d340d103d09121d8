"""Stage 4: Atom feeds (site, each tag, each department), sitemap.xml and robots.txt.

Each feed and the sitemap is declared once (FeedJob: its path and the data it is made of) and
made by `make_feeds`. Feeds are built with ElementTree, which escapes every text and attribute,
and the sitemap (URLs and dates only) with XML escaping by hand, for speed; URLs are absolute and
times keep their offsets, as RFC 4287 and the sitemaps protocol require.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, NamedTuple

from builder import corrections, opendata
from builder.config import SiteConfig
from builder.model import Bodies, Card, Full, Site, Story
from builder.outputs import OutputFile
from builder.problems import Problem
from builder.urls import Urls

if TYPE_CHECKING:  # pages.py declares the corrections and open-data pages, whose feeds are here
    from builder.pages import PageJob

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
EPOCH = "1970-01-01T00:00:00+00:00"  # `updated` of a feed with no entries: fixed, never "now"


class FeedJob(NamedTuple):
    """One file about many stories: a feed, the sitemap, an export."""

    path: str
    owner: str
    data: dict[str, Any]  # what the file is made of
    make: Callable[[FeedJob, Site, SiteConfig, Urls, Bodies], bytes]  # a module-level function of the job and the site

    @property
    def kind(self) -> str:
        return self.make.__name__


def feed_jobs(site: Site, config: SiteConfig, pages: Iterable[PageJob]) -> list[FeedJob]:
    """Every feed, then the sitemap of `pages`."""
    jobs = []

    def feed(path: str, title: str, alternate: str, stories: Sequence[Card], owner: str) -> None:
        entries = tuple(Full(story) for story in stories[: config.feed_limit])
        jobs.append(FeedJob(path, owner, {"title": title, "alternate": alternate, "entries": entries}, atom_feed))

    feed("feed.xml", config.title, "", site.stories, "site feed")
    for tag in site.tags.values():
        base = f"tags/{tag.slug}/"
        feed(f"{base}feed.xml", f"{tag.title} · {config.title}", base, site.by_tag[tag.slug], tag.path or f"tag {tag.slug}")
    for department in site.departments.values():
        base = f"departments/{department.slug}/"
        feed(
            f"{base}feed.xml",
            f"{department.name} · {config.title}",
            base,
            site.by_department[department.slug],
            department.path or f"department {department.slug}",
        )
    jobs.append(corrections.feed_job(site, config))
    jobs += opendata.export_jobs(site, config)
    # Only addresses and dates are in the sitemap: a story's text may change freely. Two flat
    # columns rather than a pair a page: a key walks one plain value at a time (12,000 pages at 10k).
    # The dates as the sitemap writes them: 12,000 datetimes took 0.15 s to pickle for the key, as text 2 ms.
    listed = [page for page in pages if page.in_sitemap]
    modified = tuple(page.lastmod.isoformat() if page.lastmod else "" for page in listed)
    data = {"paths": tuple(page.path for page in listed), "modified": modified}
    jobs.append(FeedJob("sitemap.xml", "sitemap", data, sitemap))
    return jobs


def make_feeds(
    jobs: list[FeedJob], site: Site, config: SiteConfig, bodies: Bodies
) -> Iterator[tuple[FeedJob, list[OutputFile], Problem | None]]:
    urls = Urls(config)
    for job in jobs:
        yield job, [OutputFile(job.path, job.make(job, site, config, urls, bodies), owner=job.owner)], None


def atom_feed(job: FeedJob, site: Site, config: SiteConfig, urls: Urls, bodies: Bodies) -> bytes:
    entries = [bodies(entry.card) for entry in job.data["entries"]]
    return _atom(job.path, job.data["title"], job.data["alternate"], entries, site, config, urls)


def _atom(path: str, title: str, alternate: str, entries: Sequence[Story], site: Site, config: SiteConfig, urls: Urls) -> bytes:
    feed = ET.Element("feed", xmlns=ATOM)
    if config.language:
        feed.set("xml:lang", config.language)
    ET.SubElement(feed, "id").text = urls.absolute(path)
    ET.SubElement(feed, "title").text = title
    if config.description:
        ET.SubElement(feed, "subtitle").text = config.description
    updated = max((s.last_modified for s in entries), default=None)
    ET.SubElement(feed, "updated").text = updated.isoformat() if updated else EPOCH
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=urls.absolute(path))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=urls.absolute(alternate))
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = config.author or config.title
    ET.SubElement(feed, "generator").text = "Beat"
    for story in entries:
        _entry(feed, story, site, urls)
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"


def _entry(feed: ET.Element, story: Story, site: Site, urls: Urls) -> None:
    entry = ET.SubElement(feed, "entry")
    # The id is the story's address: it stays the same when the story is edited.
    ET.SubElement(entry, "id").text = urls.absolute(story)
    ET.SubElement(entry, "title").text = story.title
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=urls.absolute(story))
    for source in story.sources:  # RFC 4287 4.2.7.2: "via" names the source of the entry's information
        ET.SubElement(entry, "link", rel="via", href=source.url, title=source.name)
    ET.SubElement(entry, "published").text = story.date.isoformat()
    ET.SubElement(entry, "updated").text = story.last_modified.isoformat()
    if story.author:
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = story.author
    department = site.departments[site.story_department[story.slug]]
    ET.SubElement(entry, "category", term=department.slug, label=department.name, scheme=urls.absolute("departments/"))
    for slug in site.story_tags[story.slug]:
        ET.SubElement(entry, "category", term=slug, label=site.tags[slug].title, scheme=urls.absolute("tags/"))
    ET.SubElement(entry, "summary").text = story.summary
    # Bodies are sanitised and their links carry the base path; xml:base makes them absolute.
    content = ET.SubElement(entry, "content", type="html")
    content.set("xml:base", urls.absolute(story))
    content.text = corrections.correction_notes(story) + str(story.body_html)


def sitemap(job: FeedJob, site: Site, config: SiteConfig, urls: Urls, bodies: Bodies) -> bytes:
    """sitemap.xml of the declared pages: their site paths, and when each was last modified (ISO 8601, or "")."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP}">']
    for path, lastmod in zip(job.data["paths"], job.data["modified"], strict=True):
        loc = f"    <loc>{escape(urls.absolute(path), quote=False)}</loc>"  # &, < and >: XML text
        when = f"\n    <lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"  <url>\n{loc}{when}\n  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def robots(urls: Urls) -> OutputFile:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute('sitemap.xml')}\n"
    return OutputFile("robots.txt", text.encode("utf-8"), owner="robots.txt", stamp=text)

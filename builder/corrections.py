"""/corrections/: every corrected story, newest correction first, paginated, and its Atom feed.

Both are declared with the cards of the stories they list (a card carries its corrections), so
a new or changed correction re-makes them and nothing else of the listing's kind.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime

from builder import feeds
from builder.config import SiteConfig
from builder.model import Bodies, Card, Site
from builder.templates import human_date
from builder.urls import Urls, paged

PATH = "corrections/"
FEED = "corrections/feed.xml"


def corrected(site: Site) -> tuple[Card, ...]:
    """Published stories with a correction, the most recently corrected first (ties: by slug)."""
    stories = [story for story in site.stories if story.corrections]
    return tuple(sorted(stories, key=lambda s: (-s.corrections[-1].date.timestamp(), s.slug)))


def page_jobs(site: Site, config: SiteConfig, urls: Urls, page: Callable, listing: Callable) -> Iterator:
    """The listing's pages, made with `page` and `listing` (pages.page_jobs' own helpers)."""
    stories = corrected(site)
    lastmod = stories[0].corrections[-1].date if stories else None
    for number, chunk, paginator in listing(stories, PATH, config, urls):
        yield page(
            paged(PATH, number),
            "corrections.html",
            "corrections",
            {"stories": tuple(chunk), "paginator": paginator},
            title="Corrections" if number == 1 else f"Corrections, page {number}",
            section="corrections",
            description=f"Every story of {config.title} that was corrected after it was published, newest correction first.",
            feed=urls.absolute(FEED),
            lastmod=lastmod,
            in_sitemap=number == 1,
        )


def feed_job(site: Site, config: SiteConfig) -> feeds.FeedJob:
    entries = corrected(site)[: config.feed_limit]
    return feeds.FeedJob(FEED, "corrections feed", {"entries": entries}, corrections_feed)


def corrections_feed(job: feeds.FeedJob, site: Site, config: SiteConfig, urls: Urls, bodies: Bodies) -> bytes:
    """One entry a corrected story, updated when its latest correction was made; its own id
    (the story's address with #corrections), so it is never taken for the story's entry."""
    stories: Sequence[Card] = job.data["entries"]
    feed = ET.Element("feed", xmlns=feeds.ATOM)
    if config.language:
        feed.set("xml:lang", config.language)
    ET.SubElement(feed, "id").text = urls.absolute(FEED)
    ET.SubElement(feed, "title").text = f"Corrections · {config.title}"
    updated: datetime | None = stories[0].corrections[-1].date if stories else None
    ET.SubElement(feed, "updated").text = updated.isoformat() if updated else feeds.EPOCH
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=urls.absolute(FEED))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=urls.absolute(PATH))
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = config.author or config.title
    ET.SubElement(feed, "generator").text = "Beat"
    for story in stories:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = urls.absolute(story) + "#corrections"
        ET.SubElement(entry, "title").text = f"Correction: {story.title}"
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=urls.absolute(story))
        ET.SubElement(entry, "published").text = story.corrections[0].date.isoformat()
        ET.SubElement(entry, "updated").text = story.corrections[-1].date.isoformat()
        ET.SubElement(entry, "summary").text = story.corrections[-1].text
        content = ET.SubElement(entry, "content", type="html")
        content.set("xml:base", urls.absolute(story))
        content.text = correction_notes(story)
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"


def correction_notes(story: Card) -> str:
    """The corrections as a feed shows them, newest first: the words the story page uses."""
    return "".join(f"<p><strong>Corrected {human_date(c.date)}:</strong> {c.html}</p>" for c in reversed(story.corrections))

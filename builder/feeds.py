"""Stage 4: Atom feeds (site, each tag, each department), sitemap.xml and robots.txt.

Built with ElementTree, which escapes every text and attribute; URLs are absolute and
times keep their offsets, as RFC 4287 and the sitemaps protocol require.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from builder.config import SiteConfig
from builder.model import Site, Story
from builder.outputs import OutputFile
from builder.urls import Urls, year_path

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
EPOCH = "1970-01-01T00:00:00+00:00"  # `updated` of a feed with no entries: fixed, never "now"


def render_feeds(site: Site, config: SiteConfig) -> list[OutputFile]:
    urls = Urls(config)
    outputs = [_atom("feed.xml", config.title, "", site.stories, site, config, urls, owner="site feed")]
    for tag in site.tags.values():
        outputs.append(
            _atom(
                f"tags/{tag.slug}/feed.xml",
                f"{tag.title} · {config.title}",
                f"tags/{tag.slug}/",
                site.by_tag[tag.slug],
                site,
                config,
                urls,
                owner=tag.path or f"tag {tag.slug}",
            )
        )
    for department in site.departments.values():
        path = f"departments/{department.slug}/"
        outputs.append(
            _atom(
                f"{path}feed.xml",
                f"{department.name} · {config.title}",
                path,
                site.by_department[department.slug],
                site,
                config,
                urls,
                owner=department.path or f"department {department.slug}",
            )
        )
    outputs.append(sitemap(site, config, urls))
    outputs.append(robots(urls))
    return outputs


def _atom(
    path: str, title: str, alternate: str, stories: Sequence[Story], site: Site, config: SiteConfig, urls: Urls, *, owner: str
) -> OutputFile:
    entries = stories[: config.feed_limit]
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
    data = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"
    return OutputFile(path, data, owner=owner)


def _entry(feed: ET.Element, story: Story, site: Site, urls: Urls) -> None:
    entry = ET.SubElement(feed, "entry")
    # The id is the story's address: it stays the same when the story is edited.
    ET.SubElement(entry, "id").text = urls.absolute(story)
    ET.SubElement(entry, "title").text = story.title
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=urls.absolute(story))
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
    content.text = str(story.body_html)


def sitemap(site: Site, config: SiteConfig, urls: Urls) -> OutputFile:
    root = ET.Element("urlset", xmlns=SITEMAP)

    def add(path: str, lastmod: str | None = None) -> None:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = urls.absolute(path)
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod

    newest = site.stories[0].last_modified.isoformat() if site.stories else None
    add("", newest)
    for story in site.stories:
        add(f"stories/{story.slug}/", story.last_modified.isoformat())
    for path, stories in [("tags/", site.stories), ("departments/", site.stories), ("archive/", site.stories)]:
        add(path, stories[0].last_modified.isoformat() if stories else None)
    for slug, stories in site.by_tag.items():
        add(f"tags/{slug}/", max(s.last_modified for s in stories).isoformat())
    for slug, stories in site.by_department.items():
        add(f"departments/{slug}/", max(s.last_modified for s in stories).isoformat())
    for year, stories in site.by_year.items():
        add(year_path(year), max(s.last_modified for s in stories).isoformat())
    for page in site.pages:
        add(f"{page.slug}/")
    ET.indent(root)
    data = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
    return OutputFile("sitemap.xml", data, owner="sitemap")


def robots(urls: Urls) -> OutputFile:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute('sitemap.xml')}\n"
    return OutputFile("robots.txt", text.encode("utf-8"), owner="robots.txt")

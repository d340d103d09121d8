"""Stage 4: Atom feeds (site, each tag, each department), sitemap.xml and robots.txt.

Feeds are built with ElementTree, which escapes every text and attribute, and the sitemap
(URLs and dates only) with XML escaping by hand, for speed; URLs are absolute and
times keep their offsets, as RFC 4287 and the sitemaps protocol require.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from html import escape

from builder.cache import BuildCache, fingerprint
from builder.config import SiteConfig
from builder.model import Site, Story
from builder.outputs import OutputFile
from builder.pages import Keys
from builder.urls import Urls, year_path

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
EPOCH = "1970-01-01T00:00:00+00:00"  # `updated` of a feed with no entries: fixed, never "now"


def render_feeds(
    site: Site,
    config: SiteConfig,
    keys: Keys | None = None,
    cache: BuildCache | None = None,
    bodies: Callable[[Story], Story] | None = None,
) -> list[OutputFile]:
    """Every feed, the sitemap and robots.txt. With keys and a cache, a file whose entries are
    unchanged is reused rather than serialised again. `bodies` gives a story its body, where the
    index holds it without (see parse.StoryBodies)."""
    urls = Urls(config)
    jobs: list[tuple[str, Callable[[], Hashable], Callable[[], OutputFile]]] = []

    def feed(path: str, title: str, alternate: str, stories: Sequence[Story], owner: str) -> None:
        entries = stories[: config.feed_limit]
        jobs.append(
            (
                path,
                lambda: (title, tuple(keys.story(s) for s in entries)),
                lambda: _atom(
                    path, title, alternate, [bodies(s) for s in entries] if bodies else entries, site, config, urls, owner=owner
                ),
            )
        )

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
    jobs.append(
        (
            "sitemap.xml",
            # Only addresses and dates are in the sitemap: a story's text may change freely.
            lambda: (
                tuple((s.slug, s.last_modified, site.story_department[s.slug], site.story_tags[s.slug]) for s in site.stories),
                tuple(page.slug for page in site.pages),
            ),
            lambda: sitemap(site, config, urls),
        )
    )

    outputs = []
    use_cache = cache is not None and keys is not None
    kept: dict[str, tuple[Hashable, OutputFile]] = {}
    for path, key, make in jobs:
        stamp = fingerprint((config, key()), stable=cache.stable) if use_cache else 0
        known = cache.feeds.get(path) if use_cache else None
        output = known[1] if known and known[0] == stamp else replace(make(), stamp=stamp if use_cache else None)
        kept[path] = (stamp, output if cache is None or cache.keep_bytes else output.without_bytes())
        outputs.append(output)
    if use_cache:
        cache.feeds = kept
    outputs.append(robots(urls))
    return outputs


def _atom(
    path: str, title: str, alternate: str, entries: Sequence[Story], site: Site, config: SiteConfig, urls: Urls, *, owner: str
) -> OutputFile:
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
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP}">']

    def add(path: str, stories: Sequence[Story] = ()) -> None:
        loc = f"    <loc>{escape(urls.absolute(path), quote=False)}</loc>"  # &, < and >: XML text
        lastmod = max((s.last_modified for s in stories), default=None)
        when = f"\n    <lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"  <url>\n{loc}{when}\n  </url>")

    add("", site.stories)
    for story in site.stories:
        add(f"stories/{story.slug}/", (story,))
    for section in ("tags/", "departments/", "archive/"):
        add(section, site.stories)
    for slug, stories in site.by_tag.items():
        add(f"tags/{slug}/", stories)
    for slug, stories in site.by_department.items():
        add(f"departments/{slug}/", stories)
    for year, stories in site.by_year.items():
        add(year_path(year), stories)
    for page in site.pages:
        add(f"{page.slug}/")
    lines.append("</urlset>\n")
    return OutputFile("sitemap.xml", "\n".join(lines).encode("utf-8"), owner="sitemap")


def robots(urls: Urls) -> OutputFile:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute('sitemap.xml')}\n"
    return OutputFile("robots.txt", text.encode("utf-8"), owner="robots.txt", stamp=text)

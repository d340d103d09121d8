"""Which HTML pages the site has: for each, its address, template, variables and cache key.

The key names everything the page is made from, cheaply: stories by their source file and
digest, with the department and tags each one shows; departments and tags by their values.
A page whose key and templates are unchanged renders to the same bytes, so it is not rendered
again. Variables are built only for pages that are rendered.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, NamedTuple

from builder.cache import fingerprint
from builder.config import SiteConfig
from builder.images import sizes_of, with_image_sizes
from builder.model import Department, Page, Site, Story, Tag
from builder.search import bundle_paths as search_bundles
from builder.templates import MONTHS
from builder.urls import Urls, paged, site_path, year_path


@dataclass(frozen=True, slots=True)
class Paginator:
    number: int
    total: int
    pages: tuple[tuple[int, str], ...]  # (number, url)

    @property
    def previous_url(self) -> str | None:
        return self.pages[self.number - 2][1] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.pages[self.number][1] if self.number < self.total else None

    @property
    def key(self) -> tuple[int, int]:
        """What a page's cache key needs of it: the addresses follow from the listing's path (in
        the page's fingerprint) and the config (in every fingerprint). The whole list of them in
        every page's key made a long listing's keys quadratic in its length."""
        return self.number, self.total


class PageJob(NamedTuple):
    """One HTML page to render. (A named tuple: a large archive makes tens of thousands.)"""

    path: str  # site path, e.g. "tags/sports/page/2/"
    template: str
    owner: str  # the source file or section it comes from, for messages
    key: Hashable  # everything the page depends on besides the templates and the config
    title: str
    section: str
    description: str
    feed_url: str
    make: Callable[[], dict[str, Any]]  # the template's own variables, made only if it is rendered
    story: tuple | None = None  # a story page's (story, previous, next): all it shows of the archive

    def variables(self, urls: Urls) -> dict[str, Any]:
        return {
            "title": self.title,
            "section": self.section,
            "description": self.description,
            "canonical_url": urls.absolute(self.path),
            "feed_url": self.feed_url,
            **self.make(),
        }


class Keys:
    """Cheap stand-ins for the data pages are made from, computed once per build.

    A story has two: its full key (source file and digest) for its own page, and its card key
    (`Story.card_fields()`: every field but the body) for the listings and neighbours that show it. So an edit to
    a story's body rewrites its own page only, unless `bodies_in_listings` says a template shows
    other stories' bodies.
    """

    def __init__(self, site: Site, *, bodies_in_listings: bool = False, stable: bool = False):
        self.department = {slug: fingerprint(d, stable=stable) for slug, d in site.departments.items()}
        self.tag = {slug: fingerprint(t, stable=stable) for slug, t in site.tags.items()}
        self._full: dict[str, Hashable] = {}
        self._card: dict[str, Hashable] = {}
        for s in site.stories:
            links = (self.department[site.story_department[s.slug]], tuple(self.tag[t] for t in site.story_tags[s.slug]))
            # The sizes of its images: a picture replaced by one of another size changes the page.
            shown = sizes_of((s.image, *s.media), site.image_sizes) if s.image or s.media else ()
            self._full[s.slug] = fingerprint((s.path, s.digest, links, shown), stable=stable)
            self._card[s.slug] = self._full[s.slug] if bodies_in_listings else fingerprint((s.card_digest, links), stable=stable)

    def story(self, story: Story | None) -> Hashable:
        return None if story is None else self._full[story.slug]

    def card(self, story: Story | None) -> Hashable:
        return None if story is None else self._card[story.slug]

    def cards(self, stories: Iterable[Story]) -> tuple:
        return tuple(self._card[s.slug] for s in stories)


def page_jobs(
    site: Site, config: SiteConfig, urls: Urls, keys: Keys, bodies: Callable[[Story], Story] | None = None
) -> Iterator[PageJob]:
    """Every HTML page of the site, in a fixed order. `bodies` gives a story its body, where the
    index holds it without (see parse.StoryBodies)."""
    site_feed = urls.absolute("feed.xml")

    def page(
        path: str,
        template: str,
        owner: str,
        key: Hashable,
        make: Callable[[], dict[str, Any]],
        *,
        title: str,
        section: str,
        description: str = "",
        feed: str = site_feed,
    ) -> PageJob:
        description = description or config.description
        return PageJob(path, template, owner, (title, description, feed, key), title, section, description, feed, make)

    for number, chunk, paginator in _listing(site.stories, "", config, urls):
        yield page(
            paged("", number),
            "index.html",
            "home page",
            (paginator.key, keys.cards(chunk)),
            lambda chunk=chunk, paginator=paginator: {"stories": chunk, "paginator": paginator},
            title=config.title if number == 1 else f"Stories, page {number}",
            section="home",
        )

    stories = site.stories
    last = len(stories) - 1
    for position, story in enumerate(stories):
        previous = stories[position + 1] if position < last else None
        following = stories[position - 1] if position > 0 else None
        key = (keys.story(story), keys.card(previous), keys.card(following))
        yield story_job(story, previous, following, key, site, config, urls, bodies, site_feed)

    tags_by_title = sorted(site.tags.values(), key=lambda t: (t.title.casefold(), t.slug))
    yield page(
        "tags/",
        "tags.html",
        "tags overview",
        tuple(keys.tag[t.slug] for t in tags_by_title),
        lambda: {"tags": tags_by_title},
        title="Tags",
        section="tags",
    )

    def term_pages(
        term: Tag | Department, kind: str, stories: Sequence[Story], key: Hashable, *, name: str, description: str
    ) -> Iterator[PageJob]:
        """The listing of one tag or department, page by page."""
        base = site_path(term)
        for number, chunk, paginator in _listing(stories, base, config, urls):
            yield page(
                paged(base, number),
                f"{kind}.html",
                term.path or f"{kind} {term.slug}",
                (key, paginator.key, keys.cards(chunk)),
                lambda chunk=chunk, paginator=paginator: {kind: term, "stories": chunk, "paginator": paginator},
                title=name if number == 1 else f"{name}, page {number}",
                section=f"{kind}s",
                description=description,
                feed=urls.absolute(f"{base}feed.xml"),
            )

    for tag in site.tags.values():
        yield from term_pages(
            tag, "tag", site.by_tag[tag.slug], keys.tag[tag.slug], name=tag.title, description=f"Stories tagged {tag.title}."
        )

    grouped = regions(site)
    yield page(
        "departments/",
        "departments.html",
        "departments overview",
        tuple((region, tuple(keys.department[d.slug] for d in items)) for region, items in grouped),
        lambda: {"regions": grouped},
        title="Departments",
        section="departments",
    )
    for department in site.departments.values():
        yield from term_pages(
            department,
            "department",
            site.by_department[department.slug],
            keys.department[department.slug],
            name=department.name,
            description=f"Stories about the {department.name}.",
        )

    years = [(year, len(items)) for year, items in site.by_year.items()]
    yield page("archive/", "archive.html", "archive", tuple(years), lambda: {"years": years}, title="Archive", section="archive")
    for year, items in site.by_year.items():
        yield page(
            year_path(year),
            "year.html",
            f"archive {year}",
            keys.cards(items),
            lambda year=year, items=items: {"year": year, "months": months(items)},
            title=f"Stories from {year}",
            section="archive",
        )

    for item in site.pages:
        yield page(
            f"{item.slug}/",
            "page.html",
            item.path,
            (item, sizes_of(item.media, site.image_sizes)),
            lambda item=item: {"page": _sized_body(item, site, config)},
            title=item.title,
            section="page",
            description=item.summary,
        )

    if config.search:
        # One index a year (see search.py), newest first; none without stories: the page says so.
        bundles = tuple(urls.url(path) for path in search_bundles(site))
        yield page(
            "search/",
            "search.html",
            "search page",
            bundles,
            lambda: {"bundles": bundles},
            title="Search",
            section="search",
        )
    yield page("404.html", "404.html", "404 page", (), dict, title="Page not found", section="not-found")


def _sized_body(item: Story | Page, site: Site, config: SiteConfig) -> Story | Page:
    """The story or page with width and height on its body's media images (see images.py)."""
    return replace(item, body_html=with_image_sizes(item.body_html, site.image_sizes, config.base_path))


def story_job(
    story: Story,
    previous: Story | None,
    following: Story | None,
    key: Hashable,
    site: Site,
    config: SiteConfig,
    urls: Urls,
    bodies: Callable[[Story], Story] | None = None,
    site_feed: str = "",
) -> PageJob:
    """A story's page. (Not through page() in page_jobs: an archive has tens of thousands.)"""
    description = story.summary or config.description
    site_feed = site_feed or urls.absolute("feed.xml")
    return PageJob(
        f"stories/{story.slug}/",
        "story.html",
        story.path,
        (story.title, description, site_feed, key),
        story.title,
        "story",
        description,
        site_feed,
        partial(_story_variables, story, previous, following, site, config, urls, bodies),
        (story, previous, following),
    )


def _story_variables(
    story: Story,
    previous: Story | None,
    following: Story | None,
    site: Site,
    config: SiteConfig,
    urls: Urls,
    bodies: Callable[[Story], Story] | None,
) -> dict[str, Any]:
    if bodies:  # the neighbours too: a theme may show their bodies
        story = bodies(story)
        previous = bodies(previous) if previous else None
        following = bodies(following) if following else None
    return {
        "story": _sized_body(story, site, config),
        "image_size": site.image_sizes.get(story.image),  # of the front matter's image, if it is one
        "department": site.departments[site.story_department[story.slug]],
        "tags": [site.tags[t] for t in site.story_tags[story.slug]],
        "previous": previous,
        "next": following,
        "json_ld": news_article(story, site, config, urls),
    }


def _listing(stories: Sequence[Story], path: str, config: SiteConfig, urls: Urls) -> Iterator[tuple]:
    """(number, stories on that page, Paginator) for each page of a listing."""
    total = max(1, math.ceil(len(stories) / config.paginate))
    pages = tuple((n, urls.url(paged(path, n))) for n in range(1, total + 1))
    for number in range(1, total + 1):
        yield number, stories[(number - 1) * config.paginate : number * config.paginate], Paginator(number, total, pages)


def regions(site: Site) -> list[tuple[str, list]]:
    """Departments grouped by region, regions by name; departments without one come last."""
    groups: dict[str, list] = {}
    for department in site.departments.values():
        groups.setdefault(department.region, []).append(department)
    named = sorted((r for r in groups if r), key=str.casefold)
    result = [(region, groups[region]) for region in named]
    if "" in groups:
        result.append(("Other departments" if named else "All departments", groups[""]))
    return result


def months(stories: Sequence[Story]) -> list[tuple[str, list[Story]]]:
    grouped: dict[int, list[Story]] = {}
    for story in stories:  # already newest first
        grouped.setdefault(story.date.month, []).append(story)
    return [(MONTHS[month - 1], items) for month, items in grouped.items()]


def news_article(story: Story, site: Site, config: SiteConfig, urls: Urls) -> dict[str, Any]:
    """schema.org NewsArticle metadata; the template prints it with |tojson."""
    department = site.departments[site.story_department[story.slug]]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.date.isoformat(),
        "dateModified": story.last_modified.isoformat(),
        "url": urls.absolute(story),
        "mainEntityOfPage": urls.absolute(story),
        "articleSection": department.name,
        "keywords": [site.tags[t].title for t in site.story_tags[story.slug]],
        "publisher": {"@type": "Organization", "name": config.title, "url": config.base_url},
        "wordCount": story.word_count,
    }
    if story.author:
        data["author"] = {"@type": "Person", "name": story.author}
    if story.location:
        data["contentLocation"] = {"@type": "Place", "name": story.location}
    if story.image:
        data["image"] = urls.absolute(story.image)
    if story.source:
        data["isBasedOn"] = story.source.url
    return data

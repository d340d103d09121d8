"""Which HTML pages the site has: each declared once, with its address, template and data.

A page's `data` is everything it is made from, as values: the template's variables, with
stories as cards (what listings show) or `Full(card)` (shown with the body, fetched only if the
page is made). Whatever else a page shows is computed from that data and the config by its
`view`, when it is made. That is what makes the build's memory safe: a page's cache key is
derived from this declaration (builder/incremental/keys.py), never written beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from builder import corrections, directory, opendata
from builder.config import SiteConfig
from builder.model import Card, Department, Full, ImageSize, Rows, Site, Tag
from builder.search import bundle_paths as search_bundles
from builder.templates import MONTHS
from builder.urls import Urls, paged, region_path, site_path, story_path, year_path
from builder.views import page_view, story_view

View = Callable[[dict[str, Any], SiteConfig, Urls], dict[str, Any]]


PAGES_AROUND = 2  # pages linked either side of the current one in a listing's pagination


@dataclass(frozen=True, slots=True)
class Paginator:
    number: int
    total: int
    listing_url: str  # page 1's address; page n is at paged(listing_url, n)

    @property
    def pages(self) -> list[tuple[int, str]]:
        """(number, url) of every page of the listing."""
        return [(n, paged(self.listing_url, n)) for n in range(1, self.total + 1)]

    @property
    def window(self) -> list[tuple[int, str] | None]:
        """(number, url) of the pages a page links to: the first and the last, and PAGES_AROUND
        either side of this one; None where a run of pages is left out. Linking every page made
        each page of a 500-page listing carry 500 links (page 250 of 10,000 stories' home
        listing: 54,804 bytes, now 15,648), and the listings' cost grow with the square of the archive."""
        shown = {1, self.total, *range(max(1, self.number - PAGES_AROUND), min(self.total, self.number + PAGES_AROUND) + 1)}
        window: list[tuple[int, str] | None] = []
        previous = 0
        for n in sorted(shown):
            if n - previous == 2:  # one page left out: its link takes no more room than the gap would
                window.append((n - 1, paged(self.listing_url, n - 1)))
            elif n - previous > 2:
                window.append(None)
            window.append((n, paged(self.listing_url, n)))
            previous = n
        return window

    @property
    def previous_url(self) -> str | None:
        return paged(self.listing_url, self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return paged(self.listing_url, self.number + 1) if self.number < self.total else None


class PageJob(NamedTuple):
    """One HTML page to render. (A named tuple: a large archive makes tens of thousands.)"""

    path: str  # site path, e.g. "tags/sports/page/2/"
    template: str
    owner: str  # the source file or section it comes from, for messages
    data: dict[str, Any]  # what the page is made from: the template's variables, as declared
    view: View | None = None  # more variables computed from `data` when the page is made
    lastmod: datetime | None = None  # for the sitemap
    in_sitemap: bool = False

    @property
    def kind(self) -> str:
        return self.template

    @property
    def is_story(self) -> bool:
        return self.template == "story.html"


def page_jobs(site: Site, config: SiteConfig, urls: Urls, *, bodies_in_listings: bool = False) -> Iterator[PageJob]:
    """Every HTML page of the site, in a fixed order. `bodies_in_listings`: some template shows
    the bodies of the stories it lists, so listings are given them."""
    site_feed = urls.absolute("feed.xml")
    newest = _last_modified(site.stories)
    shown, listed = _showing(bodies_in_listings)

    def page(
        path: str,
        template: str,
        owner: str,
        data: dict[str, Any],
        *,
        title: str,
        section: str,
        description: str = "",
        feed: str = site_feed,
        view: View | None = None,
        lastmod: datetime | None = None,
        in_sitemap: bool = True,
    ) -> PageJob:
        common = {"title": title, "section": section, "description": description or config.description, "feed_url": feed}
        return PageJob(path, template, owner, {**common, **data}, view, lastmod, in_sitemap)

    grouped = directory.regions(site)
    lead = next((story for story in site.stories if story.featured), site.stories[0] if site.stories else None)
    for number, chunk, paginator in _listing(site.stories, "", config, urls):
        # The first page leads with one story, then the rest as cards, then ways into the archive.
        front = {"lead": shown(lead), **browse(grouped, site)} if number == 1 else {"lead": None}
        cards = [story for story in chunk if story is not lead] if number == 1 else chunk
        shown_cards = [*cards, lead] if number == 1 else cards
        yield page(
            paged("", number),
            "index.html",
            "home page",
            {"stories": listed(cards), "paginator": paginator, "image_sizes": _card_images(shown_cards, site), **front},
            title=config.title if number == 1 else f"Stories, page {number}",
            section="home",
            lastmod=newest,
            in_sitemap=number == 1,
        )

    by_slug = {story.slug: story for story in site.stories}
    for position, story in enumerate(site.stories):
        yield _story_job_at(position, story, site, by_slug, config, site_feed, shown, listed)

    tags_by_title = sorted(site.tags.values(), key=lambda t: (t.title.casefold(), t.slug))
    yield page("tags/", "tags.html", "tags overview", {"tags": tags_by_title}, title="Tags", section="tags", lastmod=newest)

    def term_pages(
        term: Tag | Department,
        kind: str,
        stories: Sequence[Card],
        *,
        name: str,
        description: str,
        first: dict[str, Any] | None = None,
        first_view: View | None = None,
        extra: dict | None = None,
    ) -> Iterator[PageJob]:
        """The listing of one tag or department, page by page; `extra`: more data for every page."""
        base = site_path(term)
        extra = extra or {}
        lastmod = _last_modified(stories)
        for number, chunk, paginator in _listing(stories, base, config, urls):
            yield page(
                paged(base, number),
                f"{kind}.html",
                term.path or f"{kind} {term.slug}",
                {
                    kind: term,
                    "stories": listed(chunk),
                    "paginator": paginator,
                    "image_sizes": _card_images(chunk, site),
                    **extra,
                    **((first or {}) if number == 1 else {}),
                },
                title=name if number == 1 else f"{name}, page {number}",
                section=f"{kind}s",
                description=description,
                feed=urls.absolute(f"{base}feed.xml"),
                lastmod=lastmod,
                in_sitemap=number == 1,
                view=first_view if number == 1 else None,
            )

    for tag in site.tags.values():
        yield from term_pages(tag, "tag", site.by_tag[tag.slug], name=tag.title, description=f"Stories tagged {tag.title}.")

    yield page(
        "departments/",
        "departments.html",
        "departments overview",
        {"regions": grouped, "spans": directory.spans(site, list(site.departments.values()))},
        title="Departments",
        section="departments",
        lastmod=newest,
    )
    for region in grouped:
        if region.slug:
            stories_there = directory.region_stories(site, region)
            yield page(
                region_path(region.slug),
                "region.html",
                f"region {region.name}",
                {
                    "region": region,
                    "spans": directory.spans(site, region.departments),
                    "stories": listed(stories_there),
                    "image_sizes": _card_images(stories_there, site),
                },
                title=f"Departments in {region.name}",
                section="departments",
                description=f"Police departments in {region.name} and their stories.",
                lastmod=_last_modified(stories_there),
            )
    for department in site.departments.values():
        yield from term_pages(
            department,
            "department",
            site.by_department[department.slug],
            name=department.name,
            description=f"Stories about the {department.name}.",
            first=directory.department_data(site, department),
            first_view=directory.department_view,
            extra={
                "first_date": site.by_department[department.slug][-1].date,
                "latest_date": site.by_department[department.slug][0].date,
            },
        )

    years = [(year, len(items)) for year, items in site.by_year.items()]
    yield page("archive/", "archive.html", "archive", {"years": years}, title="Archive", section="archive", lastmod=newest)
    for year, items in site.by_year.items():
        yield page(
            year_path(year),
            "year.html",
            f"archive {year}",
            {"year": year, "months": [(month, year_entries(cards, site)) for month, cards in months(items)]},
            title=f"Stories from {year}",
            section="archive",
            lastmod=_last_modified(items),
        )

    for item in site.pages:
        yield page(
            f"{item.slug}/",
            "page.html",
            item.path,
            {"page": item, "image_sizes": _sizes(item.media, site.image_sizes)},
            title=item.title,
            section="page",
            description=item.summary,
            view=page_view,
        )

    yield from corrections.page_jobs(site, config, urls, page, _listing)
    yield opendata.data_page(site, config, urls, page)

    if config.search:
        # One index a year (see search.py), newest first; none without stories: the page says so.
        bundles = tuple(urls.url(path) for path in search_bundles(site))
        yield page(
            "search/", "search.html", "search page", {"bundles": bundles}, title="Search", section="search", in_sitemap=False
        )
    yield page("404.html", "404.html", "404 page", {}, title="Page not found", section="not-found", in_sitemap=False)


def _showing(bodies_in_listings: bool) -> tuple[Callable[[Card | None], Card | Full | None], Callable[[Sequence[Card]], tuple]]:
    """How pages declare the stories they show besides their own: as cards, or, when some
    template shows the bodies of the stories it lists, as Full(card)."""
    if not bodies_in_listings:
        return (lambda card: card), tuple
    return (lambda card: Full(card) if card else None), (lambda stories: tuple(Full(card) for card in stories))


def _story_job_at(
    position: int,
    story: Card,
    site: Site,
    by_slug: Mapping[str, Card],
    config: SiteConfig,
    site_feed: str,
    shown: Callable[[Card | None], Card | Full | None],
    listed: Callable[[Sequence[Card]], tuple],
) -> PageJob:
    """The page of the story at `position` in site.stories (`story`: its card, or a newer one);
    `shown` and `listed` as _showing gives them."""
    stories = site.stories
    previous = stories[position + 1] if position < len(stories) - 1 else None
    following = stories[position - 1] if position > 0 else None
    related = listed([by_slug[slug] for slug in site.related.get(story.slug, ())])
    return story_job(story, shown(previous), shown(following), related, site, config, site_feed)


def story_page_job(site: Site, config: SiteConfig, urls: Urls, card: Card) -> PageJob | None:
    """The page of the published story with `card`'s slug, declared as page_jobs declares it (when
    no template shows the bodies of listed stories) but made from `card`: the preview's first
    answer to an edit of the story (serve/storyfirst.py). None if no published story has that slug."""
    position = next((n for n, story in enumerate(site.stories) if story.slug == card.slug), None)
    if position is None:
        return None
    by_slug = {story.slug: story for story in site.stories}
    return _story_job_at(position, card, site, by_slug, config, urls.absolute("feed.xml"), *_showing(False))


def story_job(
    story: Card,
    previous: Card | Full | None,
    following: Card | Full | None,
    related: tuple[Card | Full, ...],
    site: Site,
    config: SiteConfig,
    site_feed: str,
) -> PageJob:
    """A story's page: all it shows of the archive is in its data."""
    description = story.summary or config.description
    data = {
        "title": story.title,
        "section": "story",
        "description": description,
        "feed_url": site_feed,
        "story": Full(story),
        # Its own pictures, and those of the previous and next stories' cards.
        "image_sizes": _sizes((story.image, *story.media, *_images(previous, following)), site.image_sizes),
        "department": site.departments[site.story_department[story.slug]],
        "tags": [site.tags[t] for t in site.story_tags[story.slug]],
        "previous": previous,
        "next": following,
        "related": related,  # the list, not how it was chosen: a page is made again only when its list changes
    }
    return PageJob(f"stories/{story.slug}/", "story.html", story.path, data, story_view, story.last_modified, True)


def _last_modified(stories: Sequence[Card]) -> datetime | None:
    return max((story.last_modified for story in stories), default=None)


def _sizes(paths: Sequence[str], sizes: Mapping[str, ImageSize]) -> dict[str, ImageSize]:
    """The sizes of the images a page shows, in its data: a new image file of another size re-renders it."""
    return {path: sizes[path] for path in dict.fromkeys(paths) if path in sizes}


def _images(*items: Card | Full | None) -> tuple[str, ...]:
    """The front-matter pictures of these stories (None: no story)."""
    return tuple(item.card.image for item in items if item is not None and item.card.image)


def _card_images(stories: Sequence[Card], site: Site) -> dict[str, ImageSize]:
    """The sizes of the pictures a listing's cards show, in its data (see _sizes)."""
    return _sizes(_images(*stories), site.image_sizes)


def _listing(stories: Sequence[Card], path: str, config: SiteConfig, urls: Urls) -> Iterator[tuple]:
    """(number, stories on that page, Paginator) for each page of a listing."""
    total = max(1, math.ceil(len(stories) / config.paginate))
    listing_url = urls.url(path)
    for number in range(1, total + 1):
        yield number, stories[(number - 1) * config.paginate : number * config.paginate], Paginator(number, total, listing_url)


regions = directory.regions  # where tests and themes have looked for it


def browse(regions: Sequence[directory.Region], site: Site, topics: int = 8) -> dict[str, Any]:
    """The front page's ways into the archive: departments by region (linked to each region's
    page), and the biggest topics."""
    biggest = sorted(site.tags.values(), key=lambda t: (-t.count, t.title.casefold(), t.slug))[:topics]
    return {"regions": regions, "region_paths": {r.name: region_path(r.slug) for r in regions if r.slug}, "topics": biggest}


class YearEntry(NamedTuple):
    """What a year's page shows of one story. Declared in place of the story's card, so an edit
    that changes nothing shown here (the body, and with it the word count) does not make the
    year's page again; and a year of a thousand stories is a list a reader can scan, not a
    thousand cards with pictures (a year of 1,000 stories made a page of 544,522 bytes, now 229,994)."""

    path: str  # the story's site path
    title: str
    day: date  # a date, not the moment: a page's cache key pickles 10,000 of these
    department: str  # its name


def year_entries(stories: Sequence[Card], site: Site) -> Rows:
    """As Rows (plain values only): the page's cache key digests them whole instead of walking
    each entry; the year pages' keys of 10,000 stories took 45 ms of every build, now 18 ms."""
    departments = site.departments
    return Rows(
        YearEntry(story_path(s.slug), s.title, s.date.date(), departments[site.story_department[s.slug]].name) for s in stories
    )


def months(stories: Sequence[Card]) -> list[tuple[str, list[Card]]]:
    grouped: dict[int, list[Card]] = {}
    for story in stories:  # already newest first
        grouped.setdefault(story.date.month, []).append(story)
    return [(MONTHS[month - 1], items) for month, items in grouped.items()]

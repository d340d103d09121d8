"""The departments directory: departments grouped by region, each region's page, and what a
department's own page shows besides its stories (stories a year, its most frequent tags, its
schema.org description). Values here are computed from the indexed Site; pages.py declares
the pages with them in their data, and each page's view turns them into a chart and JSON-LD.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from builder.config import SiteConfig
from builder.model import Card, Department, Site, Tag
from builder.slugs import make_slug
from builder.urls import Urls

UNNAMED = "Other departments"  # the group of departments whose profile names no region
TOP_TAGS = 8
REGION_STORIES = 10  # the latest stories a region's page lists


@dataclass(frozen=True, slots=True)
class Region:
    """A region and its departments (by name); unpacks as (name, departments)."""

    name: str
    departments: tuple[Department, ...]

    def __iter__(self):
        return iter((self.name, self.departments))

    @property
    def slug(self) -> str:
        """Its page's slug ("" for the departments without a region: they have no page)."""
        return make_slug(self.departments[0].region) if self.departments else ""

    @property
    def count(self) -> int:
        return sum(d.count for d in self.departments)


def regions(site: Site) -> list[Region]:
    """Departments grouped by region (spellings of one region, by slug, are one), regions by
    name; departments without one come last. A region is named as most of its departments spell it."""
    groups: dict[str, list[Department]] = {}
    for department in site.departments.values():  # sorted by name
        groups.setdefault(make_slug(department.region), []).append(department)
    named = []
    for slug, members in groups.items():
        if slug:
            spellings = Counter(d.region for d in members)
            name = min(spellings, key=lambda spelling: (-spellings[spelling], spelling))
            named.append(Region(name, tuple(members)))
    named.sort(key=lambda region: (region.name.casefold(), region.slug))
    if "" in groups:
        named.append(Region(UNNAMED if named else "All departments", tuple(groups[""])))
    return named


def spans(site: Site, departments: Sequence[Department]) -> dict[str, tuple[datetime, datetime]]:
    """Department slug -> the dates of its first and its latest published story."""
    return {d.slug: (site.by_department[d.slug][-1].date, site.by_department[d.slug][0].date) for d in departments}


def region_stories(site: Site, region: Region) -> tuple[Card, ...]:
    """The region's latest stories, newest first (ties by slug, the archive's order)."""
    members = {d.slug for d in region.departments}
    latest = [story for d in members for story in site.by_department[d][:REGION_STORIES]]
    return tuple(sorted(latest, key=lambda s: (-s.date.timestamp(), s.slug))[:REGION_STORIES])


def stories_a_year(stories: Sequence[Card]) -> tuple[tuple[int, int], ...]:
    """(year, stories) from the first year to the last, years without a story included."""
    counts = Counter(story.date.year for story in stories)
    if not counts:
        return ()
    return tuple((year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1))


def top_tags(site: Site, stories: Sequence[Card]) -> tuple[tuple[Tag, int], ...]:
    """The department's most frequent tags with how many of its stories carry each; ties by title."""
    counts = Counter(tag for story in stories for tag in site.story_tags[story.slug])
    ranked = sorted(counts, key=lambda slug: (-counts[slug], site.tags[slug].title.casefold(), slug))
    return tuple((site.tags[slug], counts[slug]) for slug in ranked[:TOP_TAGS])


def department_data(site: Site, department: Department) -> dict[str, Any]:
    """What a department's first page shows besides its profile and stories."""
    stories = site.by_department[department.slug]
    return {"years": stories_a_year(stories), "top_tags": top_tags(site, stories)}


@dataclass(frozen=True, slots=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    height: float
    center: float  # of the bar, where its labels go


@dataclass(frozen=True, slots=True)
class YearChart:
    """A bar chart of stories a year, in SVG user units (the SVG scales to its box)."""

    bars: tuple[Bar, ...]
    width: int
    height: int
    bar_width: float
    baseline: float  # the y of the bars' foot
    most: int
    summary: str  # the numbers in words, for the chart's <desc>


CHART_HEIGHT = 160
PLOT_TOP = 20  # room for the count above the tallest bar
PLOT_BOTTOM = 24  # room for the year below the bars
SLOT = 48  # width per year
BAR_WIDTH = 30
BAR_MARGIN = (SLOT - BAR_WIDTH) // 2


def year_chart(years: Sequence[tuple[int, int]]) -> YearChart:
    most = max((count for _, count in years), default=0)
    baseline = CHART_HEIGHT - PLOT_BOTTOM
    room = baseline - PLOT_TOP
    bars = []
    for number, (year, count) in enumerate(years):
        height = round(room * count / most, 2) if most else 0.0
        left = number * SLOT + BAR_MARGIN
        bars.append(Bar(year, count, left, round(baseline - height, 2), height, left + BAR_WIDTH / 2))
    summary = "; ".join(f"{year}: {count} {'story' if count == 1 else 'stories'}" for year, count in years)
    return YearChart(tuple(bars), max(1, len(years)) * SLOT, CHART_HEIGHT, BAR_WIDTH, baseline, most, summary + ".")


def department_json_ld(department: Department, urls: Urls) -> dict[str, Any]:
    """schema.org metadata for a department: a PoliceStation (a place) when its profile gives
    a city, else a GovernmentOrganization; with its address and website."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PoliceStation" if department.city else "GovernmentOrganization",
        "name": department.name,
        "mainEntityOfPage": urls.absolute(department),
    }
    if department.city or department.region:
        address = {"@type": "PostalAddress"}
        if department.city:
            address["addressLocality"] = department.city
        if department.region:
            address["addressRegion"] = department.region
        data["address"] = address
    if department.website:
        data["url"] = department.website
    return data


def department_view(data: dict[str, Any], config: SiteConfig, urls: Urls) -> dict[str, Any]:
    """A department's first page: the chart drawn from its declared numbers, and its JSON-LD."""
    return {"chart": year_chart(data["years"]), "department_json_ld": department_json_ld(data["department"], urls)}

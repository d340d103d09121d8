"""Related stories on built story pages: 3 to 5 of them at the end, pinned ones first, the rest
chosen by shared department and rare tags, under the base URL's path."""

from __future__ import annotations

from tests.conftest import SITE_TOML, story
from tests.e2e.conftest import build_site
from tests.e2e.helpers import main, page

FILES = {
    "content/stories/harbor-swim.md": story(
        "Harbor Swim", "2026-03-01", "Harbor Police", ["water-safety", "youth"], related='["bake-sale"]'
    ),
    "content/stories/lifeguard-day.md": story("Lifeguard Day", "2026-02-01", "Harbor Police", ["water-safety"]),
    "content/stories/boat-check.md": story("Boat Check", "2025-08-01", "Coast Police", ["water-safety"]),
    "content/stories/reading-hour.md": story("Reading Hour", "2026-02-20", "Harbor Police", ["youth"]),
    "content/stories/bake-sale.md": story("Bake Sale", "2019-01-01", "Inland Police", ["fundraiser"]),
    **{f"content/stories/youth-{n}.md": story(f"Youth {n}", f"2024-0{n}-01", "Inland Police", ["youth"]) for n in range(1, 6)},
}


def related_links(public, slug: str) -> list[str]:
    aside = main(page(public, f"stories/{slug}/")).xpath('.//aside[@class="related"]')
    return [a.get("href") for a in aside[0].xpath(".//li/a")] if aside else []


def test_a_story_page_ends_with_its_related_stories_pinned_first(tmp_path):
    public = build_site(tmp_path / "site", FILES, SITE_TOML.replace(".org/", ".org/news/")).public
    assert related_links(public, "harbor-swim") == [
        "/news/stories/bake-sale/",  # pinned
        "/news/stories/lifeguard-day/",  # same department, the rarer tag
        "/news/stories/reading-hour/",  # same department, a common tag
        "/news/stories/boat-check/",  # the rarer tag alone
        "/news/stories/youth-5/",  # the common tag, the nearest in time of its kind
    ]
    for path in FILES:
        slug = path.rsplit("/", 1)[1].removesuffix(".md")
        assert 3 <= len(related_links(public, slug)) <= 5, slug
    last = main(page(public, "stories/harbor-swim/"))[-1]
    assert last.get("class") == "related"  # the page ends with it

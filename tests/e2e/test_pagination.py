"""Listings are split into pages of `paginate` stories, linked to each other (requirement 2)."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.checks.tools import run_vnu
from tests.conftest import story
from tests.e2e.conftest import build_site
from tests.e2e.helpers import exists, hrefs, main, output_file, page, rel_link, story_slugs, text

SITE_TOML = """\
title = "Test Beat"
base_url = "https://example.org/"
paginate = 2
"""
# Five stories, newest first; all share a tag and a department.
SLUGS = ["fifth", "fourth", "third", "second", "first"]
DATES = ["2026-05-01", "2026-04-01", "2026-03-01", "2026-02-01", "2026-01-01"]
LISTINGS = ["", "tags/community/", "departments/test-police-department/"]


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    files = {
        f"content/stories/{slug}.md": story(f"Story {slug}", date, "Test Police Department", ["community"])
        for slug, date in zip(SLUGS, DATES, strict=True)
    }
    return build_site(tmp_path_factory.mktemp("paginate") / "site", files, SITE_TOML).public


def listing_pages(listing: str) -> list[str]:
    return [listing, f"{listing}page/2/", f"{listing}page/3/"]


@pytest.mark.parametrize("listing", LISTINGS, ids=["home", "tag", "department"])
def test_five_stories_at_two_a_page_make_three_pages_and_no_fourth(public, listing):
    for address in listing_pages(listing):
        assert exists(public, address), address
    assert not exists(public, f"{listing}page/4/")


@pytest.mark.parametrize("listing", LISTINGS, ids=["home", "tag", "department"])
def test_pages_hold_two_stories_each_newest_first_so_page_one_has_the_two_newest(public, listing):
    pages = [story_slugs(main(page(public, address))) for address in listing_pages(listing)]
    assert pages == [SLUGS[0:2], SLUGS[2:4], SLUGS[4:]]


@pytest.mark.parametrize("listing", LISTINGS, ids=["home", "tag", "department"])
def test_pages_of_a_listing_link_to_the_previous_and_next_page(public, listing):
    first, second, third = (f"/{address}" for address in listing_pages(listing))
    expected = {first: (None, second), second: (first, third), third: (second, None)}
    for address, (previous, following) in expected.items():
        content = main(page(public, address))
        assert rel_link(content, "prev") == previous, address
        assert rel_link(content, "next") == following, address


@pytest.mark.parametrize("listing", LISTINGS, ids=["home", "tag", "department"])
def test_every_page_of_a_listing_links_to_every_page_and_to_no_missing_one(public, listing):
    addresses = [f"/{address}" for address in listing_pages(listing)]
    pattern = re.compile(rf"^/{re.escape(listing)}(page/\d+/)?$")
    for address in addresses:
        links = {href for href in hrefs(main(page(public, address))) if pattern.match(href)}
        assert links == set(addresses), address


@pytest.fixture(scope="module")
def long_listing(tmp_path_factory):
    """Twelve stories at one a page: a home listing of twelve pages."""
    files = {
        f"content/stories/s{n:02}.md": story(f"Story {n}", f"2026-01-{n:02}", "Test Police Department", ["community"])
        for n in range(1, 13)
    }
    return build_site(tmp_path_factory.mktemp("long") / "site", files, SITE_TOML.replace("paginate = 2", "paginate = 1")).public


@pytest.mark.parametrize(
    ("address", "linked"),
    [
        ("", [1, 2, 3, 12]),
        ("page/6/", [1, 4, 5, 6, 7, 8, 12]),
        ("page/12/", [1, 10, 11, 12]),
    ],
)
def test_a_long_listing_links_the_first_the_last_and_the_nearby_pages_with_a_gap_between(long_listing, address, linked):
    navigation = page(long_listing, address).xpath("//nav[@aria-label='Pagination']")[0]
    numbered = [a for a in navigation.iter("a") if a.get("rel") is None]
    assert [int(text(a).removeprefix("Page ")) for a in numbered] == linked
    assert [a.get("href") for a in numbered] == ["/" if n == 1 else f"/page/{n}/" for n in linked]
    gaps = navigation.xpath(".//li[@class='pagination-gap']")
    assert len(gaps) == sum(1 for a, b in itertools.pairwise(linked) if b - a > 1)
    assert all(exists(long_listing, href) for href in hrefs(navigation))


def test_the_pages_of_a_long_listing_with_gaps_are_valid_html(long_listing, tmp_path):
    listing = tmp_path / "listing"
    listing.mkdir()
    for n in (1, 6, 12):  # gaps after, on both sides of, and before the current page
        address = "" if n == 1 else f"page/{n}/"
        (listing / f"page-{n}.html").write_bytes((long_listing / output_file(address)).read_bytes())
    report = run_vnu(listing)
    assert report.errors == [], report.describe(listing)
    assert len(report.checked) == 3

"""The departments directory end to end: /departments/ by region with a jump list, a page for
each region, a department's chart (its numbers are its story counts), top tags and JSON-LD, and
the home page's way in."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.conftest import SITE_TOML, story
from tests.e2e.conftest import build_site
from tests.e2e.helpers import main, page, text, the_link
from tests.unit.test_parse import messages, parse

PROFILES = {
    "content/departments/north.md": (
        "---\nname: North Police Department\ncity: Northville\nregion: Lake County\nwebsite: https://north.example.org/\n---\n"
        "Serves the north shore.\n"
    ),
    "content/departments/south.md": "---\nname: South Police Department\ncity: Southport\nregion: lake county\n---\n",
    "content/departments/east.md": "---\nname: East Sheriff's Office\nregion: Hill Country\n---\n",
}
# (slug, date, department, tags)
STORIES = [
    ("n1", "2023-03-01", "North Police Department", ["rescue", "youth"]),
    ("n2", "2023-07-01", "North Police Department", ["rescue"]),
    ("n3", "2025-02-01", "North Police Department", ["youth", "rescue"]),
    ("n4", "2026-05-01", "North Police Department", ["parade"]),
    ("s1", "2025-06-01", "South Police Department", ["rescue"]),
    ("e1", "2024-01-01", "East Sheriff's Office", ["parade"]),
    ("l1", "2026-02-01", "Lone Town Police", ["parade"]),
]


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    files = {
        f"content/stories/{slug}.md": story(slug.upper(), date, department, tags) for slug, date, department, tags in STORIES
    }
    folder = tmp_path_factory.mktemp("directory") / "site"
    return build_site(folder, {**files, **PROFILES}, SITE_TOML + "paginate = 3\n").public


def rows(table) -> list[list[str]]:
    return [[text(cell) for cell in row.xpath("./th|./td")] for row in table.xpath("./tbody/tr")]


def test_the_directory_groups_departments_by_region_with_a_jump_list(public):
    content = main(page(public, "departments/"))
    jumps = content.xpath('.//nav[@aria-label="Regions"]//a')
    assert [text(a) for a in jumps] == ["Hill Country", "Lake County", "Other departments"]
    sections = [content.xpath(f'.//*[@id="{a.get("href")[1:]}"]')[0] for a in jumps]
    assert [text(s.xpath(".//h2")[0]) for s in sections] == ["Hill Country", "Lake County", "Other departments"]
    assert rows(sections[1].xpath(".//table")[0]) == [
        ["North Police Department", "Northville", "Lake County", "4", "1 March 2023", "1 May 2026"],
        ["South Police Department", "Southport", "lake county", "1", "1 June 2025", "1 June 2025"],
    ]
    assert rows(sections[2].xpath(".//table")[0]) == [["Lone Town Police", "", "", "1", "1 February 2026", "1 February 2026"]]
    assert the_link(sections[1], "/departments/region/lake-county/") is not None
    assert not sections[2].xpath(".//h2//a")  # departments without a region have no region page


def test_each_region_has_its_page_with_its_departments_and_latest_stories(public):
    content = main(page(public, "departments/region/lake-county/"))
    assert text(content.xpath(".//h1")[0]) == "Departments in Lake County"
    assert [r[0] for r in rows(content.xpath(".//table")[0])] == ["North Police Department", "South Police Department"]
    listed = [a.get("href") for a in content.xpath('.//ul[contains(@class, "story-list")]//h3/a')]
    assert listed == ["/stories/n4/", "/stories/s1/", "/stories/n3/", "/stories/n2/", "/stories/n1/"]
    assert page(public, "departments/region/hill-country/") is not None
    assert not (public / "departments/region/other-departments").exists()


def test_the_chart_numbers_are_the_story_counts_of_each_year(public):
    doc = page(public, "departments/north/")
    chart = main(doc).xpath('.//svg[@role="img"]')[0]
    expected = Counter(date[:4] for _, date, department, _ in STORIES if department.startswith("North"))
    years = {bar.get("data-year"): int(bar.get("data-count")) for bar in chart.xpath('.//*[@class="year-chart-bar"]')}
    assert years == {"2023": 2, "2024": 0, "2025": 1, "2026": 1} == {y: expected.get(y, 0) for y in years}
    labelled_by = chart.get("aria-labelledby").split()
    assert [chart.xpath(f'.//*[@id="{i}"]')[0].tag for i in labelled_by] == ["title", "desc"]
    assert text(chart.xpath(".//desc")[0]) == "2023: 2 stories; 2024: 0 stories; 2025: 1 story; 2026: 1 story."
    table = main(doc).xpath('.//table[@class="year-chart-table"]')[0]
    assert rows(table) == [["2023", "2"], ["2024", "0"], ["2025", "1"], ["2026", "1"]]
    heights = {bar.get("data-year"): float(bar.xpath("./rect")[0].get("height")) for bar in chart.xpath(".//*[@data-year]")}
    assert heights["2023"] == 2 * heights["2025"] and heights["2024"] == 0


def test_a_department_page_shows_its_profile_and_most_frequent_tags(public):
    content = main(page(public, "departments/north/"))
    assert "Serves the north shore." in text(content)
    assert the_link(content, "/departments/region/lake-county/") is not None
    assert the_link(content, "https://north.example.org/") is not None
    tags = [text(li) for li in content.xpath('.//section[@class="top-tags"]//li')]
    assert tags == ["Rescue (3)", "Youth (2)", "Parade (1)"]


def test_only_the_first_page_of_a_department_has_the_chart(public):
    assert main(page(public, "departments/north/")).xpath(".//svg")
    second = main(page(public, "departments/north/page/2/"))
    assert not second.xpath(".//svg") and second.xpath('.//ul[contains(@class, "story-list")]')


def json_ld(doc) -> dict:
    (block,) = doc.xpath('//head/script[@type="application/ld+json"]/text()')
    return json.loads(block)


def test_department_json_ld_gives_its_address_and_website(public):
    assert json_ld(page(public, "departments/north/")) == {
        "@context": "https://schema.org",
        "@type": "PoliceStation",
        "name": "North Police Department",
        "mainEntityOfPage": "https://example.org/departments/north/",
        "address": {"@type": "PostalAddress", "addressLocality": "Northville", "addressRegion": "Lake County"},
        "url": "https://north.example.org/",
    }
    east = json_ld(page(public, "departments/east/"))
    assert east["@type"] == "GovernmentOrganization"  # no city: an organisation, not a place
    assert east["address"] == {"@type": "PostalAddress", "addressRegion": "Hill Country"}


def test_the_home_page_offers_to_browse_by_region(public):
    browse = main(page(public, "")).xpath('.//section[@class="browse"]')[0]
    assert [a.get("href") for a in browse.xpath(".//h3/a")] == [
        "/departments/region/hill-country/",
        "/departments/region/lake-county/",
    ]
    assert "/departments/" in [a.get("href") for a in browse.iter("a")]
    assert not main(page(public, "page/2/")).xpath('.//section[@class="browse"]')


def test_a_region_without_letters_or_digits_is_an_error_at_its_line():
    result = parse("content/departments/x.md", "---\nname: X Police\nregion: '---'\n---\n")
    assert messages(result) == [
        'content/departments/x.md:3: error: region "---" has no letters or digits to make a web address from'
    ]

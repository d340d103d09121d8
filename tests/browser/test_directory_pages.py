"""axe-core finds no WCAG 2.1 A/AA violation on the departments directory, a region page, a
department page with its stories-a-year chart, and a redirect page, on a desktop or a phone
screen, in the light or the dark colour scheme; the chart is drawn and named for assistive technology."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.reader import WIDTHS
from tests.browser.static_host import StaticHost
from tests.browser.test_accessibility import axe_violations, open_page

NEW_PAGES = {
    "departments": "departments/",
    "region": "departments/region/lakeshore-county/",
    "department-with-chart": "departments/riverbend-police-department/",
}
REDIRECT = "stories/lost-dog-found-on-ridge-trail/"
MOVED_TO = "stories/ridge-trail-search-reunites-hikers-with-their-dog/"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", NEW_PAGES)
def test_no_wcag_violations_on_the_directory_pages(
    shared_page: Page, sample_host: StaticHost, name: str, width: str, scheme: str
):
    shared_page.emulate_media(color_scheme=scheme)
    open_page(shared_page, sample_host.url + NEW_PAGES[name], 200, width)
    results = axe_violations(shared_page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
def test_the_chart_is_drawn_and_named_for_assistive_technology(page: Page, sample_host: StaticHost):
    open_page(page, sample_host.url + NEW_PAGES["department-with-chart"], 200, "desktop")
    chart = page.get_by_role("img", name="Stories a year about the Riverbend Police Department")
    expect(chart).to_be_visible()
    bars = chart.locator("rect")
    assert bars.count() == 3
    assert all(bars.nth(i).bounding_box()["height"] > 0 for i in range(3))
    expect(page.get_by_role("table", name="Stories a year")).to_be_visible()


@pytest.mark.browser
def test_a_redirect_page_takes_the_reader_to_the_story(page: Page, archive_host: StaticHost):
    """Built for the address it is served at (its refresh names the absolute address)."""
    page.goto(archive_host.url + REDIRECT)
    page.wait_for_url(archive_host.url + MOVED_TO)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ridge Trail")


@pytest.mark.browser
def test_no_wcag_violations_on_a_redirect_page(page: Page, archive_host: StaticHost):
    # Held where it stands: the new address answers 204 No Content, and a browser stays on a page a navigation answered so.
    page.route(archive_host.url + MOVED_TO, lambda route: route.fulfill(status=204))
    page.goto(archive_host.url + REDIRECT)
    expect(page.get_by_role("heading", level=1)).to_have_text("This page has moved")
    expect(page.get_by_role("link", name="Two-Evening Search Reunites Hikers with Their Dog on Ridge Trail")).to_be_visible()
    results = axe_violations(page)
    assert results.violations_count == 0, results.generate_report()

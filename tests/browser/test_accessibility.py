"""axe-core finds no WCAG 2.1 A/AA violation on any kind of page, on a desktop or a phone screen,
in the light or the dark colour scheme."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.reader import PAGE_TYPES, WCAG_21_AA, WIDTHS, expected_status
from tests.browser.static_host import StaticHost

AXE = Axe()


def axe_violations(page: Page):
    """axe's results for the page as it is now, limited to WCAG 2.1 levels A and AA."""
    return AXE.run(page, options=WCAG_21_AA)


def open_page(page: Page, url: str, status: int, width: str) -> None:
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    response = page.goto(url)
    assert response is not None and response.status == status
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_wcag_violations(shared_page: Page, sample_host: StaticHost, page_type: str, width: str):
    open_page(shared_page, sample_host.url + PAGE_TYPES[page_type], expected_status(page_type), width)
    results = axe_violations(shared_page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(
    "page_type", ["home", "story-with-image", "tag", "department", "404", "story-with-corrections", "corrections", "data"]
)
def test_no_wcag_violations_in_the_dark_colour_scheme(page: Page, sample_host: StaticHost, page_type: str):
    page.emulate_media(color_scheme="dark")
    open_page(page, sample_host.url + PAGE_TYPES[page_type], expected_status(page_type), "desktop")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 20, 23)"
    results = axe_violations(page)
    assert results.violations_count == 0, results.generate_report()


def test_axe_finds_planted_violations(page: Page, sample_host: StaticHost):
    """The control: the same check fails on a page of the theme with two planted faults."""
    url = sample_host.url + "planted/"
    home = page.request.get(sample_host.url).text()
    planted = home.replace(
        "</main>",
        '<img src="/media/bicycle.svg"><p style="color:#c8c8c8;background:#fff">Pale grey on white</p></main>',
        1,
    )
    assert planted != home
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=planted))
    open_page(page, url, 200, "desktop")
    results = axe_violations(page)
    found = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "color-contrast"} <= found, results.generate_report()
    assert "image-alt" in results.generate_report()

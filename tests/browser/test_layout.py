"""Every kind of page fits a desktop and a phone screen: nothing sticks out sideways, and on a
phone the main navigation is there to tap."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.reader import PAGE_TYPES, WIDTHS
from tests.browser.static_host import StaticHost

# Elements whose right edge is past the viewport, except inside something that clips or scrolls
# them (a wide table or code block scrolls within itself) and except what is hidden.
OVERFLOWING = """() => {
    const width = window.innerWidth;
    const clipped = el => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== 'visible') return true;
        }
        return false;
    };
    const shown = el => {
        const style = getComputedStyle(el);
        return style.visibility !== 'hidden' && style.display !== 'none' && !clipped(el);
    };
    const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && r.right > width + 0.5 && shown(el)) {
            wide.push(describe(el) + ' right=' + Math.round(r.right));
        }
    }
    // Text sticks out of a box that fits (a long word that does not wrap): measure the text itself.
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        if (!node.textContent.trim()) continue;
        range.selectNodeContents(node);
        const r = range.getBoundingClientRect();
        const el = node.parentElement;
        if (r.width > 0 && r.right > width + 0.5 && shown(el) && getComputedStyle(el).overflowX === 'visible') {
            wide.push('text in ' + describe(el) + ' right=' + Math.round(r.right));
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_nothing_overflows_sideways(shared_page: Page, sample_host: StaticHost, page_type: str, width: str):
    page = shared_page
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.goto(sample_host.url + PAGE_TYPES[page_type])
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    result = page.evaluate(OVERFLOWING)
    assert result["wide"] == [], result
    assert result["scrollWidth"] <= result["innerWidth"] == w, result


def test_the_overflow_check_finds_a_planted_wide_element(page: Page, sample_host: StaticHost):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(sample_host.url + "about/")
    page.evaluate("document.querySelector('main h1').textContent = 'Supercalifragilisticexpialidocious'.repeat(3)")
    page.evaluate("document.querySelector('main h1').style.overflowWrap = 'normal'")
    result = page.evaluate(OVERFLOWING)
    assert any(entry.startswith("text in h1 ") for entry in result["wide"]), result
    assert result["scrollWidth"] > 390


def row_of(page: Page, *locators) -> list[float]:
    """The vertical middle of each element: equal (within a few pixels) when they share a row."""
    boxes = [locator.bounding_box() for locator in locators]
    assert all(boxes), boxes
    return [box["y"] + box["height"] / 2 for box in boxes]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_is_one_row_wordmark_navigation_or_menu_and_search(shared_page: Page, sample_host: StaticHost, width: str):
    page = shared_page
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.goto(sample_host.url + "stories/maple-hollow-bike-rodeo/")
    header = page.locator("body > header")
    wordmark = header.get_by_role("link", name="Beat", exact=True)
    search = header.get_by_role("searchbox", name="Search the stories")
    # On a desktop the navigation is in the row; on a phone, a menu button that needs no JavaScript.
    third = header.get_by_role("link", name="Archive") if width == "desktop" else header.locator("summary", has_text="Menu")
    middles = row_of(page, wordmark, search, third)
    assert max(middles) - min(middles) < 8, middles
    assert header.bounding_box()["height"] < 80  # one row, before the first headline


def test_on_a_phone_the_main_navigation_opens_from_the_menu_and_works(page: Page, sample_host: StaticHost):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(sample_host.url + "stories/maple-hollow-bike-rodeo/")
    nav = page.get_by_role("navigation", name="Main")
    names = ["Home", "Departments", "Tags", "Archive", "About Beat", "Submit a story"]
    expect(nav.get_by_role("link", name="Tags", exact=True)).to_be_hidden()
    page.locator("summary", has_text="Menu").click()
    for name in names:
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        expect(link).to_be_in_viewport()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
        assert box["height"] >= 24, f"{name!r} is a small target: {box}"  # WCAG 2.2 target size (minimum)
    nav.get_by_role("link", name="Tags", exact=True).click()
    expect(page).to_have_url(sample_host.url + "tags/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tags")
    page.locator("summary", has_text="Menu").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Tags")).to_have_attribute("aria-current", "page")


def test_on_a_phone_the_menu_opens_without_javascript(browser, sample_host: StaticHost):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(sample_host.url)
        page.locator("summary", has_text="Menu").click()
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Archive")).to_be_visible()
    finally:
        context.close()

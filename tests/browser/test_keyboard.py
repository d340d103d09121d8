"""A reader with only a keyboard: the skip link comes first, focus can always be seen, and every
link, button and field can be reached with Tab, in the order of the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.static_host import StaticHost

# Everything a reader can focus with Tab, numbered in document order (data-kbd) for the walk.
MARK_FOCUSABLE = """() => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable=""], [contenteditable=true]';
    const rendered = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const all = [...document.querySelectorAll(selector)]
        .filter(el => el.tabIndex >= 0 && !el.disabled && el.type !== 'hidden' && rendered(el) && !el.closest('[inert]'));
    all.forEach((el, i) => el.dataset.kbd = i);
    return all.length;
}"""

# What has focus now, and how it looks: its outline and shadow while focused.
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    return {
        kbd: el.dataset.kbd ?? null,
        what: el.tagName.toLowerCase() + ' ' + (el.textContent || el.name || el.id || '').trim().slice(0, 40),
        region: el.closest('body > header, body > main, body > footer, body > a')?.tagName.toLowerCase(),
        outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
        shadow: s.boxShadow,
        shows: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
    };
}"""

UNFOCUSED_LOOK = """kbd => {
    document.activeElement.blur();
    const s = getComputedStyle(document.querySelector(`[data-kbd="${kbd}"]`));
    return s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor + '|' + s.boxShadow;
}"""


def tab_through(page: Page) -> tuple[int, list[dict]]:
    """Press Tab from the top of the page until focus leaves it; every stop, in order."""
    count = page.evaluate(MARK_FOCUSABLE)
    stops: list[dict] = []
    for _ in range(count + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (stops and focused["kbd"] is not None and focused["kbd"] == stops[0]["kbd"]):
            break
        stops.append(focused)
    return count, stops


def test_the_first_tab_reaches_the_skip_link_and_it_leads_to_the_content(page: Page, sample_host: StaticHost):
    page.goto(sample_host.url + "stories/maple-hollow-bike-rodeo/")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).not_to_be_in_viewport()  # out of sight until it has focus
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport(ratio=1)
    page.keyboard.press("Enter")
    expect(page).to_have_url(sample_host.url + "stories/maple-hollow-bike-rodeo/#content")
    page.wait_for_function("Math.abs(document.getElementById('content').getBoundingClientRect().top) < 2", timeout=3000)
    page.keyboard.press("Tab")  # the next stop is the content's first link, not the navigation
    focused = page.evaluate("document.activeElement.closest('main')?.id")
    assert focused == "content", page.evaluate("document.activeElement.outerHTML")


@pytest.mark.parametrize("path", ["", "stories/maple-hollow-bike-rodeo/"], ids=["home", "story"])
def test_every_control_is_reached_by_tab_in_order_and_shows_its_focus(page: Page, sample_host: StaticHost, path: str):
    page.goto(sample_host.url + path)
    count, stops = tab_through(page)
    assert stops[0]["what"] == "a Skip to content"
    reached = [int(stop["kbd"]) for stop in stops if stop["kbd"] is not None]
    assert reached == list(range(count)), [stop["what"] for stop in stops]
    assert {stop["region"] for stop in stops} >= {"header", "main", "footer"}
    unseen = [stop for stop in stops if not stop["shows"]]
    assert unseen == [], unseen
    for stop in stops:  # the outline is there because of focus, not always
        assert page.evaluate(UNFOCUSED_LOOK, stop["kbd"]) != stop["outline"] + "|" + stop["shadow"], stop
    assert count > 15


def test_the_focus_check_sees_a_link_whose_focus_is_hidden(page: Page, sample_host: StaticHost):
    """The control: a theme that removes the outline (and the focus style's shadow) fails the test above."""
    page.goto(sample_host.url + "about/")
    page.add_style_tag(content="footer a:focus-visible { outline: none; box-shadow: none; }")
    count, stops = tab_through(page)
    hidden = [stop["what"] for stop in stops if not stop["shows"]]
    assert hidden and all(stop["region"] == "footer" for stop in stops if not stop["shows"]), stops
    assert len(stops) == count

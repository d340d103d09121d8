"""Full-page screenshots of the main kinds of page at a desktop and a phone width.

`pytest tests/browser --update-screenshots` saves them as docs/screenshots/<page>-<width>.png, and
<page>-<width>-dark.png in the dark colour scheme (the pictures in the README); without the option they go to a temporary folder, so the run still
proves every page can be photographed.
"""

from __future__ import annotations

import re
import struct

import pytest
from playwright.sync_api import Page, expect

from tests.browser.reader import PAGE_TYPES, WIDTHS
from tests.browser.static_host import StaticHost
from tests.conftest import REPO

SHOTS = {
    "home": PAGE_TYPES["home"],
    "story": "stories/harbor-city-officers-paint-the-pier/",  # a story with a picture, its caption and credit
    "tag": PAGE_TYPES["tag"],
    "department": PAGE_TYPES["department"],
    "search": PAGE_TYPES["search"] + "?q=coffee",  # the header's search box sends ?q=
    "corrected-story": PAGE_TYPES["story-with-corrections"],
    "sources": PAGE_TYPES["story-with-sources"],
    "corrections": PAGE_TYPES["corrections"],
    "data": PAGE_TYPES["data"],
}
SEARCH_RESULT = ".pagefind-ui__result-link"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", SHOTS)
def test_screenshot(shared_page: Page, sample_host: StaticHost, request, tmp_path, name: str, width: str, scheme: str):
    page = shared_page
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.emulate_media(color_scheme=scheme)
    page.goto(sample_host.url + SHOTS[name])
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for image in page.locator("main img").all():  # lazy images: wait until each has arrived
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
    if name == "search":  # wait until every result has arrived: Pagefind fills them in one by one
        message = page.locator(".pagefind-ui__message")
        expect(message).to_have_text(re.compile(r"^\d+ results? for coffee$"), timeout=20_000)  # loads wasm + index first
        expect(page.locator(SEARCH_RESULT)).to_have_count(int(message.inner_text().split()[0]))
        expect(page.locator(".pagefind-ui__loading")).to_have_count(0)
        expect(page.locator(".pagefind-ui__search-input")).to_have_value("coffee")
    page.evaluate("window.scrollTo(0, 0)")
    if request.config.getoption("--update-screenshots"):
        folder = REPO / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = tmp_path
    path = folder / f"{name}-{w}{'-dark' if scheme == 'dark' else ''}.png"
    height = page.evaluate("document.documentElement.scrollHeight")
    data = page.screenshot(path=path, full_page=True, animations="disabled", caret="hide")
    assert data == path.read_bytes()
    assert png_size(data) == (w, height)

"""A phone fetches a story's picture in its small copy, a desktop in a larger one, both as WebP;
and the picture at the top of a page is fetched at once while those further down wait (issue 13)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.static_host import StaticHost

STORY = "stories/harbor-city-officers-paint-the-pier/"
PICTURE = re.compile(r"/media/old-pier-railings(\.\d+w)?\.(jpg|webp)$")


def fetched_pictures(browser: Browser, url: str, width: int) -> list[str]:
    """The pier picture's files the browser fetched for the story at this width (a fresh cache)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        seen: list[str] = []
        page.on("request", lambda request: seen.append(request.url) if PICTURE.search(request.url) else None)
        page.goto(url)
        figure = page.locator(".story-figure img")
        expect(figure).to_have_js_property("complete", True)
        assert figure.evaluate("img => img.naturalWidth") > 0
        current = figure.evaluate("img => img.currentSrc")
        assert current in seen, (current, seen)
        return seen
    finally:
        context.close()


@pytest.mark.parametrize(("width", "copy"), [(390, "old-pier-railings.480w.webp"), (1280, "old-pier-railings.960w.webp")])
def test_a_story_picture_is_fetched_in_the_copy_its_screen_needs(
    browser: Browser, sample_host: StaticHost, width: int, copy: str
):
    seen = fetched_pictures(browser, sample_host.url + STORY, width)
    assert [url.rsplit("/", 1)[1] for url in seen] == [copy]


def test_pictures_below_the_fold_wait_until_they_are_scrolled_to(browser: Browser, sample_host: StaticHost):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        seen: list[str] = []
        page.on("request", lambda request: seen.append(request.url) if "/media/" in request.url else None)
        page.goto(sample_host.url)
        expect(page.locator(".lead-picture img")).to_have_js_property("complete", True)
        page.wait_for_load_state("load")
        lead = page.locator(".lead-picture img").evaluate("img => img.currentSrc")
        assert lead in seen
        last_card = page.locator(".card-picture img").last
        last = last_card.get_attribute("src").rsplit("/", 1)[1].rsplit(".", 1)[0]
        assert not any(f"/{last}." in url for url in seen), "the last card's picture was fetched before it was near"
        last_card.scroll_into_view_if_needed()
        expect(last_card).to_have_js_property("complete", True)
        assert any(f"/{last}.480w.webp" in url for url in seen)
    finally:
        context.close()

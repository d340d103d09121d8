"""Search in a real browser: Pagefind's interface over the index `beat build` wrote."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.reader import WCAG_21_AA, Watch

RESULT = ".pagefind-ui__result-link"
BODY_ONLY_WORD = "laundromat"  # only in the body of one sample story: not its title or summary
BODY_ONLY_STORY = "/stories/harbor-city-night-out-on-dockside-avenue/"
DEPARTMENT = "Riverbend Police Department"


@pytest.fixture(autouse=True)
def patient_page(page: Page) -> Iterator[None]:
    """Search loads its index in pieces, after the page: on a busy two-core machine that can take
    a few seconds, so wait longer than Playwright's default before calling a search broken."""
    page.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)  # Playwright's default, for the other tests


def stories_of(public: Path, department: str) -> set[str]:
    """The URLs of the sample's stories filed under `department`, read from the built pages."""
    marker = f'data-pagefind-filter="department">{department}<'
    return {
        "/" + page.parent.relative_to(public).as_posix() + "/"
        for page in (public / "stories").glob("*/index.html")
        if marker in page.read_text(encoding="utf-8")
    }


def result_urls(page: Page) -> set[str]:
    return {link.get_attribute("href") for link in page.locator(RESULT).all()}


def test_search_finds_a_story_by_a_word_only_in_its_body(page: Page, sample_host):
    watch = Watch().attach(page)
    page.goto(sample_host.url + "search/")
    page.get_by_role("textbox").fill(BODY_ONLY_WORD)
    expect(page.locator(RESULT)).to_have_count(1)
    expect(page.locator(RESULT)).to_have_attribute("href", BODY_ONLY_STORY)
    page.locator(RESULT).click()
    page.wait_for_url(f"**{BODY_ONLY_STORY}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Night Out")
    assert watch.problems == []


def result_count(page: Page, query: str) -> int:
    summary = page.get_by_text(re.compile(rf"^\d+ results? for {query}$"))
    expect(summary).to_be_visible()
    return int(summary.inner_text().split()[0])


def test_the_department_filter_narrows_the_results(page: Page, sample_host, sample_build):
    watch = Watch().attach(page)
    page.goto(sample_host.url + "search/")
    page.get_by_role("textbox").fill("officers")
    expect(page.locator(RESULT).first).to_be_visible()
    everywhere = result_count(page, "officers")

    page.get_by_text("Department", exact=True).click()  # opens the filter group
    page.get_by_label(re.compile(rf"^{DEPARTMENT}")).check()
    expect(page.get_by_text(re.compile(r"^\d+ results? for officers$"))).not_to_have_text(f"{everywhere} results for officers")
    in_riverbend = result_count(page, "officers")
    assert 0 < in_riverbend < everywhere
    expect(page.locator(RESULT)).to_have_count(min(in_riverbend, 5))  # the interface shows five at first
    assert result_urls(page) <= stories_of(sample_build, DEPARTMENT)
    assert watch.problems == []


def test_the_header_search_box_takes_the_query_to_the_search_page(page: Page, sample_host):
    # The query leaves the home page while its lazy pictures may still be coming: the browser
    # cancels them (a CI run in session 15 saw three cancelled, net::ERR_ABORTED), which is no fault.
    watch = Watch(navigating=True).attach(page)
    page.goto(sample_host.url)
    box = page.get_by_role("searchbox", name="Search the stories")
    box.fill(BODY_ONLY_WORD)
    box.press("Enter")
    page.wait_for_url(f"**/search/?q={BODY_ONLY_WORD}")
    expect(page.locator(RESULT)).to_have_attribute("href", BODY_ONLY_STORY)
    expect(page.get_by_role("textbox")).to_have_value(BODY_ONLY_WORD)
    assert watch.problems == []


def test_results_stay_under_the_base_path(page: Page, archive_host):
    watch = Watch().attach(page)
    page.goto(archive_host.url + "search/")
    page.get_by_role("textbox").fill(BODY_ONLY_WORD)
    expect(page.locator(RESULT)).to_have_attribute("href", "/archive" + BODY_ONLY_STORY)
    page.locator(RESULT).click()
    page.wait_for_url(f"**/archive{BODY_ONLY_STORY}")
    assert watch.problems == []


def test_without_javascript_the_search_page_offers_browsing_instead(browser: Browser, sample_host):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_host.url + "search/?q=anything")
        expect(page.get_by_text("Search needs JavaScript")).to_be_visible()
        page.get_by_role("link", name="Stories by tag").click()
        page.wait_for_url("**/tags/")
        # The header's box is a plain form: it still leads to the search page.
        page.get_by_role("searchbox", name="Search the stories").fill("dogs")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/search/?q=dogs")
    finally:
        context.close()


def test_with_javascript_the_browsing_links_give_way_to_the_search_box(page: Page, sample_host):
    page.goto(sample_host.url + "search/")
    expect(page.get_by_role("textbox")).to_be_visible()
    expect(page.get_by_text("Search needs JavaScript")).to_be_hidden()


def test_the_search_page_with_results_and_filters_open_is_accessible(page: Page, sample_host):
    page.goto(sample_host.url + "search/?q=officers")
    expect(page.locator(RESULT)).to_have_count(5)  # the first five results, as the interface shows
    page.get_by_text("Department", exact=True).click()
    expect(page.get_by_label(re.compile(rf"^{DEPARTMENT}"))).to_be_visible()
    page.wait_for_load_state("networkidle")  # every result's text is in: axe sees the finished page
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        results = Axe().run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, results.generate_report()


def test_a_result_shows_its_date_and_department_and_an_excerpt_that_does_not_repeat_its_title(page: Page, sample_host):
    watch = Watch().attach(page)
    page.goto(sample_host.url + "search/")
    page.get_by_role("textbox").fill("paintbrushes")  # a word of one story's title, not of its text
    result = page.locator(".pagefind-ui__result").first
    expect(result.locator(RESULT)).to_have_text("Harbor City Officers Trade Patrol for Paintbrushes on the Old Pier")
    expect(result.locator(".pagefind-ui__result-tag")).to_have_text(
        ["Date: 3 August 2024", "Department: Harbor City Police Department"]
    )
    excerpt = result.locator(".pagefind-ui__result-excerpt")
    expect(excerpt).not_to_be_empty()
    assert not excerpt.inner_text().startswith("Harbor City Officers Trade"), excerpt.inner_text()
    assert watch.problems == []

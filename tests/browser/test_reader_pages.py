"""A reader finds their way through the built sample archive in a real browser: every kind of
page loads without an error, and every link a reader follows leads where it says."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.browser.reader import NOT_FOUND, PAGE_TYPES, Watch, expected_status, load_every_image
from tests.browser.static_host import StaticHost


def fetch(url: str) -> tuple[int, str, bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location") or e.headers.get("Content-Type", ""), e.read()


def test_the_static_host_answers_like_a_real_host(sample_host: StaticHost, archive_host: StaticHost, tmp_path):
    root = sample_host.url
    assert fetch(root)[:2] == (200, "text/html; charset=utf-8")
    assert b"<h1>Latest stories</h1>" in fetch(root)[2]
    assert fetch(root + "tags")[:2] == (301, "/tags/")
    status, kind, body = fetch(root + "stories/no-such-story/")
    assert (status, kind) == (404, "text/html; charset=utf-8") and b"<h1>Page not found</h1>" in body
    assert fetch(root + "../../etc/passwd")[0] == 404
    assert fetch(root + "media/bicycle.svg")[1] == "image/svg+xml"
    assert fetch(root + "feed.xml")[1] == "application/xml"
    css = re.search(rb'href="/(static/css/style\.[0-9a-f]+\.css)"', fetch(root)[2]).group(1).decode()
    assert fetch(root + css)[:2] == (200, "text/css; charset=utf-8")
    # Published under a path: only that path exists, and the 404 page is the site's own.
    base = archive_host.url
    assert base.endswith("/archive/") and fetch(base)[0] == 200
    assert fetch(base.removesuffix("archive/"))[0] == 404
    assert fetch(base.removesuffix("/"))[:2] == (301, "/archive/")
    assert b'href="/archive/' in fetch(base + "nope/")[2]
    # Pagefind's files and the other types the site may carry (a scratch folder with one of each).
    for name in ("a.js", "a.json", "a.wasm", "wasm.en.pagefind", "x.pf_index", "x.pf_fragment", "x.pf_meta", "x.pf_filter"):
        (tmp_path / name).write_bytes(b"x")
    with StaticHost(tmp_path) as host:
        kinds = {name: fetch(host.url + name)[1] for name in ("a.js", "a.json", "a.wasm", "wasm.en.pagefind", "x.pf_index")}
        assert kinds == {
            "a.js": "text/javascript; charset=utf-8",
            "a.json": "application/json",
            "a.wasm": "application/wasm",
            "wasm.en.pagefind": "application/octet-stream",
            "x.pf_index": "application/octet-stream",
        }
        assert fetch(host.url + "x.pf_fragment")[1] == fetch(host.url + "x.pf_meta")[1] == "application/octet-stream"


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_kind_of_page_loads_without_an_error(page: Page, sample_host: StaticHost, page_type: str):
    url = sample_host.url + PAGE_TYPES[page_type]
    watch = Watch(allowed={url} if page_type == NOT_FOUND else set()).attach(page)
    response = page.goto(url)
    assert response is not None and response.status == expected_status(page_type)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator("link[rel=stylesheet]").first).to_be_attached()
    assert page.evaluate("getComputedStyle(document.body).display") == "flex", "the stylesheet did not apply"
    load_every_image(page)
    page.wait_for_load_state("networkidle")  # late requests (the icon, scripts' fetches) are heard too
    assert watch.problems == []


def test_the_watch_hears_a_broken_image_a_script_error_and_a_missing_stylesheet(page: Page, sample_host: StaticHost):
    """The control for the test above: each of these problems is reported."""
    watch = Watch().attach(page)
    page.goto(sample_host.url + "about/")
    with (
        page.expect_event("pageerror"),
        page.expect_console_message(lambda message: message.text == "planted console error"),
        page.expect_response(lambda response: response.url.endswith("/gone.css")),
        page.expect_response(lambda response: response.url.endswith("/missing.svg")),
    ):
        page.evaluate(
            """() => new Promise(done => {
            let failed = 0;
            const onerror = () => ++failed === 2 && done();
            const img = document.createElement('img'); img.alt = 'x'; img.onerror = onerror;
            img.src = 'media/missing.svg'; document.body.append(img);
            const css = document.createElement('link'); css.rel = 'stylesheet'; css.onerror = onerror;
            css.href = '/static/css/gone.css'; document.head.append(css);
            setTimeout(() => { throw new Error('planted'); });
            console.error('planted console error');
        })"""
        )
    text = "\n".join(watch.problems)
    assert "HTTP 404: " + sample_host.url + "about/media/missing.svg" in text
    assert "HTTP 404: " + sample_host.url + "static/css/gone.css" in text
    assert "uncaught exception: planted" in text
    assert "console error: planted console error" in text


@pytest.mark.parametrize("host", ["sample_host", "archive_host"])
def test_a_missing_page_answers_404_with_the_sites_page_and_its_links_work(page: Page, request, host: str):
    site: StaticHost = request.getfixturevalue(host)
    missing = site.url + "stories/2031/never-written/"
    watch = Watch(allowed={missing}, navigating=True).attach(page)
    response = page.goto(missing)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title("Page not found · Beat")
    links = {
        "The latest stories": ("", "Latest stories"),
        "The archive, year by year": ("archive/", "Archive"),
        "Stories by tag": ("tags/", "Tags"),
        "Stories by department": ("departments/", "Departments"),
    }
    for name, (path, heading) in links.items():
        page.get_by_role("main").get_by_role("link", name=name).click()
        expect(page).to_have_url(site.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        page.go_back()
        expect(page).to_have_url(missing)
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert page.evaluate("getComputedStyle(document.body).display") == "flex", "the stylesheet did not apply"
    assert watch.problems == []


WATCH_STORY = "Maple Hollow Brings Back Its Neighborhood Watch, with a Few Changes"


def walk_home_story_tag_department(page: Page, site: str) -> None:
    """Home -> a story -> one of its tags -> a department listed there -> back to the tag page."""
    page.goto(site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest stories")
    page.get_by_role("link", name=WATCH_STORY).click()
    expect(page).to_have_url(site + "stories/maple-hollow-neighborhood-watch-returns/")
    expect(page.get_by_role("heading", level=1)).to_have_text(WATCH_STORY)

    page.get_by_role("article").get_by_role("link", name="Community Policing").click()
    expect(page).to_have_url(site + "tags/community-policing/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community Policing")
    expect(page.get_by_role("link", name=WATCH_STORY)).to_be_visible()

    page.get_by_role("main").get_by_role("link", name="Harbor City Police Department").first.click()
    expect(page).to_have_url(site + "departments/harbor-city-police-department/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbor City Police Department")

    page.go_back()
    expect(page).to_have_url(site + "tags/community-policing/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community Policing")


def walk_pagination(page: Page, site: str) -> None:
    """The home listing has two pages (17 stories, 10 a page): next, previous, by number, back."""
    page.goto(site)
    listing = page.get_by_role("navigation", name="Pagination")
    expect(listing.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    expect(page.locator(".lead-story")).to_have_count(1)  # the first page leads with one story, then nine cards
    expect(page.locator(".story-list > li")).to_have_count(9)
    listing.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(site + "page/2/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stories, page 2")
    expect(page.locator(".story-list > li")).to_have_count(7)
    expect(listing.get_by_role("link", name="Next page")).to_have_count(0)
    listing.get_by_role("link", name="Previous page").click()
    expect(page).to_have_url(site)
    listing.get_by_role("link", name="Page 2", exact=True).click()
    expect(page).to_have_url(site + "page/2/")
    page.go_back()
    expect(page).to_have_url(site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest stories")


def walk_archive(page: Page, site: str) -> None:
    """The main navigation's Archive -> a year -> a story of that year."""
    page.goto(site)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Archive").click()
    expect(page).to_have_url(site + "archive/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Archive")
    page.get_by_role("main").get_by_role("link", name="2024").click()
    expect(page).to_have_url(site + "archive/2024/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stories from 2024")
    page.get_by_role("link", name=re.compile("Bike Rodeo")).click()
    expect(page).to_have_url(site + "stories/maple-hollow-bike-rodeo/")
    expect(page.get_by_role("img", name=re.compile("red bicycle"))).to_be_visible()


WALKS = [walk_home_story_tag_department, walk_pagination, walk_archive]


@pytest.mark.parametrize("walk", WALKS, ids=lambda walk: walk.__name__)
def test_a_reader_walks_the_site(page: Page, sample_host: StaticHost, walk):
    watch = Watch(navigating=True).attach(page)
    walk(page, sample_host.url)
    assert watch.problems == []


def test_published_under_a_path_every_walk_and_every_link_stays_under_it(page: Page, archive_host: StaticHost):
    watch = Watch(navigating=True).attach(page)
    visited: list[str] = []
    page.on("framenavigated", lambda frame: visited.append(frame.url) if frame == page.main_frame else None)
    for walk in WALKS:
        walk(page, archive_host.url)
    assert watch.problems == []
    assert all(url.startswith(archive_host.url) for url in visited), visited
    addresses: dict[str, list[str]] = {}
    for url in dict.fromkeys(visited):
        page.goto(url)
        addresses[url] = page.evaluate(
            "() => [...document.querySelectorAll('a[href], link[href], img[src], script[src]')]"
            ".map(e => e.href || e.src).filter(u => u.startsWith(location.origin))"
        )
    assert len(addresses) == 8, sorted(addresses)  # home, page 2, story x2, tag, department, archive, year
    outside = {u for urls in addresses.values() for u in urls if not u.startswith(archive_host.url)}
    assert outside == set()
    assert sum(map(len, addresses.values())) > 200

"""A preview started on a broken site: the tab shows the problems, then turns into the site by itself."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.conftest import story
from tests.serve.conftest import RunningServer, write_atomically


def test_a_tab_opened_before_the_first_good_build_turns_into_the_site_when_the_fix_is_saved(page: Page, make_site):
    site = make_site({"content/stories/first.md": "---\ntitle: [broken\n---\nText.\n"})
    server = RunningServer(site)
    try:
        response = page.goto(f"http://127.0.0.1:{server.port}/stories/first/")
        assert response is not None and response.status == 503
        problems = page.get_by_role("alert")
        expect(problems).to_contain_text("content/stories/first.md:2: error")
        expect(problems).to_contain_text("could not build the site yet")
        # No need to wait for the live-reload stream: it names the version the page shows, and a
        # newer one served before it connects is announced at once.
        page.evaluate("window.__stillTheProblemsPage = true")

        write_atomically(site.root / "content/stories/first.md", story(title="First Story, Fixed"))

        expect(page.get_by_role("heading", level=1)).to_have_text("First Story, Fixed", timeout=10000)
        expect(page.locator("#beat-problems")).to_have_count(0)
        assert page.evaluate("window.__stillTheProblemsPage === undefined"), "the tab reloaded by itself"
    finally:
        server.stop()

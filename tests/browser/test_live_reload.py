"""An open preview tab reloads by itself when a story is saved."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.conftest import story
from tests.serve.conftest import RunningServer, write_atomically


def test_an_open_page_reloads_by_itself_after_a_story_is_edited(page: Page, preview_site):
    server = RunningServer(preview_site)
    try:
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(f"http://127.0.0.1:{server.port}/stories/first/")
        expect(page.get_by_role("heading", level=1)).to_have_text("First Story")
        page.evaluate("window.__notReloaded = true")
        page.wait_for_timeout(300)  # let the live-reload stream connect

        path = preview_site.root / "content/stories/first.md"
        path.write_text(story(title="First Story, Revised", date="2026-01-01", tags=["alpha"]), encoding="utf-8")

        expect(page.get_by_role("heading", level=1)).to_have_text("First Story, Revised", timeout=5000)
        assert page.evaluate("window.__notReloaded === undefined"), "the page itself reloaded"
        assert errors == []
    finally:
        server.stop()


def test_the_problems_banner_appears_and_clears_in_the_browser(page: Page, preview_site):
    server = RunningServer(preview_site)
    try:
        page.goto(f"http://127.0.0.1:{server.port}/")
        page.wait_for_timeout(300)
        path = preview_site.root / "content/stories/first.md"
        good = path.read_text(encoding="utf-8")
        path.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
        banner = page.locator("#beat-problems")
        expect(banner).to_contain_text("content/stories/first.md:2: error", timeout=5000)
        expect(page.get_by_role("alert")).to_be_visible()
        path.write_text(good, encoding="utf-8")
        expect(banner).to_have_count(0, timeout=5000)
    finally:
        server.stop()


def _open(page: Page, url: str) -> None:
    """Open a preview page and wait until its live-reload stream is connected."""
    with page.expect_response(lambda response: "/__beat/events" in response.url):
        page.goto(url)


def test_an_edit_reloads_the_tabs_it_changes_once_and_leaves_the_others(page: Page, preview_site):
    server = RunningServer(preview_site)
    try:
        # Each tab counts its own loads (sessionStorage lives as long as the tab).
        page.context.add_init_script("sessionStorage.loads = String(Number(sessionStorage.loads || 0) + 1)")
        edited, other = page, page.context.new_page()
        _open(edited, f"http://127.0.0.1:{server.port}/stories/first/")
        _open(other, f"http://127.0.0.1:{server.port}/stories/second/")
        before = server.rebuilds()
        # Saved as editors save: a file caught half-written would fail a build and reload every tab.
        write_atomically(
            preview_site.root / "content/stories/first.md",
            story(title="First Story", date="2026-01-01", tags=["alpha"], body="A body written again."),
        )
        expect(edited.get_by_text("A body written again.").first).to_be_visible(timeout=5000)
        server.wait_for_rebuild(before)
        # The second story's own edit: its tab reloads now, once; the first edit never reloaded it.
        write_atomically(
            preview_site.root / "content/stories/second.md",
            story(title="Second Story, Revised", date="2026-02-01", tags=["alpha", "beta"]),
        )
        expect(other.get_by_role("heading", level=1)).to_have_text("Second Story, Revised", timeout=5000)
        assert other.evaluate("sessionStorage.loads") == "2"
        # The first story's page shows the second's title in its link to the next story: one more reload.
        expect(edited.get_by_text("Second Story, Revised").first).to_be_visible(timeout=5000)
        assert edited.evaluate("sessionStorage.loads") == "3"
    finally:
        server.stop()

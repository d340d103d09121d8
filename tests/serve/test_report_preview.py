"""The preview serves the archive report at /_beat/report/ (never published), linked from the
problems banner, and a saved story's guard warning shows in the banner and the report."""

from __future__ import annotations

import html

from markupsafe import escape

from tests.conftest import story


def test_the_report_is_served_and_a_saved_misspelling_shows_in_the_banner_and_the_report(server):
    status, report = server.get("/_beat/report/")
    assert status == 200
    assert "<h1>Archive report: Test Beat</h1>" in report and "events?epoch=" in report
    assert "No problems." in report
    assert server.request("/_beat/report")[0] == 301

    before = server.rebuilds()
    (server.site.root / "content/stories/third.md").write_text(
        story(title="Third Story", date="2026-03-01", department="Tset Police Department", tags=["alpha"]), encoding="utf-8"
    )
    server.wait_for_rebuild(before)
    message = 'unknown department "Tset Police Department"; did you mean "Test Police Department"?'
    _, page = server.get("/")
    assert html.escape(f"content/stories/third.md:4: warning: {message}") in page
    assert '<a href="/_beat/report/"' in page
    status, report = server.get("/_beat/report/")
    assert status == 200 and str(escape(message)) in report


def test_the_report_is_no_file_of_the_site(server):
    """It is answered by the server, not from the built files: the site has no _beat/ folder."""
    assert server.get("/_beat/report/index.html")[0] == 404

"""`beat serve` over real HTTP: edits, additions, deletions, renames and broken files while serving."""

from __future__ import annotations

import http.client
import re
import time

from tests.conftest import story
from tests.serve.conftest import RunningServer, write_atomically


def open_event_stream(server: RunningServer, epoch: int) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", f"/__beat/events?epoch={epoch}")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream"
    return response


def next_event(stream: http.client.HTTPResponse) -> str:
    """The next event's name, skipping comments and the retry line."""
    while True:
        line = stream.fp.readline().decode()
        if line.startswith("event:"):
            return line.split(":", 1)[1].strip()
        if line == "":
            raise AssertionError("event stream closed without an event")


def test_the_preview_serves_the_site_at_the_root_with_the_reload_script(server):
    status, page = server.get("/")
    assert status == 200
    assert "Second Story" in page and "First Story" in page
    assert re.search(r'new EventSource\("/__beat/events\?epoch=\d+&path=" \+ encodeURIComponent\(location\.pathname\)\)', page)
    assert not (server.site.root / "public").exists(), "serve must never write the published folder"


def test_editing_a_story_sends_a_reload_and_serves_the_new_text(server):
    stream = open_event_stream(server, server.epoch())
    before = server.rebuilds()
    path = server.site.root / "content/stories/first.md"
    path.write_text(story(title="First Story, Edited", date="2026-01-01", tags=["alpha"]), encoding="utf-8")
    assert next_event(stream) == "reload"
    status, page = server.get("/stories/first/")
    assert status == 200 and "First Story, Edited" in page  # its page may come first (serve/storyfirst.py)
    server.wait_for_rebuild(before)
    assert "First Story, Edited" in server.get("/tags/alpha/")[1]


def test_a_save_written_as_temp_file_and_rename_is_seen(server):
    before = server.rebuilds()
    write_atomically(server.site.root / "content/stories/second.md", story(title="Renamed Save", date="2026-02-01"))
    line = server.wait_for_rebuild(before)
    assert line.startswith("content/stories/second.md:"), line
    assert "Renamed Save" in server.get("/stories/second/")[1]


def test_adding_a_story_adds_its_page_and_listings(server):
    before = server.rebuilds()
    (server.site.root / "content/stories/third.md").write_text(
        story(title="Third Story", date="2026-03-01", tags=["gamma"]), encoding="utf-8"
    )
    server.wait_for_rebuild(before)
    assert server.get("/stories/third/")[0] == 200
    assert "Third Story" in server.get("/")[1]
    assert server.get("/tags/gamma/")[0] == 200


def test_deleting_a_story_makes_its_page_404_and_removes_it_from_every_listing(server):
    before = server.rebuilds()
    (server.site.root / "content/stories/second.md").unlink()
    server.wait_for_rebuild(before)
    status, page = server.get("/stories/second/")
    assert status == 404 and "Page not found" in page
    assert "Second Story" not in server.get("/")[1]
    assert "Second Story" not in server.get("/tags/alpha/")[1]
    assert server.get("/tags/beta/")[0] == 404, "a tag used only by the deleted story has no page"
    assert "Second Story" not in server.get("/feed.xml")[1]


def test_renaming_a_story_moves_its_page(server):
    before = server.rebuilds()
    root = server.site.root
    (root / "content/stories/first.md").rename(root / "content/stories/the-first.md")
    server.wait_for_rebuild(before)
    assert server.get("/stories/first/")[0] == 404
    assert server.get("/stories/the-first/")[0] == 200


def test_profiles_pages_media_and_templates_show_up(server):
    root = server.site.root
    before = server.rebuilds()
    (root / "content/tags").mkdir()
    (root / "content/tags/alpha.md").write_text("---\ntitle: Alpha Team\n---\nAbout alpha.\n", encoding="utf-8")
    (root / "content/pages/about.md").write_text("---\ntitle: About Us Now\n---\nNew.\n", encoding="utf-8")
    (root / "content/media").mkdir()
    (root / "content/media/dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', encoding="utf-8"
    )
    (root / "templates").mkdir()
    (root / "templates/404.html").write_text("custom not found", encoding="utf-8")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if server.get("/nothing/")[1].startswith("custom not found") and server.get("/media/dot.svg")[0] == 200:
            break
        time.sleep(0.05)
    assert server.rebuilds() > before
    assert "Alpha Team" in server.get("/tags/alpha/")[1]
    assert "About Us Now" in server.get("/about/")[1]
    status, headers, _ = server.request("/media/dot.svg")
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
    assert server.get("/nothing/")[1].startswith("custom not found")


def test_broken_front_matter_keeps_the_last_good_pages_and_shows_a_banner_until_fixed(server):
    path = server.site.root / "content/stories/first.md"
    good = path.read_text(encoding="utf-8")
    before = server.rebuilds()
    path.write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    assert "not rebuilt" in server.wait_for_rebuild(before)
    status, page = server.get("/stories/first/")
    assert status == 200 and "First Story" in page, "the last good page is still served"
    assert 'id="beat-problems"' in page
    assert "content/stories/first.md:2: error: invalid YAML" in page
    assert 'id="beat-problems"' in server.get("/tags/alpha/")[1], "every page shows the banner"
    assert server.process.poll() is None

    before = server.rebuilds()
    path.write_text(good, encoding="utf-8")
    server.wait_for_rebuild(before)
    assert 'id="beat-problems"' not in server.get("/stories/first/")[1]


def save_marker_and_wait(server: RunningServer) -> str:
    """Save one more story and return the rebuild line that names it.

    Events arrive in order, so any rebuild that earlier changes were going to cause comes
    before this one or shares its line: a test waits for this line instead of sleeping.
    """
    start = len(server.lines)
    (server.site.root / "content/stories/zz-marker.md").write_text(story(title="Marker"), encoding="utf-8")
    return server.wait_for_line(r"^.*zz-marker.*: \d+ pages rewritten.*$", start=start).group(0)


def test_a_burst_of_two_hundred_files_is_one_rebuild(server):
    # Once the server is idle: its search indexer, busy just after the first build, would hold
    # up the watcher's thread, and a watcher that hears nothing for a moment starts a rebuild.
    server.wait_for_line("search index ready")
    before = server.rebuilds()
    folder = server.site.root / "content/stories/burst"
    folder.mkdir()
    for number in range(200):
        (folder / f"b{number:03d}.md").write_text(story(title=f"Burst {number}", date="2025-05-05"), encoding="utf-8")
    first = server.wait_for_rebuild(before)
    assert "and 198 more" in first, server.lines  # the folder and its 200 files
    marker = save_marker_and_wait(server)
    assert marker.startswith("content/stories/zz-marker.md: "), server.lines
    assert server.rebuilds() == before + 2, server.lines
    assert server.get("/stories/b199/")[0] == 200


def test_editor_swap_and_hidden_files_cause_no_rebuild(server):
    before = server.rebuilds()
    stories = server.site.root / "content/stories"
    (stories / ".first.md.swp").write_text("swap", encoding="utf-8")
    (stories / "first.md~").write_text("backup", encoding="utf-8")
    (stories / ".hidden.md").write_text("hidden", encoding="utf-8")
    (server.site.root / "notes.txt").write_text("not a source", encoding="utf-8")
    marker = save_marker_and_wait(server)
    assert marker.startswith("content/stories/zz-marker.md: "), server.lines
    assert server.rebuilds() == before + 1, server.lines


def test_a_changed_site_toml_rebuilds_everything(server):
    before = server.rebuilds()
    toml = server.site.root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("Test Beat", "Renamed Beat"), encoding="utf-8")
    server.wait_for_rebuild(before)
    assert "Renamed Beat" in server.get("/stories/first/")[1]

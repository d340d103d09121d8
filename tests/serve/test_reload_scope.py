"""A tab reloads when what it shows changed: its page, the problems, or a file pages load (style
sheets, pictures, the search index); not when only other pages, feeds or open data did."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

from builder.outputs import OutputFile
from builder.problems import warning
from builder.serve.state import STEPS_KEPT, PreviewState
from tests.conftest import story
from tests.serve.conftest import RunningServer, write_atomically

SITE = {
    "index.html": OutputFile("index.html", b"<p>home</p>"),
    "stories/a/index.html": OutputFile("stories/a/index.html", b"<p>a</p>"),
    "stories/b/index.html": OutputFile("stories/b/index.html", b"<p>b</p>"),
    "404.html": OutputFile("404.html", b"<p>not found</p>"),
    "feed.xml": OutputFile("feed.xml", b"<feed/>"),
    "data/stories.json": OutputFile("data/stories.json", b"[]"),
    "static/css/style.1.css": OutputFile("static/css/style.1.css", b"body{}"),
    "pagefind/2026/pagefind-entry.json": OutputFile("pagefind/2026/pagefind-entry.json", b"{}"),
}
TABS = {"/", "/stories/a/", "/stories/b/", "/stories/c/", "/stories/c", "/nowhere/", "/feed.xml"}  # what tabs show


def _two_builds(changes: dict[str, OutputFile | None], problems=()) -> tuple[PreviewState, int, int]:
    state = PreviewState()
    before = state.publish(SITE, ()).epoch
    files = {**SITE, **{path: output for path, output in changes.items() if output is not None}}
    files = {path: output for path, output in files.items() if changes.get(path, output) is not None}
    after = state.publish(files, tuple(problems)).epoch
    return state, before, after


@pytest.mark.parametrize(
    ("changes", "reloads"),
    [
        ({"stories/a/index.html": OutputFile("stories/a/index.html", b"<p>a, edited</p>")}, {"/stories/a/"}),
        ({"feed.xml": OutputFile("feed.xml", b"<feed>new</feed>")}, {"/feed.xml"}),
        ({"data/stories.json": OutputFile("data/stories.json", b"[1]")}, set()),
        (
            {"static/css/style.1.css": OutputFile("static/css/style.1.css", b"p{}")},
            TABS,
        ),
        ({"static/css/style.1.css": None}, TABS),
        (
            {"pagefind/2026/pagefind-entry.json": OutputFile("pagefind/2026/pagefind-entry.json", b"{1}")},
            TABS,
        ),
        ({"stories/c/index.html": OutputFile("stories/c/index.html", b"<p>c</p>")}, {"/stories/c/", "/stories/c"}),
        ({"stories/b/index.html": None}, {"/stories/b/"}),
        ({"404.html": OutputFile("404.html", b"<p>gone</p>")}, TABS),  # changed only with a template all pages use
    ],
    ids=[
        "own page",
        "a feed",
        "open data",
        "style sheet",
        "style sheet removed",
        "search index",
        "new page",
        "page removed",
        "404 page",
    ],
)
def test_a_tab_reloads_only_for_what_it_shows(changes, reloads):
    state, before, after = _two_builds(changes)
    for path in TABS:
        assert state.shows_differently(before, after, path) == (path in reloads), path


def test_new_problems_reload_every_tab_and_forgotten_builds_reload_to_be_safe():
    state, before, after = _two_builds({}, problems=[warning("content/stories/a.md", "a warning")])
    assert state.shows_differently(before, after, "/stories/b/")
    state, before, after = _two_builds({})
    assert not state.shows_differently(before, after, "/stories/b/")
    for _ in range(STEPS_KEPT):
        state.publish(SITE, ())
    assert state.shows_differently(before, state.snapshot.epoch, "/stories/b/")  # `before` is forgotten


def _stream(server: RunningServer, epoch: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", f"/__beat/events?epoch={epoch}&path={path}")
    return connection.getresponse()


def _reload_epoch(stream: http.client.HTTPResponse) -> int:
    """The build a reload event names, skipping keep-alives."""
    event = None
    while True:
        line = stream.fp.readline().decode()
        if line == "":
            raise AssertionError("the stream ended without a reload")
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event == "reload":
            return int(line.split(":", 1)[1])


def test_a_tab_on_another_story_is_not_reloaded_by_an_edit_and_the_edited_story_reloads_once(server):
    root: Path = server.site.root
    epoch = server.epoch()
    other = _stream(server, epoch, "/stories/first/")
    edited = _stream(server, epoch, "/stories/second/")
    before = server.rebuilds()
    # Saved as editors save (a new file renamed over the story): a file caught half-written on a
    # busy machine would be a failed build, and a reload of every tab.
    write_atomically(
        root / "content/stories/second.md",
        story(title="Second Story", date="2026-02-01", tags=["alpha", "beta"], body="Edited body."),
    )
    # The story's page, served before the rebuild. The event names the build being served when the
    # stream woke: on a busy machine, already the rebuild's.
    served_first = _reload_epoch(edited)
    assert "Edited body." in server.get("/stories/second/")[1]
    server.wait_for_rebuild(before)
    rebuilt = server.epoch()
    assert rebuilt >= served_first
    # A tab showing the page served first is not reloaded by the rebuild, which made the same page:
    # its next reload is for a later change.
    again = _stream(server, served_first, "/stories/second/")
    before = server.rebuilds()
    write_atomically(root / "content/stories/first.md", story(title="First Story, Edited", date="2026-01-01", tags=["alpha"]))
    server.wait_for_rebuild(before)
    assert _reload_epoch(other) > rebuilt  # its first reload is for its own story's edit
    # The second story's page links to the first by its title: it changed, and reloads now, once.
    assert _reload_epoch(again) > rebuilt


def test_a_search_index_slipped_in_between_builds_reloads_tabs_at_the_next_build():
    state = PreviewState()
    first = state.publish(SITE, ()).epoch
    index = {"pagefind/2026/pagefind-entry.json": OutputFile("pagefind/2026/pagefind-entry.json", b"{2}")}
    assert state.replace_folder(first, "pagefind/", index)
    second = state.publish(state.snapshot.files, ()).epoch
    assert state.shows_differently(first, second, "/search/")
    third = state.publish(state.snapshot.files, ()).epoch
    assert not state.shows_differently(second, third, "/search/")

"""The preview stays up through anything the content or the machine does, and shows it."""

from __future__ import annotations

import errno
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from builder.outputs import OutputFile
from builder.serve.session import PreviewSession, ServeOptions
from builder.serve.state import PreviewState
from tests.conftest import story
from tests.serve.conftest import RunningServer, write_atomically

BROKEN = "---\ntitle: [broken\n---\nText.\n"


def wait_until(condition, timeout: float = 10, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_a_preview_started_on_a_broken_site_shows_the_problems_on_every_page_until_they_are_fixed(make_site):
    site = make_site({"content/stories/first.md": BROKEN})
    server = RunningServer(site)
    try:
        line = server.wait_for_line(r"not built yet")
        assert re.search(r"first build: not built yet: 1 problem; showing them on every page until they are fixed", line.string)
        assert not any("serving the last good version" in line for line in server.lines), "there is no good version"

        for path in ("/", "/stories/first/", "/no/such/page/", "/feed.xml"):
            status, headers, body = server.request(path)
            page = body.decode()
            # 503, not 404: these pages exist as soon as the problem is fixed.
            assert status == 503, path
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            assert "content/stories/first.md:2: error" in page
            assert 'id="beat-problems"' in page and "could not build the site yet" in page
            assert re.search(
                r'new EventSource\("/__beat/events\?epoch=\d+&path=" \+ encodeURIComponent\(location\.pathname\)\)', page
            ), "the tab must be able to recover"

        before = server.rebuilds()
        write_atomically(site.root / "content/stories/first.md", story(title="First Story"))
        assert "pages rewritten" in server.wait_for_rebuild(before)
        status, page = server.get("/stories/first/")
        assert status == 200 and "First Story" in page and "beat-problems" not in page
        assert server.get("/no/such/page/")[0] == 404
    finally:
        server.stop()


@contextmanager
def running_session(root: Path, lines: list[str]) -> Iterator[PreviewSession]:
    """The preview in this process (so the test can make the machine fail under it), on a free port."""
    session = PreviewSession(root, ServeOptions(port=0), say=lines.append)
    session.bind()
    thread = threading.Thread(target=session.run, daemon=True)
    thread.start()
    try:
        wait_until(lambda: any(line.startswith("Serving") for line in lines), what="the first build")
        yield session
    finally:
        session.stop_requested.set()
        thread.join(10)
    assert not thread.is_alive()


def fetch(session: PreviewSession, path: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(session.base_url.rstrip("/") + path, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as failure:
        return failure.code, failure.read().decode()


def test_a_folder_that_cannot_be_read_while_serving_is_a_problem_not_an_exit(make_site, monkeypatch):
    site = make_site({"content/stories/2024/old.md": story(title="Old Story", date="2024-03-01")})
    unreadable = str(site.root / "content/stories/2024")
    real_scandir = os.scandir

    def scandir(path="."):
        # Tests run as root, and chmod 000 does not stop root from reading: the failure the
        # kernel gives an ordinary user (or an unmounted drive) is made here instead.
        if os.fspath(path) == unreadable:
            raise PermissionError(errno.EACCES, "Permission denied", unreadable)
        return real_scandir(path)

    lines: list[str] = []
    with running_session(site.root, lines) as session:
        assert fetch(session, "/stories/old/")[0] == 200
        monkeypatch.setattr(os, "scandir", scandir)
        session.collector.add({"content/stories/2024/old.md"})  # what the watcher reports for a save there
        wait_until(lambda: any("not rebuilt" in line for line in lines), what="the failed rebuild")
        assert "content/stories/2024: error: cannot be read: Permission denied" in "\n".join(lines)

        status, page = fetch(session, "/stories/old/")
        assert status == 200 and "Old Story" in page, "the last good version is served on"
        assert "content/stories/2024: error: cannot be read: Permission denied" in page

        monkeypatch.setattr(os, "scandir", real_scandir)
        done = len(lines)
        session.collector.add({"content/stories/2024/old.md"})
        wait_until(lambda: any("pages rewritten" in line for line in lines[done:]), what="the recovery")
        assert "beat-problems" not in fetch(session, "/stories/old/")[1]


def test_an_unexpected_exception_in_a_rebuild_is_a_problem_and_the_preview_serves_on(make_site, monkeypatch):
    import builder.serve.session as session_module

    site = make_site({"content/stories/a.md": story(title="Kept Story")})
    lines: list[str] = []
    with running_session(site.root, lines) as session:

        def failing_build(*args, **kwargs):
            raise ValueError("something Beat did not expect")

        monkeypatch.setattr(session_module, "build", failing_build)
        session.collector.add({"content/stories/a.md"})
        wait_until(lambda: any("not rebuilt" in line for line in lines), what="the failed rebuild")
        assert any("beat serve: error: the rebuild stopped on ValueError: something Beat did not expect" in x for x in lines)
        status, page = fetch(session, "/stories/a/")
        assert status == 200 and "Kept Story" in page and "something Beat did not expect" in page
        monkeypatch.undo()
        done = len(lines)
        session.collector.add({"content/stories/a.md"})
        wait_until(lambda: any("pages rewritten" in line for line in lines[done:]), what="the recovery")


def test_a_symbolic_link_loop_saved_while_serving_does_not_end_the_preview(server):
    """A real trigger, as root too: a link to itself makes path resolution fail inside the build."""
    before = server.rebuilds()
    loop = server.site.root / "content/stories/loop.md"
    loop.symlink_to(loop)
    line = server.wait_for_rebuild(before)
    assert "not rebuilt" in line
    assert server.process.poll() is None, "the preview must not exit"
    assert not any("Traceback" in line for line in server.lines)
    status, page = server.get("/stories/first/")
    assert status == 200 and "First Story" in page and "content/stories/loop.md" in page
    before = server.rebuilds()
    loop.unlink()
    assert "pages rewritten" in server.wait_for_rebuild(before)
    assert "beat-problems" not in server.get("/stories/first/")[1]


def test_a_page_that_read_the_last_search_index_can_still_fetch_its_files_after_a_new_one_lands():
    """The race behind the search preview test's 404 under load: the entry file of one index,
    then its chunks after the next index replaced it."""
    state = PreviewState()
    snapshot = state.publish({"index.html": OutputFile("index.html", b"<p>home</p>")}, ())

    def index(generation: str) -> dict[str, OutputFile]:
        return {
            "pagefind/2026/pagefind-entry.json": OutputFile("pagefind/2026/pagefind-entry.json", generation.encode()),
            f"pagefind/2026/fragment/{generation}.pf_fragment": OutputFile(
                f"pagefind/2026/fragment/{generation}.pf_fragment", b""
            ),
        }

    for generation in ("one", "two", "three"):
        assert state.replace_folder(snapshot.epoch, "pagefind/", index(generation))
    served = {**state.snapshot.superseded, **state.snapshot.files}  # what the server answers (files first)
    assert served["pagefind/2026/pagefind-entry.json"].data == b"three"
    assert "pagefind/2026/fragment/three.pf_fragment" in served
    assert "pagefind/2026/fragment/two.pf_fragment" in served, "the index before still answers a page that read it"
    assert "pagefind/2026/fragment/one.pf_fragment" not in served, "older ones are dropped"
    assert "pagefind/2026/fragment/two.pf_fragment" not in state.snapshot.files, "the site itself is as a clean build"
    assert "index.html" in served

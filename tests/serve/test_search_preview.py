"""`beat serve` keeps a search index of the stories it serves, made after each reload."""

from __future__ import annotations

import json
import re
import time

from tests.conftest import story
from tests.pagefind_files import decode, fragment
from tests.serve.conftest import RunningServer, write_atomically


def served_index(server: RunningServer) -> dict[str, str] | None:
    """url -> indexed text of every page in the indexes being served (the search page lists
    them, one a year), or None if one of them is not there yet."""
    status, page = server.get("/search/")
    assert status == 200
    bundles = re.search(r'data-bundles="([^"]*)"', page).group(1).split()
    pages = {}
    for bundle in bundles:
        status, _, body = server.request(f"{bundle}pagefind-entry.json")
        if status != 200:
            return None
        language = json.loads(body)["languages"]["en"]["hash"]
        status, _, meta = server.request(f"{bundle}pagefind.{language}.pf_meta")
        assert status == 200
        for page_hash, _ in decode(meta)[1]:
            status, _, blob = server.request(f"{bundle}fragment/{page_hash}.pf_fragment")
            assert status == 200
            indexed = fragment(blob)
            pages[indexed["url"]] = indexed["content"]
    return pages


def wait_for_index(server: RunningServer, ready, timeout: float = 15) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while True:
        pages = served_index(server)
        if pages is not None and ready(pages):
            return pages
        if time.monotonic() > deadline:
            raise AssertionError(f"the served index never became ready: {pages}")
        time.sleep(0.05)


def test_the_preview_serves_a_search_index_that_follows_edits(server):
    pages = wait_for_index(server, lambda pages: len(pages) == 2)
    assert set(pages) == {"/stories/first/", "/stories/second/"}
    status, body = server.get("/search/")
    assert status == 200 and "/pagefind/2026/pagefind-ui.js" in body

    before = server.rebuilds()
    path = server.site.root / "content/stories/first.md"
    write_atomically(path, story(title="First Story", date="2026-01-01", tags=["alpha"], body="A zebracrossing appeared."))
    server.wait_for_rebuild(before)
    epoch = server.epoch()
    pages = wait_for_index(server, lambda pages: "zebracrossing" in pages.get("/stories/first/", ""))
    assert server.epoch() == epoch, "a new index must not reload the browsers"

    before = server.rebuilds()
    (server.site.root / "content/stories/second.md").unlink()
    server.wait_for_rebuild(before)
    assert set(wait_for_index(server, lambda pages: len(pages) == 1)) == {"/stories/first/"}

"""What crashed the preview in the hostile probe (issue 14) is a problem in the banner now."""

from __future__ import annotations

import pytest

from tests.conftest import story
from tests.serve.conftest import write_atomically

CONTENTS = {
    "a source with a malformed IPv6 host": story(title="First Story", date="2026-01-01", source='"https://[x]/"'),
    "an image address with an unclosed bracket": story(title="First Story", date="2026-01-01", image='"http://[x"'),
    "lists nested 500 deep on one line": story(title="First Story", date="2026-01-01", body="- " * 500 + "x"),
}


@pytest.mark.parametrize("case", sorted(CONTENTS))
def test_the_preview_stays_up_and_shows_the_problem(server, case):
    path = server.site.root / "content/stories/first.md"
    good = path.read_text(encoding="utf-8")
    before = server.rebuilds()
    write_atomically(path, CONTENTS[case])
    assert "not rebuilt" in server.wait_for_rebuild(before, timeout=30)
    status, page = server.get("/stories/second/")
    assert status == 200 and 'id="beat-problems"' in page and "content/stories/first.md:" in page
    assert server.process.poll() is None, "the preview is still running"
    before = server.rebuilds()
    write_atomically(path, good)
    server.wait_for_rebuild(before, timeout=30)
    assert 'id="beat-problems"' not in server.get("/stories/first/")[1]

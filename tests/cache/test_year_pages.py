"""A year's page lists each story by date, headline and department (pages.YearEntry): an edit to
a story's body leaves it as it was, and is not made again; a new headline makes it again."""

from __future__ import annotations

import pytest

from builder import incremental
from tests.cache.test_build_cache import clean_build, tree
from tests.conftest import story
from tests.e2e.helpers import main, page, text


def files(body: str = "", title: str = "Story 3") -> dict[str, str]:
    found = {}
    for n in range(6):
        name, extra = (title, body) if n == 3 else (f"Story {n}", "")
        text_of = story(name, f"2026-0{n + 1}-1{n}", "North Police" if n % 2 else "South Police", ["patrol"])
        found[f"content/stories/s{n}.md"] = text_of + extra
    return found


def test_the_year_page_shows_each_story_by_date_headline_and_department_newest_first(make_site):
    site = make_site(files())
    assert site.build().ok
    content = main(page(site.public, "archive/2026/"))
    lines = [(item.find("time").get("datetime"), text(item)) for item in content.iter("li")]
    assert lines[0] == ("2026-06-15", "15 June 2026 Story 5 North Police")
    assert lines[-1] == ("2026-01-10", "10 January 2026 Story 0 South Police")
    assert [text(h) for h in content.iter("h2")] == ["June", "May", "April", "March", "February", "January"]
    assert not content.xpath(".//img")


@pytest.mark.parametrize(
    ("edit", "made_again"),
    [({"body": "\nA sentence added to the body.\n"}, False), ({"title": "Story 3, retitled"}, True)],
    ids=["body", "headline"],
)
def test_the_year_page_is_made_again_only_when_what_it_shows_changes(make_site, rendered, edit, made_again):
    site = make_site(files())
    memory = incremental.Memory()
    assert site.build(memory=memory).ok and rendered.paths("year.html") == ["archive/2026/"]
    rendered.clear()

    site.write(files(**edit))
    assert site.build(memory=memory).ok
    assert rendered.paths("year.html") == (["archive/2026/"] if made_again else [])
    clean = site.root.parent / "clean"
    assert clean_build(site.root, clean)
    assert tree(site.public) == tree(clean)

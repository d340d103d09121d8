"""Related stories (related.py): what counts, the tie rule, pins, and the messages pins give."""

from __future__ import annotations

from builder import related
from tests.conftest import story
from tests.unit.test_index import index


def stories(*specs) -> dict[str, str]:
    """(slug, date, department, tags, extra front matter) -> story files."""
    return {
        f"content/stories/{slug}.md": story(slug.title(), date, department, tags, **extra)
        for slug, date, department, tags, *more in specs
        for extra in [more[0] if more else {}]
    }


def related_of(files, slug, **selection):
    site, problems = index(files, **selection)
    return list(site.related[slug]), [str(p) for p in problems]


def test_a_rare_shared_tag_counts_more_than_a_common_one():
    files = stories(
        ("target", "2026-01-10", "North", ["rare", "common"]),
        ("shares-rare", "2026-01-01", "East", ["rare"]),
        ("shares-common", "2026-01-09", "West", ["common"]),  # nearer in time, but the tag is everywhere
        *((f"filler-{n}", f"2025-0{n}-01", f"Dept {n}", ["common"]) for n in range(1, 8)),
    )
    found, _ = related_of(files, "target")
    assert found[:2] == ["shares-rare", "shares-common"]


def test_a_shared_department_counts_and_nearness_in_time_breaks_even_scores():
    files = stories(
        ("target", "2026-01-10", "North", ["a"]),
        ("same-department-far", "2023-01-10", "North", []),
        ("same-department-near", "2026-01-01", "North", []),
        ("nothing-shared", "2026-01-09", "South", ["z"]),
    )
    found, _ = related_of(files, "target")
    assert found == ["same-department-near", "same-department-far", "nothing-shared"]


def test_ties_go_to_the_nearer_then_the_newer_then_the_slug():
    files = stories(
        ("target", "2026-01-10", "North", ["t"]),
        ("before", "2026-01-05", "East", ["t"]),
        ("after", "2026-01-15", "West", ["t"]),  # as far after as `before` is before: the newer first
        ("b-same-day", "2026-01-20", "South", ["t"]),
        ("a-same-day", "2026-01-20", "Far", ["t"]),  # the same score and date: by slug
    )
    found, _ = related_of(files, "target")
    assert found == ["after", "before", "a-same-day", "b-same-day"]


def test_a_story_sharing_nothing_gets_the_three_nearest_in_time_and_never_more_than_five():
    files = stories(*((f"s{n}", f"2026-01-{n + 1:02d}", f"Dept {n}", [f"tag-{n}"]) for n in range(8)))
    found, _ = related_of(files, "s4")
    assert found == ["s5", "s3", "s6"]  # one day either side (the newer first), then two days
    crowded = stories(*((f"s{n}", f"2026-01-{n + 1:02d}", "North", ["same"]) for n in range(9)))
    site, _ = index(crowded)
    assert all(3 <= len(slugs) <= related.MOST for slugs in site.related.values())


def test_pinned_stories_come_first_in_their_order():
    files = stories(
        ("target", "2026-01-10", "North", ["t"], {"related": '["far-away", "other"]'}),
        ("close", "2026-01-09", "North", ["t"]),
        ("other", "2020-01-01", "South", []),
        ("far-away", "2019-01-01", "South", []),
    )
    found, problems = related_of(files, "target")
    assert found == ["far-away", "other", "close"]
    assert problems == []


def line_of(text: str, key: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:"))


def test_a_pin_that_is_no_story_is_an_error_at_its_line_and_pinning_itself_a_warning():
    files = stories(
        ("target", "2026-01-10", "North", ["t"], {"related": '["no-such-story", "target", "other"]'}),
        ("other", "2026-01-01", "South", []),
    )
    line = line_of(files["content/stories/target.md"], "related")
    found, problems = related_of(files, "target")
    assert found == ["other"]
    assert problems == [
        f'content/stories/target.md:{line}: error: related story "no-such-story" is not the slug of any story',
        f'content/stories/target.md:{line}: warning: related story "target" is this story itself',
    ]


def test_a_pinned_draft_is_left_out_until_it_is_published():
    files = stories(
        ("target", "2026-01-10", "North", ["t"], {"related": '["draft"]'}),
        ("draft", "2026-01-01", "North", ["t"], {"draft": "true"}),
    )
    assert related_of(files, "target") == ([], [])
    assert related_of(files, "target", drafts=True)[0] == ["draft"]


def test_a_pin_that_is_not_a_slug_is_an_error_at_its_line():
    from tests.unit.test_parse import messages, parse

    text = story(related='["Not A Slug"]')
    result = parse("content/stories/a.md", text)
    assert messages(result) == [
        f'content/stories/a.md:{line_of(text, "related")}: error: related story: slug "Not A Slug" must be made of a-z, 0-9 '
        "and single hyphens only"
    ]


def test_only_the_nearest_stories_of_a_large_term_are_compared(monkeypatch):
    """The candidate cap: of 60 stories sharing one tag, each story compares itself with the 4
    nearest in time only (plus, through a rare second tag, every story that has it)."""
    import heapq
    from datetime import date, timedelta

    compared: list[int] = []

    class CountingHeap:
        @staticmethod
        def nsmallest(n, candidates):
            candidates = list(candidates)
            compared.append(len(candidates))
            return heapq.nsmallest(n, candidates)

    monkeypatch.setattr(related, "CANDIDATES_PER_TERM", 4)
    monkeypatch.setattr(related, "heapq", CountingHeap)
    day = date(2026, 1, 1)
    specs = [(f"s{n:02d}", (day + timedelta(days=n)).isoformat(), f"Dept {n}", ["big"]) for n in range(60)]
    specs[10] = (*specs[10][:3], ["big", "small"])
    specs[30] = (*specs[30][:3], ["big", "small"])
    found, _ = related_of(stories(*specs), "s30")
    assert found == ["s10", "s31", "s29", "s32", "s28"]  # s10 through the rare tag; the rest the nearest
    assert len(compared) == 60 and max(compared) == 5  # 4 near ones, and s10 for s30

"""The rules of `sources:`, `source:` and `corrections:`: each mistake reported at its file and line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from builder.citations import archived_target, citation_problems, same_address
from builder.config import SiteConfig
from builder.model import SourceFile, Story
from builder.parse import parse_source
from builder.prose import MarkdownRenderer

PATH = "content/stories/a.md"
HEAD = "---\ntitle: A\ndate: 2025-05-10\ndepartment: D\ntags: [x]\n"  # lines 1-5: the next key is on line 6


def parse(front: str, policy: str = "optional", path: str = PATH):
    config = SiteConfig(sources=policy)
    return parse_source(SourceFile(path, HEAD + front + "---\nBody.\n", "digest"), config, MarkdownRenderer("/"))


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_sources_become_citations_with_name_date_and_archived_copy():
    result = parse(
        "sources:\n"
        "  - url: https://example.org/a\n"
        "    name: The  Gazette\n"
        "    date: 2025-05-09\n"
        "    archived: https://web.archive.org/web/20250510000000/https://example.org/a\n"
        "  - https://example.net/release\n"
    )
    assert messages(result) == []
    first, second = result.item.sources
    assert (first.url, first.name, first.date.date().isoformat()) == ("https://example.org/a", "The Gazette", "2025-05-09")
    assert first.archived.startswith("https://web.archive.org/")
    assert (second.name, second.date, second.archived) == ("example.net", None, "")


def test_the_older_source_field_is_a_one_item_list():
    url_only = parse("source: https://example.org/a\n").item
    mapping = parse("source: {name: Gazette, url: https://example.org/b}\n").item
    assert [(s.name, s.url) for s in url_only.sources] == [("example.org", "https://example.org/a")]
    assert [(s.name, s.url) for s in mapping.sources] == [("Gazette", "https://example.org/b")]


def test_sources_in_toml_front_matter_as_a_list_of_tables():
    text = (
        '+++\ntitle = "A"\ndate = 2025-05-10\ndepartment = "D"\ntags = ["x"]\n\n[[sources]]\nurl = "ftp://example.org/a"\n+++\n'
    )
    result = parse_source(SourceFile(PATH, text, "d"), SiteConfig(sources="optional"), MarkdownRenderer("/"))
    assert messages(result) == [
        f'{PATH}:8: error: "sources" item 1: "url" must be an http:// or https:// address, not "ftp://example.org/a"'
    ]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "sources:\n  - url: https://example.org/ok\n  - url: javascript:alert(1)\n",
            '8: error: "sources" item 2: "url" must be an http:// or https:// address, not "javascript:alert(1)"',
        ),
        ("sources:\n  - name: Gazette\n", '7: error: "sources" item 1: needs a "url": the address of the report'),
        (
            "sources:\n  - url: https://example.org/a\n    date: 2025-06-10\n",
            '8: error: "sources" item 1: "date" 2025-06-10 is more than 30 days after the story\'s date (2025-05-10); '
            "is the year or month right?",
        ),
        (
            "sources:\n  - url: https://example.org/a\n    date: 2025-02-30\n",
            '8: error: "sources" item 1: "date" is 2025-02-30, which is not a real date',
        ),
        (
            "sources:\n  - url: https://example.org/a\n    archived: https://web.archive.org/web/2025/https://example.org/b\n",
            '8: error: "sources" item 1: "archived" is a copy of https://example.org/b, not of the source\'s url '
            "https://example.org/a",
        ),
        (
            "sources:\n  - url: https://example.org/a\n    archived: https://example.com/copy-of-a\n",
            '8: error: "sources" item 1: "archived" must be a copy on web.archive.org (https://web.archive.org/web/<date>/<url>) '
            'or archive.today (https://archive.ph/<date>/<url>), not "https://example.com/copy-of-a"',
        ),
        (
            "sources:\n  - url: https://example.org/a\n    archived: https://archive.ph/AbCd1\n",
            '8: error: "sources" item 1: "archived" must be a copy on web.archive.org (https://web.archive.org/web/<date>/<url>) '
            'or archive.today (https://archive.ph/<date>/<url>), not "https://archive.ph/AbCd1"',
        ),
        (
            "sources:\n  - url: https://example.org/a\n    outlet: Gazette\n",
            '8: error: "sources" item 1: may hold only url, name, date, archived, not outlet',
        ),
        ("sources:\n  - [https://example.org/a]\n", '7: error: "sources" item 1: must be an address, or a mapping'),
        ("sources: https://example.org/a\n", '6: error: "sources" must be a list of sources'),
        ("source: ftp://example.org/a\n", '6: error: "source" must be an http:// or https:// address'),
        (
            "source: https://example.org/a\nsources:\n  - https://example.org/b\n",
            '6: error: use either "sources" (a list) or "source" (one), not both',
        ),
    ],
)
def test_each_source_mistake_is_an_error_at_its_line(front, expected):
    result = parse(front)
    assert result.item is None
    assert any(m.startswith(f"{PATH}:{expected}") for m in messages(result)), messages(result)


def test_an_archived_copy_may_use_the_other_scheme_or_a_trailing_slash():
    result = parse("sources:\n  - url: https://Example.org/a/\n    archived: https://archive.ph/20250510/http://example.org/a\n")
    assert messages(result) == []


def test_archive_addresses():
    assert archived_target("https://web.archive.org/web/20250101000000id_/https://e.org/x?y=1") == "https://e.org/x?y=1"
    assert archived_target("https://archive.today/newest/https://e.org/x") == "https://e.org/x"
    assert archived_target("https://archive.org/details/something") is None
    assert same_address("http://E.org:80/x/#top") == same_address("https://e.org/x")


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (
            "required",
            [
                f'{PATH}: error: story has no sources; add `sources:` with the address of each report it is based on (site.toml: sources = "required")'
            ],
        ),
        (
            "recommended",
            [f"{PATH}: warning: story has no sources; add `sources:` with the address of each report it is based on"],
        ),
        ("optional", []),
    ],
)
def test_the_sources_policy_decides_what_a_story_without_sources_is(policy, expected):
    assert messages(parse("", policy=policy)) == expected
    assert messages(parse("sources: []\n", policy=policy)) == [m.replace(f"{PATH}:", f"{PATH}:6:", 1) for m in expected]
    assert messages(parse("source: https://example.org/a\n", policy=policy)) == []


def test_corrections_are_sorted_rendered_and_set_updated():
    result = parse(
        "corrections:\n"
        "  - date: 2025-05-20\n    text: The second *fix*.\n"
        "  - date: 2025-05-10\n    text: 'The first, on the day: <script>alert(1)</script> [link](javascript:x)'\n"
    )
    assert messages(result) == []
    story = result.item
    assert [c.date.date().isoformat() for c in story.corrections] == ["2025-05-10", "2025-05-20"]
    assert story.corrections[1].html == "The second <em>fix</em>."
    assert story.corrections[1].text == "The second fix."
    assert "<script" not in story.corrections[0].html and "javascript" not in story.corrections[0].html
    assert story.updated == story.corrections[1].date


def test_a_given_updated_wins_over_the_corrections():
    story = parse("updated: 2025-06-01\ncorrections:\n  - {date: 2025-05-20, text: Fixed.}\n").item
    assert story.updated.date().isoformat() == "2025-06-01"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "corrections:\n  - date: 2025-05-09\n    text: Fixed.\n",
            '7: error: "corrections" item 1: "date" 2025-05-09 is before the story was published (2025-05-10)',
        ),
        ("corrections:\n  - date: 2025-05-11\n    text: ''\n", '8: error: "corrections" item 1: needs a "text"'),
        ("corrections:\n  - date: 2025-05-11\n", '7: error: "corrections" item 1: needs a "text"'),
        (
            "corrections:\n  - date: 2025-05-11\n    text: <span></span>\n",
            '8: error: "corrections" item 1: "text" has no words once its HTML is cleaned',
        ),
        ("corrections:\n  - text: Fixed.\n", '7: error: "corrections" item 1: needs a "date"'),
        (
            'corrections:\n  - date: 2025-05-11\n    text: "One.\\n\\nTwo."\n',
            '8: error: "corrections" item 1: "text" must be one short paragraph of Markdown',
        ),
        (
            'corrections:\n  - date: 2025-05-11\n    text: "- a list"\n',
            '8: error: "corrections" item 1: "text" must be one short paragraph of Markdown',
        ),
        (
            "corrections:\n  - date: 2025-05-11\n    text: " + "x" * 601 + "\n",
            '8: error: "corrections" item 1: "text" is 601 characters; a correction is a short note (at most 600)',
        ),
        ("corrections:\n  - Fixed.\n", '7: error: "corrections" item 1: must be a mapping with date and text'),
        ("corrections: Fixed.\n", '6: error: "corrections" must be a list'),
        (
            "corrections:\n  - {date: 2025-05-11, text: Fixed., by: me}\n",
            '7: error: "corrections" item 1: may hold only date and text, not by',
        ),
    ],
)
def test_each_correction_mistake_is_an_error_at_its_line(front, expected):
    result = parse(front)
    assert result.item is None
    assert any(m.startswith(f"{PATH}:{expected}") for m in messages(result)), messages(result)


def test_a_correction_with_a_time_before_the_story_on_its_day_is_an_error():
    text = "---\ntitle: A\ndate: 2025-05-10T12:00:00+00:00\ndepartment: D\ntags: [x]\ncorrections:\n  - {date: 2025-05-10T09:00:00+00:00, text: X}\n---\n"
    result = parse_source(SourceFile(PATH, text, "d"), SiteConfig(sources="optional"), MarkdownRenderer("/"))
    assert messages(result)[0].startswith(f'{PATH}:7: error: "corrections" item 1: "date" 2025-05-10 is before')


def stories(*fronts: tuple[str, str]) -> list[Story]:
    return [parse(front, path=path).item for path, front in fronts]


NOW = datetime(2025, 6, 1, tzinfo=UTC)


def test_two_stories_citing_one_source_are_a_warning_naming_both_files():
    cards = stories(
        ("content/stories/b.md", "sources:\n  - https://example.org/same\n"),
        ("content/stories/a.md", "sources:\n  - https://example.org/other\n  - http://example.org/same/\n"),
    )
    assert [str(p) for p in citation_problems(cards, NOW)] == [
        "content/stories/b.md:6: warning: cites https://example.org/same, as content/stories/a.md does: "
        "if they are one event filed twice, merge them; if not, add `same_source_ok: true` to either"
    ]


@pytest.mark.parametrize("which", ["content/stories/a.md", "content/stories/b.md"])
def test_same_source_ok_on_either_story_silences_the_warning(which):
    fronts = {path: "sources:\n  - https://example.org/same\n" for path in ("content/stories/a.md", "content/stories/b.md")}
    fronts[which] += "same_source_ok: true\n"
    assert citation_problems(stories(*fronts.items()), NOW) == []


def test_a_correction_dated_after_now_is_an_error_of_the_index_stage():
    cards = stories(("content/stories/a.md", "corrections:\n  - {date: 2025-06-02, text: Fixed.}\n"))
    assert [str(p) for p in citation_problems(cards, NOW)] == [
        "content/stories/a.md:6: error: correction dated 2025-06-02 is in the future; date it the day it was made"
    ]
    assert citation_problems(cards, datetime(2025, 6, 3, tzinfo=UTC)) == []

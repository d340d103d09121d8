"""Aliases (earlier addresses): what an editor may write, each refusal at its file and line, and
the collisions the planner reports naming both files."""

from __future__ import annotations

import pytest

from builder.redirects import alias_problem
from tests.conftest import story
from tests.unit.test_parse import messages, parse


@pytest.mark.parametrize(
    ("written", "path"),
    [
        ("/stories/old-slug/", "stories/old-slug/"),
        ("/stories/old-slug", "stories/old-slug/"),
        ("stories/old-slug", "stories/old-slug/"),
        ("/2019/05/harbor-rescue.html", "2019/05/harbor-rescue.html"),
        ("/old%20path/", "old path/"),
        ("/caf%C3%A9/", "café/"),
    ],
)
def test_an_alias_is_a_site_path(written, path):
    assert alias_problem(written) == (path, None)


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("https://evil.example/x/", "not an address on another"),
        ("//evil.example/x/", "not an address on another"),
        ("javascript:alert(1)", "not an address on another"),
        ("/../../etc/passwd", '".."'),
        ("/stories/%2e%2e/%2e%2e/site.toml", '".."'),
        ("/a/./b/", '"."'),
        ("/a//b/", '"//"'),
        ("/a\\..\\b/", "backslash"),
        ("/a%0a/", "control character"),
        ("/", "home page"),
        ("/old/?page=2", "without ? or #"),
        ("/old/#top", "without ? or #"),
        ("/media/photo.jpg", "a file Beat publishes itself"),
        ("/pagefind/pagefind.js", "a file Beat publishes itself"),
        ("/_redirects", "a file Beat publishes itself"),
        ("/robots.txt", "a file Beat publishes itself"),
        ('/old/a<b>"c"/', "some file systems refuse"),
        ("/wiki/Page:Old/", "some file systems refuse"),
        ("/" + "x" * 400 + "/", "at most 300"),
    ],
)
def test_an_alias_that_is_not_a_safe_path_on_this_site_is_refused(written, why):
    path, problem = alias_problem(written)
    assert path == "" and problem and why in problem, problem


def test_a_bad_alias_is_an_error_at_the_line_of_aliases():
    text = story(aliases='["/stories/fine/", "https://evil.example/x/"]')
    result = parse("content/stories/a.md", text)
    line = text.splitlines().index('aliases: ["/stories/fine/", "https://evil.example/x/"]') + 1
    assert result.item is None
    assert messages(result) == [
        f'content/stories/a.md:{line}: error: alias "https://evil.example/x/" must be a path on this site, '
        "like /stories/old-slug/, not an address on another"
    ]


def line_of(text: str, key: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:"))


def test_a_story_alias_equal_to_its_own_address_is_an_error():
    text = story(aliases='["/stories/a/"]')
    result = parse("content/stories/a.md", text)
    assert messages(result) == [
        f'content/stories/a.md:{line_of(text, "aliases")}: error: alias "/stories/a/" is this file\'s own address'
    ]


def test_aliases_of_stories_and_pages_are_kept_as_site_paths():
    item = parse("content/stories/new.md", story(aliases='["/stories/old/", "/old.html", "/stories/old"]')).item
    assert item.aliases == ("stories/old/", "old.html")
    page = parse("content/pages/about.md", '---\ntitle: About\naliases: ["/about-us/"]\n---\nHi.\n').item
    assert page.aliases == ("about-us/",)


def test_a_page_alias_in_a_published_folder_is_an_error_at_its_line():
    result = parse("content/pages/about.md", '---\ntitle: About\naliases: ["/media/a.jpg"]\n---\nHi.\n')
    assert messages(result) == [
        'content/pages/about.md:3: error: alias "/media/a.jpg" would replace a file Beat publishes itself (/media/a.jpg)'
    ]


def test_an_alias_on_a_real_page_names_both_files(make_site):
    site = make_site(
        {
            "content/stories/a.md": story("A", aliases='["/about/"]'),
            "content/pages/about.md": "---\ntitle: About\n---\nHi.\n",
        }
    )
    result = site.build()
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        'content/stories/a.md:6: error: alias "/about/" is the address of content/pages/about.md'
    ]


def test_the_same_alias_on_two_stories_names_both_files(make_site):
    site = make_site(
        {
            "content/stories/a.md": story("A", aliases='["/old/"]'),
            "content/stories/b.md": story("B", aliases='["/old/"]'),
        }
    )
    result = site.build()
    assert [str(p) for p in result.problems] == [
        'content/stories/b.md:6: error: alias "/old/" is also an alias in content/stories/a.md'
    ]


def test_an_alias_on_a_generated_section_or_a_feed_is_an_error(make_site):
    site = make_site({"content/stories/a.md": story("A", aliases='["/tags/", "/feed.xml"]')})
    result = site.build()
    assert [str(p) for p in result.problems] == [
        'content/stories/a.md:6: error: alias "/feed.xml" is the address of site feed',
        'content/stories/a.md:6: error: alias "/tags/" is the address of tags overview',
    ]

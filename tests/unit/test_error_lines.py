"""Every YAML and TOML mistake in front matter, and in site.toml, is reported at its own line."""

from __future__ import annotations

import pytest

from builder.config import load_config
from builder.frontmatter import FrontMatterError, split

# Ten lines of front matter (file lines 2 to 11); each mistake replaces the line it is put on.
YAML_LINES = [
    "title: A Story",
    "date: 2026-01-10",
    'department: "Test Police"',
    "tags: [one, two]",
    'summary: "A summary."',
    "author: Ann",
    "location: Town",
    'image_alt: "A picture"',
    "slug: a-story",
    'source: "https://example.org/"',
]
YAML_MISTAKES = {
    "a missing closing quote": 'summary: "never closed',
    "a missing closing single quote": "summary: 'never closed",
    "a bad indent": "   author: Ann",
    "a tab": "\tauthor: Ann",
    "an unclosed bracket": "tags: [one, two",
    "an unclosed brace": "source: {name: Paper, url: https://example.org/",
}
TOML_LINES = [
    'title = "A Story"',
    "date = 2026-01-10",
    'department = "Test Police"',
    'tags = ["one", "two"]',
    'summary = "A summary."',
    'author = "Ann"',
    'location = "Town"',
    'image_alt = "A picture"',
    'slug = "a-story"',
    'source = "https://example.org/"',
]
TOML_MISTAKES = {
    "a missing closing quote": 'summary = "never closed',
    "an unclosed bracket": 'tags = ["one", "two"',
    "a missing value": "author =",
    "a missing equals sign": 'author "Ann"',
    "an unclosed inline table": 'source = {name = "Paper"',
}


def front_matter(fence: str, lines: list[str], mistake: str, at: int) -> str:
    body = [*lines]
    body[at - 2] = mistake
    return "\n".join([fence, *body, fence, "The story.", ""])


@pytest.mark.parametrize("at", range(2, 12))
@pytest.mark.parametrize("mistake", sorted(YAML_MISTAKES))
def test_a_yaml_mistake_is_reported_at_its_line(mistake, at):
    with pytest.raises(FrontMatterError) as raised:
        split(front_matter("---", YAML_LINES, YAML_MISTAKES[mistake], at))
    assert raised.value.line == at, raised.value.message


@pytest.mark.parametrize("at", range(2, 12))
@pytest.mark.parametrize("mistake", sorted(TOML_MISTAKES))
def test_a_toml_mistake_is_reported_at_its_line(mistake, at):
    with pytest.raises(FrontMatterError) as raised:
        split(front_matter("+++", TOML_LINES, TOML_MISTAKES[mistake], at))
    assert raised.value.line == at, raised.value.message


SITE_LINES = ['title = "Beat"', 'base_url = "https://example.org/"', 'language = "en"', "paginate = 10", 'author = "Desk"']


@pytest.mark.parametrize("at", range(1, 6))
@pytest.mark.parametrize("mistake", sorted(TOML_MISTAKES))
def test_a_site_toml_mistake_is_reported_at_its_line(tmp_path, mistake, at):
    lines = [*SITE_LINES]
    lines[at - 1] = TOML_MISTAKES[mistake]
    (tmp_path / "site.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = load_config(tmp_path)
    assert [p.line for p in problems] == [at], [str(p) for p in problems]

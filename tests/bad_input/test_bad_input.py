"""Bad input: every content problem is reported as `path:line: error: message`, all in one run,
with no traceback, and a failed `beat build` (exit 1) leaves the published public/ exactly as it was.

Each case states a small site inline, publishes it once with the real CLI, then adds the bad
file(s) and builds again. See /work/shared/HOSTILE-INPUT.md sections 1, 4, 5, 6 and 8.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

import builder.load
from tests.conftest import SITE_TOML, SiteFixture, snapshot, story

ATOM = "{http://www.w3.org/2005/Atom}"
GOOD = {"content/stories/good.md": story(title="Good Story")}
BAD = "content/stories/bad.md"
ERROR_LINE = re.compile(r"^(?P<path>\S.*?)(?::(?P<line>\d+))?: error: (?P<message>.*)$")


# --- helpers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """One error line that must be printed.

    `path`: the file it names (relative to the site), or None when any file may carry it.
    `line`: the exact line; None when the line is not known (a line, if printed, is accepted).
    `fragments`: text the message must contain (case-insensitive); with path=None, the whole line.
    """

    path: str | None
    line: int | None
    fragments: tuple[str, ...]

    def found_in(self, stderr: str) -> bool:
        for text in stderr.splitlines():
            match = ERROR_LINE.match(text)
            if not match:
                continue
            if self.path is not None:
                if match["path"] != self.path:
                    continue
                if self.line is not None and match["line"] != str(self.line):
                    continue
                haystack = match["message"]
            else:
                haystack = text
            if all(fragment.casefold() in haystack.casefold() for fragment in self.fragments):
                return True
        return False

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: error: ...{' ... '.join(self.fragments)}..."


def expect(path: str | None, line: int | None, *fragments: str) -> Expect:
    return Expect(path, line, fragments)


Change = dict[str, str | bytes] | Callable[[SiteFixture], None]


def published(make_site, base: dict | None = None) -> tuple[SiteFixture, dict]:
    """A good site built once with the CLI: (site, snapshot of public/)."""
    site = make_site(dict(GOOD if base is None else base))
    first = site.cli("build")
    assert first.returncode == 0, first.stderr
    assert site.public.is_dir()
    return site, snapshot(site.public)


def publish_then_change(make_site, change: Change, *, base: dict | None = None) -> tuple[SiteFixture, dict, object]:
    """Build a good site with the CLI, apply `change`, build again: (site, public/ before, result)."""
    site, before = published(make_site, base)
    if callable(change):
        change(site)
    else:
        site.write(change)
    return site, before, site.cli("build")


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


def assert_refused(site: SiteFixture, before: dict, result, expected: list[Expect]) -> None:
    assert_no_traceback(result)
    assert result.returncode == 1, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    for item in expected:
        assert item.found_in(result.stderr), f"expected a line like\n  {item}\nin stderr:\n{result.stderr}"
    assert snapshot(site.public) == before, "public/ changed after a failed build"


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ERROR_LINE.match(line) and not line.startswith("beat:")]


def symlink(link: Path, target: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)


def case(change: Change, *expected: Expect, id: str, base: dict | None = None):
    return pytest.param(change, list(expected), base, id=id)


def run_case(make_site, change: Change, expected: list[Expect], base: dict | None) -> None:
    site, before, result = publish_then_change(make_site, change, base=base)
    assert_refused(site, before, result, expected)


# --- front matter syntax and encoding ------------------------------------------------------------

SYNTAX_CASES = [
    case(
        {BAD: "---\ntitle: Officers: and neighbours met\ndate: 2026-01-10\ndepartment: X\n---\nBody.\n"},
        expect(BAD, 2, "YAML"),
        id="invalid_yaml_is_an_error_with_its_line",
    ),
    case(
        {BAD: "---\ntitle: Ok\ndate: 2026-01-10\ndepartment: X\ntags: [a, b\n---\nBody.\n"},
        expect(BAD, 5, "YAML"),
        id="an_unclosed_yaml_list_is_an_error_with_its_line",
    ),
    case(
        {BAD: '+++\ntitle = "T"\ndate = 2026-01-10\ndepartment = \ntags = ["a"]\n+++\nBody.\n'},
        expect(BAD, 4, "TOML"),
        id="invalid_toml_front_matter_is_an_error_with_its_line",
    ),
    case(
        {BAD: "---\ntitle: Never closed\ndate: 2026-01-10\ndepartment: X\n\nBody.\n"},
        expect(BAD, 1, "closed"),
        id="unclosed_front_matter_is_an_error_with_its_line",
    ),
    case(
        {BAD: "Just a body, no front matter at all.\n"},
        expect(BAD, 1, "front matter"),
        id="a_file_without_front_matter_is_an_error",
    ),
    case({BAD: b""}, expect(BAD, None, "empty"), id="an_empty_file_is_an_error"),
    case({BAD: "  \n\t\n\n   \n"}, expect(BAD, None, "empty"), id="a_whitespace_only_file_is_an_error"),
    case(
        {BAD: b"---\ntitle: Caf\xe9 opens\ndate: 2026-01-10\ndepartment: X\n---\nBody.\n"},
        expect(BAD, 2, "UTF-8"),
        id="a_latin_1_file_is_an_error_naming_utf_8_with_its_line",
    ),
    case(
        {BAD: "---\n- title: A list\n- date: 2026-01-10\n---\nBody.\n"},
        expect(BAD, 2, "front matter"),
        id="front_matter_that_is_a_list_is_an_error",
    ),
    case(
        {BAD: "---\njust one sentence\n---\nBody.\n"},
        expect(BAD, 2, "front matter"),
        id="front_matter_that_is_a_scalar_is_an_error",
    ),
    case(
        {
            BAD: "---\ntitle: Lol\ndate: 2026-01-10\ndepartment: Test Police Department\ntags: [community]\n"
            'summary: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
            "author: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "location: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            "image_alt: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\nBody.\n"
        },
        expect(BAD, None, "alias"),
        id="yaml_aliases_billion_laughs_style_are_refused",
    ),
]


@pytest.mark.parametrize(("change", "expected", "base"), SYNTAX_CASES)
def test_broken_front_matter_is_reported_and_nothing_is_published(make_site, change, expected, base):
    run_case(make_site, change, expected, base)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param('!!python/object/apply:os.system ["touch PWNED"]', id="object_apply"),
        pytest.param('!!python/object/new:os.system ["touch PWNED"]', id="object_new"),
    ],
)
def test_yaml_tags_that_build_python_objects_are_errors_and_never_run(make_site, tmp_path, payload):
    text = story(title="Pwned", summary=payload)  # summary is on line 6
    site, before, result = publish_then_change(make_site, {BAD: text})
    assert_refused(site, before, result, [expect(BAD, 6, "tag")])
    assert not list(tmp_path.rglob("PWNED")), "the YAML payload ran a command"


# --- required fields, types and dates -------------------------------------------------------------

FIELD_CASES = [
    case(
        {BAD: "---\ndate: 2026-01-10\ndepartment: X\ntags: [a]\n---\nBody.\n"},
        expect(BAD, None, "title"),
        id="a_missing_title_is_an_error",
    ),
    case({BAD: story(title="")}, expect(BAD, 2, "title"), id="an_empty_title_is_an_error_with_its_line"),
    case(
        {BAD: "---\ntitle:\ndate: 2026-01-10\ndepartment: X\ntags: [a]\n---\nBody.\n"},
        expect(BAD, 2, "title"),
        id="a_null_title_is_an_error_with_its_line",
    ),
    case(
        {BAD: "---\ntitle: No date\ndepartment: X\ntags: [a]\n---\nBody.\n"},
        expect(BAD, None, "date"),
        id="a_missing_date_is_an_error",
    ),
    case(
        {BAD: "---\ntitle: No department\ndate: 2026-01-10\ntags: [a]\n---\nBody.\n"},
        expect(BAD, None, "department"),
        id="a_missing_department_is_an_error",
    ),
    case({BAD: story(department="")}, expect(BAD, 4, "department"), id="an_empty_department_is_an_error_with_its_line"),
    case({BAD: story(tags={"a": 1})}, expect(BAD, 5, "tags"), id="tags_as_a_mapping_is_an_error_with_its_line"),
    case({BAD: story(date="[2026-01-10]")}, expect(BAD, 3, "date"), id="a_date_that_is_a_list_is_an_error_with_its_line"),
    case({BAD: story(title=["A", "list"])}, expect(BAD, 2, "title"), id="a_title_that_is_a_list_is_an_error_with_its_line"),
    case({BAD: story(draft='"yes please"')}, expect(BAD, 6, "draft"), id="draft_yes_please_is_an_error_with_its_line"),
    case({BAD: story(date="2024-02-30")}, expect(BAD, 3, "2024-02-30"), id="february_30th_is_an_error_with_its_line"),
    case({BAD: story(date="2025-13-01")}, expect(BAD, 3, "2025-13-01"), id="month_13_is_an_error_with_its_line"),
    case({BAD: story(date="null")}, expect(BAD, 3, "date"), id="a_null_date_is_an_error_with_its_line"),
    case({BAD: story(date='""')}, expect(BAD, 3, "date"), id="an_empty_string_date_is_an_error_with_its_line"),
    case({BAD: story(date="next tuesday")}, expect(BAD, 3, "next tuesday"), id="a_non_date_string_is_an_error_with_its_line"),
    case(
        {BAD: story(tags=["🚓"])},
        expect(BAD, 5, "🚓"),
        id="a_tag_that_slugifies_to_nothing_is_an_error_with_its_line",
    ),
    case({BAD: story(department="🚓")}, expect(BAD, None, "🚓"), id="a_department_that_slugifies_to_nothing_is_an_error"),
]


@pytest.mark.parametrize(("change", "expected", "base"), FIELD_CASES)
def test_bad_fields_are_reported_and_nothing_is_published(make_site, change, expected, base):
    run_case(make_site, change, expected, base)


# --- slugs, pages and output ownership -------------------------------------------------------------

SLUG_CASES = [
    case(
        {"content/stories/2025/same.md": story(title="One"), "content/stories/2026/same.md": story(title="Two")},
        expect(None, None, "content/stories/2025/same.md", "content/stories/2026/same.md"),
        id="two_files_with_one_slug_are_an_error_naming_both",
    ),
    case(
        {"content/stories/other.md": story(title="Other", slug="good")},
        expect(None, None, "content/stories/good.md", "content/stories/other.md"),
        id="an_explicit_slug_taken_by_another_file_is_an_error_naming_both",
    ),
    case({BAD: story(slug="../x")}, expect(BAD, 6, "slug"), id="slug_dot_dot_is_an_error_with_its_line"),
    case({BAD: story(slug='"Hello World"')}, expect(BAD, 6, "slug"), id="slug_with_a_space_is_an_error_with_its_line"),
    case(
        {"content/stories/My Story.md": story(title="My Story")},
        expect("content/stories/My Story.md", None, "slug"),
        id="a_file_named_my_story_without_slug_is_an_error",
    ),
    case(
        {"content/pages/tags.md": "---\ntitle: Tags\n---\nAll about tags.\n"},
        expect("content/pages/tags.md", None, "tags"),
        id="a_page_taking_the_reserved_tags_section_is_an_error",
    ),
    case(
        {
            "content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
            "content/pages/contact.md": "---\ntitle: Contact\nslug: about\n---\nWrite to us.\n",
        },
        expect(None, None, "content/pages/about.md", "content/pages/contact.md"),
        id="two_pages_with_one_slug_are_an_error_naming_both",
    ),
]


@pytest.mark.parametrize(("change", "expected", "base"), SLUG_CASES)
def test_bad_slugs_are_reported_and_nothing_is_published(make_site, change, expected, base):
    run_case(make_site, change, expected, base)


# --- media, paths and symbolic links ---------------------------------------------------------------

WITH_PHOTO = {**GOOD, "content/media/photo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n'}


def _story_link_outside(site: SiteFixture) -> None:
    outside = site.root.parent / "outside" / "secret.md"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text(story(title="Secret"), encoding="utf-8")
    symlink(site.root / "content/stories/linked.md", outside)


def _media_link_outside(site: SiteFixture) -> None:
    outside = site.root.parent / "outside" / "secret.txt"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text("TOP SECRET\n", encoding="utf-8")
    symlink(site.root / "content/media/leak.txt", outside)


def _folder_link_outside(site: SiteFixture) -> None:
    outside = site.root.parent / "outside-stories"
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.md").write_text(story(title="Secret"), encoding="utf-8")
    symlink(site.root / "content/stories/linked", outside)


PATH_CASES = [
    case(
        {BAD: story(image="../../site.toml", image_alt='"The config"')},
        expect(BAD, 6, "image"),
        id="image_dot_dot_site_toml_is_an_error_with_its_line",
    ),
    case(
        {BAD: story(image="/media/../../site.toml", image_alt='"The config"')},
        expect(BAD, 6, "image"),
        id="image_leaving_the_media_folder_is_an_error_with_its_line",
    ),
    case(
        {BAD: story(image="media/nope.jpg", image_alt='"Nothing"')},
        expect(BAD, None, "nope.jpg"),
        id="an_image_missing_from_content_media_is_an_error",
    ),
    case(
        {BAD: story(body="See [x](/media/nope.png) for the picture.")},
        expect(BAD, None, "nope.png"),
        id="a_body_link_to_a_missing_media_file_is_an_error",
    ),
    case(
        {BAD: story(image="media/photo.svg")},
        expect(BAD, 6, "image_alt"),
        base=WITH_PHOTO,
        id="an_image_without_image_alt_is_an_error_with_its_line",
    ),
    case(
        _story_link_outside,
        expect("content/stories/linked.md", None, "symbolic link"),
        id="a_story_symlinked_to_a_file_outside_the_site_is_an_error",
    ),
    case(
        _media_link_outside,
        expect("content/media/leak.txt", None, "symbolic link"),
        id="a_media_file_symlinked_outside_the_site_is_an_error",
    ),
    case(
        _folder_link_outside,
        expect("content/stories/linked", None, "symbolic link"),
        id="a_folder_symlinked_outside_the_site_is_an_error",
    ),
]


@pytest.mark.parametrize(("change", "expected", "base"), PATH_CASES)
def test_paths_that_leave_their_folders_are_reported_and_nothing_is_published(make_site, change, expected, base):
    run_case(make_site, change, expected, base)


# --- URLs from front matter ------------------------------------------------------------------------

URL_CASES = [
    case({BAD: story(source="javascript:alert(1)")}, expect(BAD, 6, "source"), id="source_javascript_is_an_error_with_its_line"),
    case(
        {BAD: story(source='{name: X, url: "ftp://x"}')},
        expect(BAD, 6, "source"),
        id="source_mapping_with_an_ftp_url_is_an_error_with_its_line",
    ),
    case(
        {
            "content/departments/test-police-department.md": (
                '---\nname: Test Police Department\nwebsite: "javascript:alert(1)"\n---\nA department.\n'
            )
        },
        expect("content/departments/test-police-department.md", 3, "website"),
        id="a_department_website_javascript_is_an_error_with_its_line",
    ),
]


@pytest.mark.parametrize(("change", "expected", "base"), URL_CASES)
def test_unsafe_urls_are_reported_and_nothing_is_published(make_site, change, expected, base):
    run_case(make_site, change, expected, base)


# --- site.toml ---------------------------------------------------------------------------------------

CONFIG_CASES = [
    pytest.param(
        'title = "Test Beat"\nbase_url = "https://example.org/"\npaginate = = 3\n',
        expect("site.toml", 3, "TOML"),
        id="invalid_site_toml_is_an_error_with_its_line",
    ),
    pytest.param(
        SITE_TOML + "paginate = 0\n", expect("site.toml", None, "paginate"), id="paginate_zero_is_an_error_in_site_toml"
    ),
    pytest.param(
        'title = "Test Beat"\nbase_url = "not a url"\n',
        expect("site.toml", None, "base_url"),
        id="base_url_that_is_not_a_url_is_an_error_in_site_toml",
    ),
    pytest.param(
        SITE_TOML + 'theme = "no-such-theme"\n',
        expect("site.toml", None, "no-such-theme"),
        id="an_unknown_theme_is_an_error_in_site_toml",
    ),
]


@pytest.mark.parametrize(("site_toml", "expected"), CONFIG_CASES)
def test_bad_site_toml_is_reported_and_nothing_is_published(make_site, site_toml, expected):
    site, before, result = publish_then_change(make_site, {"site.toml": site_toml})
    assert_refused(site, before, result, [expected])


# --- all problems in one run -------------------------------------------------------------------------


def test_several_problems_in_several_files_are_all_reported_in_one_run(make_site):
    change = {
        "content/stories/a.md": story(title="A", date="2024-02-30"),
        "content/stories/b.md": "---\ndate: 2026-01-10\ntags: [a]\n---\nNo title, no department.\n",
        "content/stories/c.md": "---\ntitle: Never closed\n\nBody.\n",
        "content/departments/test-police-department.md": (
            '---\nname: Test Police Department\nwebsite: "javascript:alert(1)"\n---\n'
        ),
    }
    expected = [
        expect("content/stories/a.md", 3, "2024-02-30"),
        expect("content/stories/b.md", None, "title"),
        expect("content/stories/b.md", None, "department"),
        expect("content/stories/c.md", 1, "closed"),
        expect("content/departments/test-police-department.md", 3, "website"),
    ]
    site, before, result = publish_then_change(make_site, change)
    assert_refused(site, before, result, expected)
    assert len(error_lines(result.stderr)) == 5, result.stderr


# --- warnings ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            story(title="Typo", titel='"Tpyo"'),
            re.compile(r'^content/stories/bad\.md:6: warning: .*did you mean "title"', re.M),
            id="an_unknown_key_titel_warns_did_you_mean_title",
        ),
        pytest.param(
            story(title="Untagged", tags=None),
            re.compile(r"^content/stories/bad\.md(?::\d+)?: warning: .*tags", re.M),
            id="a_story_without_tags_warns",
        ),
    ],
)
def test_warnings_pass_the_build_but_fail_it_with_strict(make_site, text, expected):
    site, before = published(make_site)
    site.write({BAD: text})
    strict = site.cli("build", "--strict")
    assert_no_traceback(strict)
    assert strict.returncode == 1, strict.stderr
    assert expected.search(strict.stderr), strict.stderr
    assert snapshot(site.public) == before, "public/ changed after a failed --strict build"

    relaxed = site.cli("build")
    assert_no_traceback(relaxed)
    assert relaxed.returncode == 0, relaxed.stderr
    assert expected.search(relaxed.stderr), relaxed.stderr
    assert not error_lines(relaxed.stderr), relaxed.stderr
    assert (site.public / "stories/bad/index.html").is_file()


# --- the output folder ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "out",
    [
        pytest.param(".", id="out_dot_is_a_usage_error_and_deletes_nothing"),
        pytest.param("content", id="out_content_is_a_usage_error_and_deletes_nothing"),
        pytest.param("..", id="out_parent_is_a_usage_error_and_deletes_nothing"),
    ],
)
def test_the_output_folder_cannot_be_the_site_or_hold_it(make_site, tmp_path, out):
    site = make_site({**GOOD, "static/CNAME": "example.org\n"})
    assert site.cli("build").returncode == 0
    (tmp_path / "sibling.txt").write_text("keep me\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = site.cli("build", "--out", out)
    assert_no_traceback(result)
    assert result.returncode == 2, result.stderr
    assert "usage" in result.stderr.lower(), result.stderr
    assert snapshot(tmp_path) == before


def test_an_output_folder_beat_did_not_create_is_refused_and_left_alone(make_site, tmp_path):
    site = make_site(dict(GOOD))
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work\n", encoding="utf-8")
    (mine / "notes").mkdir()
    (mine / "notes" / "a.txt").write_text("notes\n", encoding="utf-8")
    before = snapshot(mine)
    result = site.cli("build", "--out", str(mine))
    assert_no_traceback(result)
    assert result.returncode == 2, result.stderr
    assert "mine" in result.stderr, result.stderr
    assert snapshot(mine) == before
    assert sorted(p.name for p in mine.iterdir()) == ["notes", "thesis.txt"]


# --- size cap --------------------------------------------------------------------------------------------


def _sizes_in(message: str) -> set[float]:
    """Every size a message states, in bytes, e.g. "1.5 MB" -> 1572864.0."""
    scale = {"b": 1, "kb": 1024, "kib": 1024, "mb": 1024**2, "mib": 1024**2, "gb": 1024**3, "gib": 1024**3}
    found = re.findall(r"(\d+(?:[.,]\d+)?)\s*(GiB|GB|MiB|MB|KiB|KB|kB|bytes|B)\b", message)
    sizes = set()
    for number, unit in found:
        unit = "b" if unit == "bytes" else unit.lower()
        sizes.add(round(float(number.replace(",", ".")) * scale[unit]))
    return sizes


def test_a_story_over_the_size_cap_is_refused_with_a_clear_error(make_site, monkeypatch):
    site, before = published(make_site)
    cap = 1024 * 1024
    monkeypatch.setattr(builder.load, "MAX_SOURCE_BYTES", cap)
    site.write({BAD: story(title="Huge", body="word " * (3 * cap // 10))})  # about 1.5 MB
    outcome = site.build()
    assert not outcome.ok
    problems = [p for p in outcome.problems if p.is_error and p.path == BAD]
    assert problems, [str(p) for p in outcome.problems]
    message = str(problems[0])
    assert message.startswith(f"{BAD}: error: ") or message.startswith(f"{BAD}:1: error: "), message
    # A clear message states the file's size and the cap, and they are not the same number.
    assert len(_sizes_in(problems[0].message)) >= 2, message
    assert snapshot(site.public) == before


def test_a_story_over_the_real_size_cap_fails_the_cli_build(make_site):
    huge = story(title="Huge", body="word " * ((builder.load.MAX_SOURCE_BYTES + 2 * 1024 * 1024) // 5))
    site, before, result = publish_then_change(make_site, {BAD: huge})
    assert_refused(site, before, result, [expect(BAD, None, "MB")])


# --- markup injection ---------------------------------------------------------------------------------------

HOSTILE_BODY = """\
Before the scripts.

<script>alert(1)</script>

A [x](javascript:alert(1)) link and <img src=x alt="A picture" onerror=alert(1)> an image.

<iframe src="https://evil.example"></iframe>

<a href="#" onclick="x()">click</a>

After the scripts.
"""
FORBIDDEN = ("<script>alert", "javascript:", "onerror", "onclick", "<iframe")


def _built_markup(public: Path) -> list[Path]:
    return sorted(p for p in public.rglob("*") if p.is_file() and p.suffix in (".html", ".xml"))


def test_raw_html_in_bodies_is_sanitised_everywhere_and_the_build_succeeds(make_site):
    site = make_site(
        {
            "content/stories/hostile.md": story(title="Hostile", body=HOSTILE_BODY),
            "content/pages/hostile-page.md": "---\ntitle: Hostile page\n---\n" + HOSTILE_BODY,
            "content/departments/test-police-department.md": "---\nname: Test Police Department\n---\n" + HOSTILE_BODY,
        }
    )
    result = site.cli("build")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    files = _built_markup(site.public)
    assert site.public / "stories/hostile/index.html" in files
    assert site.public / "feed.xml" in files
    assert "After the scripts." in site.read("stories/hostile/index.html")
    for path in files:
        raw = path.read_bytes().decode("utf-8").lower()
        texts = [raw]
        if path.suffix == ".xml":
            # A feed reader renders the escaped HTML in <content>: check what it would see.
            tree = etree.fromstring(path.read_bytes())
            texts.append(" ".join([*tree.itertext(), *(v for el in tree.iter() for v in el.attrib.values())]).lower())
        for text in texts:
            for forbidden in FORBIDDEN:
                assert forbidden not in text, f"{forbidden!r} in {path.relative_to(site.public)}"


BREAKOUT_TITLE = '</script><script>alert(1)</script> & "q" <!--'


def _find_headlines(data: object) -> list[str]:
    if isinstance(data, dict):
        found = [data["headline"]] if "headline" in data else []
        return found + [h for value in data.values() for h in _find_headlines(value)]
    if isinstance(data, list):
        return [h for item in data for h in _find_headlines(item)]
    return []


def test_front_matter_strings_cannot_break_out_of_html_json_ld_or_xml(make_site):
    site = make_site({"content/stories/breakout.md": story(title=BREAKOUT_TITLE, summary=json.dumps(BREAKOUT_TITLE))})
    result = site.cli("build")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr

    page = site.read("stories/breakout/index.html")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert blocks, "no JSON-LD block on the story page"
    headlines = [h for block in blocks for h in _find_headlines(json.loads(block))]
    assert headlines == [BREAKOUT_TITLE]

    document = lxml_html.fromstring(page)
    assert [h1.text_content() for h1 in document.iter("h1")] == [BREAKOUT_TITLE]
    assert BREAKOUT_TITLE in document.findtext(".//title")

    for path in _built_markup(site.public):
        raw = path.read_text(encoding="utf-8")
        assert "</script><script>alert" not in raw, path.relative_to(site.public)

    feed = etree.parse(str(site.public / "feed.xml"))
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == [BREAKOUT_TITLE]
    etree.parse(str(site.public / "sitemap.xml"))


# --- positive control -------------------------------------------------------------------------------------------


def test_a_story_with_a_bom_and_crlf_line_ends_builds(make_site):
    text = story(title="Windows Notepad Story", tags=["community"])
    site, _before, result = publish_then_change(
        make_site, {"content/stories/bom.md": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")}
    )
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert not error_lines(result.stderr), result.stderr
    assert "Windows Notepad Story" in site.read("stories/bom/index.html")

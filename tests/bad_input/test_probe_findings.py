"""What the hostile probe of issue 14 found in content: each case used to end `beat check` or
`beat build` with a traceback, hang it, refuse the whole build, say the wrong thing, or publish
output without bound. Each is now a `path:line: error: ...` problem (exit 1), or bounded.
"""

from __future__ import annotations

import json
import os
import re
import socket
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from builder.config import SiteConfig
from builder.model import SourceFile
from builder.parse import parse_source
from builder.prose import MAX_NESTING, MarkdownRenderer, excerpt
from tests.bad_input.test_bad_input import BAD, GOOD, assert_no_traceback, assert_refused, expect, publish_then_change
from tests.conftest import story

ATOM = "{http://www.w3.org/2005/Atom}"
DEPARTMENT = "content/departments/test-police-department.md"


SURROGATE_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def quoted(value: object) -> str:
    """YAML for `value`: JSON, which is YAML, except that YAML refuses the surrogate pairs JSON
    escapes characters beyond U+FFFF as, so those become YAML's 8-digit escapes."""

    def astral(pair: re.Match) -> str:
        code = 0x10000 + ((int(pair[1], 16) - 0xD800) << 10) + (int(pair[2], 16) - 0xDC00)
        return f"\\U{code:08x}"

    return SURROGATE_PAIR.sub(astral, json.dumps(value))


def department(website: str) -> str:
    return f"---\nname: Test Police Department\nwebsite: {quoted(website)}\n---\nA department.\n"


def refused_by_build_and_check(make_site, change, *expected):
    """`beat build` refuses `change` with the expected lines and publishes nothing new; `beat
    check` on the same site says the same, without a traceback. The refusing build's result."""
    site, before, result = publish_then_change(make_site, change)
    assert_refused(site, before, result, list(expected))
    checked = site.cli("check")
    assert_no_traceback(checked)
    assert checked.returncode == 1, checked.stderr
    for item in expected:
        assert item.found_in(checked.stderr), f"expected a line like\n  {item}\nin stderr:\n{checked.stderr}"
    return result


# --- 1. malformed web addresses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path", "line", "key"),
    [
        pytest.param({BAD: story(source='"https://[x]/"')}, BAD, 6, "source", id="source_with_a_bracketed_host_that_is_no_ip"),
        pytest.param({BAD: story(source='"http://[::1"')}, BAD, 6, "source", id="source_with_an_unclosed_ipv6_bracket"),
        pytest.param(
            {BAD: story(source='{name: X, url: "https://[x]/"}')}, BAD, 6, "source", id="source_mapping_with_a_bracketed_url"
        ),
        pytest.param({BAD: story(source='"https://example.org:99999/"')}, BAD, 6, "source", id="source_with_a_port_too_large"),
        pytest.param({BAD: story(image='"http://[x"', image_alt='"A"')}, BAD, 6, "image", id="image_with_an_unclosed_bracket"),
        pytest.param({DEPARTMENT: department("https://[x]/")}, DEPARTMENT, 3, "website", id="department_website_bracketed"),
    ],
)
def test_a_malformed_web_address_is_an_error_on_its_line(make_site, change, path, line, key):
    refused_by_build_and_check(make_site, change, expect(path, line, f'"{key}" is not a valid web address'))


# The pieces a hostile or careless URL is made of: brackets, ports, IPv6 literals, unicode hosts.
SCHEMES = st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "javascript:", "//", ""])
HOSTS = st.sampled_from(
    [
        "example.org",
        "[::1]",
        "[::1",
        "::1]",
        "[x]",
        "[",
        "]",
        "[]",
        "[v1.fe]",
        "[fe80::1%25eth0]",
        "[::ffff:127.0.0.1]",
        "127.0.0.1",
        "exämple.org",
        "例え.テスト",
        "пример.рф",
        "xn--",
        "a b",
        "user:pw@example.org",
        "@",
        "",
    ]
)
PORTS = st.sampled_from(["", ":", ":80", ":0", ":65535", ":65536", ":99999", ":-1", ":x", ":８０", "::"])
PATHS = st.sampled_from(["", "/", "/a?b=c#d", "/[x]", "/%zz", "/ü", "\\", "/a\tb"])
URLS = st.one_of(st.builds(lambda *parts: "".join(parts), SCHEMES, HOSTS, PORTS, PATHS), st.text(max_size=30))

FIELDS = {
    "source as text": lambda url: (BAD, story(source=quoted(url)), "source", 6),
    "source as name and url": lambda url: (BAD, story(source=quoted({"name": "N", "url": url})), "source", 6),
    "image": lambda url: (BAD, story(image=quoted(url), image_alt='"A"'), "image", 6),
    "department website": lambda url: (DEPARTMENT, department(url), "website", 3),
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(FIELDS)), URLS)
def test_any_url_in_any_url_field_is_parsed_or_refused_on_its_line(field, url):
    path, text, key, line = FIELDS[field](url)
    result = parse_source(SourceFile(path=path, text=text, digest="0"), SiteConfig(), MarkdownRenderer("/"))
    errors = [p for p in result.problems if p.is_error]
    for problem in errors:
        assert problem.line == line and f'"{key}"' in problem.message, str(problem)
    if not errors:
        assert result.item is not None


# --- 2. nesting that Markdown can only take by deep recursion ------------------------------------

DEEP_BODIES = [
    pytest.param("- " * 500 + "x", id="a_list_500_deep_on_one_line"),
    pytest.param("1. " * 500, id="a_numbered_list_500_deep_on_one_line"),
    pytest.param('<div markdown="1">\n' * 500 + "x\n" + "</div>\n" * 500, id="markdown_in_html_500_deep"),
    pytest.param("> " * 5000 + "x", id="quotes_5000_deep"),
    pytest.param("\n".join(" " * (4 * level) + "- x" for level in range(800)), id="an_indented_list_800_deep"),
]


@pytest.mark.parametrize("body", DEEP_BODIES)
def test_nesting_too_deep_for_markdown_is_refused_naming_the_limit(make_site, body):
    expected = expect(BAD, None, f"more than {MAX_NESTING} levels deep")
    result = refused_by_build_and_check(make_site, {BAD: story(body="Intro.\n\n" + body)}, expected)
    # Processor time, not wall time, which a busy machine stretches: quiet, about 1.1 s, nearly all
    # of it Python starting; unrefused, a 2,000-deep list ran for more than a minute.
    assert result.cpu_seconds < 5.0, f"{result.cpu_seconds:.1f} CPU-seconds"


def test_the_nesting_error_names_the_line_where_the_limit_is_passed():
    body = "Intro.\n\n" + '<div markdown="1">\n' * (MAX_NESTING + 5) + "x\n" + "</div>\n" * (MAX_NESTING + 5)
    started = time.process_time()
    result = parse_source(SourceFile(BAD, story(body=body), "0"), SiteConfig(), MarkdownRenderer("/"))
    assert time.process_time() - started < 2.0  # refused before Python-Markdown goes 105 levels down
    [problem] = result.problems
    # body starts on line 7; two lines of intro, then the 101st opening div
    assert (problem.line, problem.is_error, result.item) == (7 + 2 + MAX_NESTING, True, None)


def test_ordinary_nesting_is_still_rendered():
    body = "\n".join(
        [
            "\n".join(" " * (4 * level) + f"- item {level}" for level in range(12)),
            "",
            "> > > > quoted four deep",
            "",
            '<div markdown="1">\n<div markdown="1">\n*inside*\n</div>\n</div>',
            "",
            "* * *",
            "",
            "    " * 20 + "indented code",
        ]
    )
    rendered = MarkdownRenderer("/").render(body)
    assert rendered.html.count("<ul>") == 12
    assert rendered.html.count("<blockquote>") == 4
    assert "<em>inside</em>" in rendered.html


# --- 3. symbolic links that loop ------------------------------------------------------------------


def loop_to_itself(site) -> None:
    os.symlink("loop.md", site.root / "content/stories/loop.md")


def loop_of_two(site) -> None:
    os.symlink("b.md", site.root / "content/stories/a.md")
    os.symlink("a.md", site.root / "content/stories/b.md")


@pytest.mark.parametrize(
    ("change", "links"),
    [
        pytest.param(loop_to_itself, ["content/stories/loop.md"], id="a_link_to_itself"),
        pytest.param(loop_of_two, ["content/stories/a.md", "content/stories/b.md"], id="two_links_to_each_other"),
    ],
)
def test_a_loop_of_symbolic_links_is_an_error_naming_the_link(make_site, change, links):
    refused_by_build_and_check(make_site, change, *(expect(link, None, "symbolic link", "loop") for link in links))


# --- 4. a folder that cannot be listed -----------------------------------------------------------

UNREADABLE = "content/stories/2024"
UNREADABLE_FILES = {
    **GOOD,
    f"{UNREADABLE}/hidden.md": story(title="Hidden"),
    "content/stories/broken.md": story(title="Broken", date="2024-02-30"),
}


def test_a_folder_that_cannot_be_listed_is_a_problem_beside_the_others(make_site, monkeypatch):
    # The suite runs as root, and chmod 000 does not stop root from listing a folder; no other
    # user can run the build here (the Python it runs is under /root). So the build runs
    # in-process with os.scandir refusing that one folder exactly as the kernel refuses an
    # unreadable one (PermissionError, EACCES).
    site = make_site(UNREADABLE_FILES)
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if not isinstance(path, int) and Path(os.fsdecode(path)).as_posix().endswith(UNREADABLE):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    result = site.build()
    shown = [str(p) for p in result.problems]
    assert not result.ok
    assert f"{UNREADABLE}: error: cannot be read: Permission denied" in shown, shown
    assert any(line.startswith("content/stories/broken.md:3: error:") for line in shown), shown


# --- 5. things under content/ that are neither files nor folders ---------------------------------


def make_fifo(site) -> None:
    os.mkfifo(site.root / "content/stories/pipe.md")


def make_socket(site) -> None:
    # A bound Unix socket leaves its file behind after the socket is closed. The path is made
    # relative (a short path, under the 108-byte limit of socket addresses).
    here = os.getcwd()
    os.chdir(site.root / "content/media")
    try:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind("socket.jpg")
    finally:
        os.chdir(here)


def link_to_fifo(site) -> None:
    os.mkfifo(site.root / "fifo")
    os.symlink(site.root / "fifo", site.root / "content/stories/linked.md")


@pytest.mark.timeout(180)  # a named pipe used to make the build wait for a writer forever: three builds on a busy machine
@pytest.mark.parametrize(
    ("change", "path", "kind"),
    [
        pytest.param(make_fifo, "content/stories/pipe.md", "named pipe", id="a_fifo_among_stories"),
        pytest.param(make_socket, "content/media/socket.jpg", "socket", id="a_unix_socket_among_media"),
        pytest.param(link_to_fifo, "content/stories/linked.md", "named pipe", id="a_symbolic_link_to_a_fifo"),
    ],
)
def test_something_neither_file_nor_folder_is_an_error_naming_it(make_site, change, path, kind):
    base = {**GOOD, "content/media/photo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'}
    site, before, result = publish_then_change(make_site, change, base=base)
    assert_refused(site, before, result, [expect(path, None, kind)])


# --- 6. media names that differ only in Unicode normalisation -------------------------------------


def test_media_names_differing_only_in_normalisation_are_refused_as_such(make_site):
    composed, decomposed = unicodedata.normalize("NFC", "café.svg"), unicodedata.normalize("NFD", "café.svg")
    assert composed != decomposed
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    change = {f"content/media/{composed}": svg, f"content/media/{decomposed}": svg}
    site, before, result = publish_then_change(make_site, change)
    assert_refused(site, before, result, [expect(None, None, "normalisation")])
    assert "upper and lower case" not in result.stderr


def test_media_names_differing_in_case_are_still_refused_as_such(make_site):
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    site, before, result = publish_then_change(make_site, {"content/media/Photo.svg": svg, "content/media/photo.svg": svg})
    assert_refused(site, before, result, [expect(None, None, "upper and lower case")])


# --- 7. excerpts of text without spaces ------------------------------------------------------------

EXCERPT_LIMIT = 40 * 8  # characters, before the ellipsis: see prose.CHARACTERS_PER_WORD
SCRIPTS = {
    "chinese": "警方表示，昨晚在市中心发生了一起交通事故，三人受伤，目前已送往医院治疗。" * 100,
    "japanese": "警察によると、昨夜、市の中心部で交通事故があり、三人が負傷して病院に運ばれました。" * 100,
    "thai": "ตำรวจกล่าวว่าเมื่อคืนนี้เกิดอุบัติเหตุทางถนนในใจกลางเมืองมีผู้บาดเจ็บสามคน" * 100,
    "arabic": "قالت الشرطة إن حادث سير وقع الليلة الماضية في وسط المدينة وأصيب ثلاثة أشخاص ونقلوا إلى المستشفى. " * 100,
    "ampersands": "&" * 100_000,
    "combining marks": "e\u0301" * 5_000,
}


@pytest.mark.parametrize("text", list(SCRIPTS.values()), ids=list(SCRIPTS))
def test_an_excerpt_is_bounded_in_every_script_and_cut_between_whole_characters(text):
    cut = excerpt(text)
    assert cut.endswith("…")
    assert len(cut) <= EXCERPT_LIMIT + 1
    assert text.startswith(cut[:-1])
    assert len(cut) > EXCERPT_LIMIT // 2, "cut far too short"
    following = text[len(cut) - 1]
    assert not unicodedata.combining(following) and unicodedata.category(following)[0] != "M", "cut inside a character"


def test_an_excerpt_with_spaces_is_cut_at_a_word_boundary():
    arabic = SCRIPTS["arabic"]
    cut = excerpt(arabic)
    assert arabic[len(cut) - 1] in " .", "cut inside a word"
    assert excerpt("one two three four", words=2) == "one two…"
    assert excerpt("short text") == "short text"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", ["chinese", "ampersands"])
def test_a_story_without_spaces_gives_a_bounded_meta_description_and_feed_summary(make_site, name):
    site = make_site({"content/stories/long.md": story(title="Long", body=SCRIPTS[name])})
    result = site.cli("build")
    assert result.returncode == 0, result.stderr
    page = lxml_html.fromstring(site.read("stories/long/index.html"))
    [description] = page.xpath('//meta[@name="description"]/@content')
    assert len(description) <= EXCERPT_LIMIT + 1, len(description)
    feed = etree.fromstring((site.public / "feed.xml").read_bytes())
    [summary] = feed.iter(f"{ATOM}summary")
    assert len(summary.text) <= EXCERPT_LIMIT + 1, len(summary.text)
    assert summary.text == description

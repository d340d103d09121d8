"""docs/architecture.md's "Where would I change X" table holds: each change, made to a copy of Beat
in the files the table names and nowhere else (never in the cache code), works at once, and
cached builds made across it equal clean ones."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cache.test_build_cache import tree
from tests.conftest import REPO, SITE_TOML, story

Edit = tuple[str, str | None, str]  # (file, text to replace or None for a new file, new text)


@dataclass
class Change:
    edits: list[Edit]
    stories: dict[str, str]  # the site's stories before the change
    later: dict[str, str]  # an edit to the content after the change, built with memory and clean
    works: Callable[[Path, str], None]  # checks the built site (public/) and what the build printed


def table() -> dict[str, set[str]]:
    text = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
    section = text.split("## Where would I change X", 1)[1]
    rows = re.findall(r"^\| (a [^|]+?) \| (`[^|]+`) \|$", section, flags=re.MULTILINE)
    return {change: set(re.findall(r"`([^`]+)`", files)) for change, files in rows}


def field_works(public: Path, printed: str) -> None:
    assert "Photo: Jo Lens" in (public / "stories/a/index.html").read_text(encoding="utf-8")
    assert "<contributor>" in (public / "feed.xml").read_text(encoding="utf-8")


def page_type_works(public: Path, printed: str) -> None:
    page = (public / "updated/index.html").read_text(encoding="utf-8")
    assert "Story B" in page and "Story A" not in page
    assert "/updated/</loc>" in (public / "sitemap.xml").read_text(encoding="utf-8")


def warning_works(public: Path, printed: str) -> None:
    assert printed.count("has no author") == 2, printed  # b and c, parsed before the check existed


def export_works(public: Path, printed: str) -> None:
    exported = json.loads((public / "stories.json").read_text(encoding="utf-8"))
    titles = [entry["title"] for entry in exported]
    assert titles[0].startswith("Story C") and titles[1:] == ["Story B", "Story A"]


def slug_works(public: Path, printed: str) -> None:
    assert (public / "tags/parade/index.html").is_file() and not (public / "tags/the-parade").exists()


STORIES = {
    "content/stories/a.md": story(title="Story A", date="2026-01-01", tags=["The Parade"], author='"Ann"'),
    "content/stories/b.md": story(title="Story B", date="2026-01-02", updated="2026-02-01"),
    "content/stories/c.md": story(title="Story C", date="2026-01-03"),
}
LATER = {"content/stories/c.md": story(title="Story C", date="2026-01-03", updated="2026-03-01")}
WITH_PHOTOGRAPHER = {
    **STORIES,
    "content/stories/a.md": story(
        title="Story A", date="2026-01-01", tags=["The Parade"], author='"Ann"', photographer='"Jo Lens"'
    ),
}

CHANGES = {
    "a new front-matter field shown on the story page and in feeds": Change(
        [
            ("builder/model.py", '    author: str = ""\n', '    author: str = ""\n    photographer: str = ""\n'),
            ("builder/parse.py", '    "author",\n', '    "author",\n    "photographer",\n'),
            (
                "builder/parse.py",
                '        author=fields.text("author"),\n',
                '        author=fields.text("author"),\n        photographer=fields.text("photographer"),\n',
            ),
            (
                "builder/feeds.py",
                "    if story.author:\n",
                '    if story.photographer:\n        ET.SubElement(ET.SubElement(entry, "contributor"), "name").text = story.photographer\n    if story.author:\n',
            ),
            (
                "themes/default/templates/story.html",
                "{% if story.location %}",
                "{% if story.photographer %}<span>Photo: {{ story.photographer }}</span>\n{% endif %}\n{% if story.location %}",
            ),
        ],
        WITH_PHOTOGRAPHER,
        {"content/stories/c.md": story(title="Story C", date="2026-01-03", photographer='"Sam"')},
        field_works,
    ),
    "a new page type listing some stories": Change(
        [
            (
                "builder/pages.py",
                "    years = [(year, len(items)) for year, items in site.by_year.items()]\n",
                "    updated = [story for story in site.stories if story.updated]\n"
                '    yield page("updated/", "updated.html", "updated stories", {"stories": listed(updated)}, title="Updated stories", section="archive", lastmod=_last_modified(updated))\n'
                "    years = [(year, len(items)) for year, items in site.by_year.items()]\n",
            ),
            (
                "themes/default/templates/updated.html",
                None,
                '{% extends "base.html" %}\n{% block content %}\n<h1>Updated stories</h1>\n{% include "_story_list.html" %}\n{% endblock %}\n',
            ),
        ],
        STORIES,
        LATER,
        page_type_works,
    ),
    "a new per-story warning": Change(
        [
            (
                "builder/parse.py",
                "    if published is None or any(p.is_error for p in fields.problems):\n        return ParseResult(None, tuple(fields.problems))\n    summary",
                '    if not fields.text("author"):\n        fields.problems.append(warning(source.path, "story has no author; add `author:`"))\n'
                "    if published is None or any(p.is_error for p in fields.problems):\n        return ParseResult(None, tuple(fields.problems))\n    summary",
            )
        ],
        STORIES,
        LATER,
        warning_works,
    ),
    "a new export of all stories": Change(
        [
            (
                "builder/feeds.py",
                '    jobs.append(FeedJob("sitemap.xml", "sitemap", data, sitemap))\n',
                '    jobs.append(FeedJob("sitemap.xml", "sitemap", data, sitemap))\n'
                '    jobs.append(FeedJob("stories.json", "export", {"stories": site.stories}, stories_json))\n',
            ),
            (
                "builder/feeds.py",
                "def robots(",
                "def stories_json(job, site, config, urls, bodies) -> bytes:\n"
                "    import json\n\n"
                '    rows = [{"title": s.title, "url": urls.absolute(s), "date": s.date.isoformat()} for s in job.data["stories"]]\n'
                '    return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")\n\n\n'
                "def robots(",
            ),
        ],
        STORIES,
        {"content/stories/c.md": story(title="Story C revised", date="2026-01-03")},
        export_works,
    ),
    "a different slug rule": Change(
        [
            (
                "builder/slugs.py",
                'replacements=[["\'", ""], ["’", ""]])',
                'replacements=[["\'", ""], ["’", ""]], stopwords=["the"])',
            )
        ],
        STORIES,
        {"content/stories/c.md": story(title="Story C", date="2026-01-03", tags=["The Parade", "The Band"])},
        slug_works,
    ),
}


def apply(code: Path, edits: list[Edit]) -> set[str]:
    touched = set()
    for relative, old, new in edits:
        path = code / relative
        if old is None:
            assert not path.exists(), relative
            path.write_text(new, encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, f"{relative}: the recipe no longer fits the code"
            path.write_text(text.replace(old, new), encoding="utf-8")
        touched.add(relative)
    return touched


def test_the_table_names_every_change_tested_here():
    assert set(table()) == set(CHANGES)


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_each_change_touches_only_the_files_the_table_names_and_keeps_cached_builds_exact(name, tmp_path):
    change = CHANGES[name]
    code = tmp_path / "code"
    shutil.copytree(REPO / "builder", code / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "themes", code / "themes")
    site = tmp_path / "site"
    for relative, text in {"site.toml": SITE_TOML + "search = false\n", **change.stories}.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(code)}

    def beat(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "-m", "builder", "build", *args], cwd=site, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return done

    before = beat().stderr
    if change.stories is WITH_PHOTOGRAPHER:  # before the change, the field is unknown: a warning, and the build goes on
        assert 'unknown front-matter key "photographer"' in before, before
    touched = apply(code, change.edits)
    assert touched == table()[name]
    assert not any(path.startswith("builder/incremental/") for path in touched)

    printed = beat().stderr  # with the memory of a build made before the change
    change.works(site / "public", printed)
    for relative, text in change.later.items():
        (site / relative).write_text(text, encoding="utf-8")
    beat()
    beat("--no-cache", "--out", str(tmp_path / "clean"))
    assert tree(site / "public") == tree(tmp_path / "clean")
    change.works(site / "public", printed)

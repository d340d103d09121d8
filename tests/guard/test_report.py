"""`beat report`: every problem the build finds, once, by file; drafts and scheduled stories with
their dates; stories lacking a picture, summary or source; tags and departments to tidy; stories
per month as a chart and a table. Its JSON validates against docs/report.schema.json."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from markupsafe import escape

from builder.report import as_github, from_build
from tests.checks.tools import run_vnu
from tests.conftest import NOW, REPO, story
from tests.guard.test_duplicates import body, moved

SCHEMA = json.loads((REPO / "docs/report.schema.json").read_text(encoding="utf-8"))
COPY = body(11)


@pytest.fixture
def archive(make_site):
    return make_site(
        {
            "content/departments/springfield-police-department.md": "---\nname: Springfield Police Department\n---\n",
            "content/departments/ogdenville-police.md": "---\nname: Ogdenville Police\n---\n",
            "content/stories/2026/complete.md": story(
                title="Complete",
                date="2026-10-02",
                department="Springfield Police Department",
                tags=["reading", "sports"],
                summary='"All there."',
                image="media/pic.svg",
                image_alt='"A picture"',
                source="https://example.org/news/1",
            ),
            "content/stories/2026/x.md": story(title="X", date="2026-08-01", department="Sprinfield PD", tags=["reading"]),
            "content/stories/2026/odd-key.md": story(title="Odd <key>", date="2026-07-01", tags=["sports"], colour='"blue"'),
            "content/stories/2026/broken.md": story(title="", date="2026-07-02"),
            "content/stories/2026/draft.md": story(title="A draft", date="2026-09-01", draft="true", tags=["reading"]),
            "content/stories/2027/soon.md": story(title="Coming soon", date="2027-02-01", tags=["reading"]),
            "content/stories/2024/old.md": story(title="Old", date="2024-05-03", department="Ogdenville Police", tags=["once"]),
            "content/stories/2026/first.md": story(title="First filing", date="2026-03-01", body=COPY, tags=["reading"]),
            "content/stories/2026/second.md": story(title="Second filing", date="2026-03-05", body=moved(COPY), tags=["reading"]),
            "content/media/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"/>',
        }
    )


def report_of(site):
    return from_build(site.build(write=False), NOW)


def test_the_json_report_validates_against_its_schema_and_lists_each_problem_once(archive):
    result = archive.cli("report", "--format", "json", "--out", "-")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
    listed = [f"{e['path']}:{p['line']}: {p['severity']}: {p['message']}" for e in data["problems"] for p in e["problems"]]
    found = [str(p) for p in archive.build(write=False).problems]
    assert sorted(listed) == sorted(found) and len(set(listed)) == len(listed)
    assert {e["path"] for e in data["problems"]} == {
        "content/stories/2026/x.md",
        "content/stories/2026/odd-key.md",
        "content/stories/2026/broken.md",
        "content/stories/2026/second.md",
    }
    assert data["errors"] == 1


def test_a_report_that_breaks_the_schema_is_caught():
    """The schema test can fail: a report missing a section, or with a bad month, is refused."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    good = {key: [] for key in SCHEMA["required"]} | {"version": 1, "title": "", "generated": "", "errors": 0, "warnings": 0}
    assert not list(validator.iter_errors(good))
    assert list(validator.iter_errors({k: v for k, v in good.items() if k != "drafts"}))
    assert list(validator.iter_errors(good | {"stories_per_month": [{"month": "2026-1", "stories": 1}]}))


def test_drafts_scheduled_missing_and_terms_are_reported(archive):
    report = report_of(archive)
    assert [(s.path, s.date) for s in report.drafts] == [("content/stories/2026/draft.md", "2026-09-01T00:00:00+00:00")]
    assert [(s.path, s.date) for s in report.scheduled] == [("content/stories/2027/soon.md", "2027-02-01T00:00:00+00:00")]
    missing = {m.path: m.lacks for m in report.missing}
    assert "content/stories/2026/complete.md" not in missing
    assert missing["content/stories/2026/x.md"] == ("picture", "summary", "source")
    assert [t.name for t in report.singleton_tags] == ["once"]
    assert [(p.first, p.second) for p in report.look_alike_names] == [("Sprinfield PD", "Springfield Police Department")]
    assert [d.name for d in report.departments_without_profile] == ["Sprinfield PD", "Test Police Department"]
    assert [(d.name, d.last_story) for d in report.quiet_departments] == [("Ogdenville Police", "2024-05-03")]
    months = {m.month: m.stories for m in report.stories_per_month}
    assert (min(months), max(months), len(months)) == ("2024-05", "2026-10", 30)
    assert months["2026-03"] == 2 and months["2025-01"] == 0 and sum(months.values()) == 6


def test_github_format_annotates_each_problem_on_its_file_and_line_and_fails_on_errors(archive):
    result = archive.cli("report", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        '::warning file=content/stories/2026/x.md,line=4::unknown department "Sprinfield PD"; '
        'did you mean "Springfield Police Department"?'
    ) in lines
    assert any(line.startswith("::error file=content/stories/2026/broken.md,line=2::") for line in lines)
    assert len(lines) == len(archive.build(write=False).problems)


def test_github_annotations_escape_what_the_runner_would_read_as_syntax():
    from builder.report import ArchiveReport, FileProblems, Finding

    report = ArchiveReport(1, "", "", 0, 1, (FileProblems("a,b:c.md", (Finding(3, "warning", "50% done\nnext"),)),), *[()] * 8)
    assert as_github(report) == "::warning file=a%2Cb%3Ac.md,line=3::50%25 done%0Anext\n"


def test_the_html_report_is_written_outside_public_is_valid_and_shows_each_problem_once(archive):
    result = archive.cli("report")
    assert result.returncode == 0, result.stderr
    page = (archive.root / "report/index.html").read_text(encoding="utf-8")
    assert not (archive.root / "public").exists()
    for problem in archive.build(write=False).problems:
        assert page.count(str(escape(problem.message))) == 1, problem.message
    assert "<key>" not in page  # a story's title is text, not markup
    report = report_of(archive)
    assert len(re.findall(r"<rect ", page)) == len(report.stories_per_month)
    assert "<td>2026-03</td><td>2</td>" in page
    assert "2026-09-01: A draft" in page and "2027-02-01: Coming soon" in page
    other = archive.root / "elsewhere/r.html"
    assert archive.cli("report", "--out", str(other)).returncode == 0
    assert "<title>Archive report: Test Beat</title>" in other.read_text(encoding="utf-8")
    validity = run_vnu(archive.root / "report")
    assert not validity.errors, validity.describe(archive.root)

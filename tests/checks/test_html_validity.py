"""Every page of the built sample is valid HTML by the W3C's Nu Html Checker (issue 5)."""

from __future__ import annotations

import shutil

from tests.checks.tools import run_vnu
from tests.e2e.helpers import html_files


def test_every_page_of_the_built_sample_is_valid_html(sample_build):
    report = run_vnu(sample_build)

    assert report.errors == [], "the Nu Html Checker found errors:\n" + report.describe(sample_build.resolve())
    pages = {p.resolve() for p in html_files(sample_build)}
    assert len(pages) > 30
    assert report.checked == pages, "vnu did not read every page"


def test_the_checker_reports_a_planted_error_with_its_file_and_line(sample_build, tmp_path):
    copy = tmp_path / "public"
    shutil.copytree(sample_build, copy)
    story = sorted(copy.glob("stories/*/index.html"))[0]
    html = story.read_text(encoding="utf-8")
    story.write_text(html.replace("</main>", "<p>A stray end tag.</li></p>\n</main>", 1), encoding="utf-8")
    planted_line = html[: html.index("</main>")].count("\n") + 1

    report = run_vnu(copy)

    described = report.describe(copy.resolve())
    assert len(report.errors) == 1, described
    assert described.startswith(f"{story.relative_to(copy).as_posix()}:{planted_line}: No “li” element in scope"), described

"""The home page and a story page are light and need no JavaScript to be read (issue 5)."""

from __future__ import annotations

import lxml.html
import pytest

from tests.checks.weight import page_weight
from tests.e2e.helpers import output_file

BUDGET = 30 * 1024  # compressed bytes: HTML plus stylesheets, what a reader on a slow phone waits for


@pytest.fixture(scope="module")
def pages(sample_build) -> list[str]:
    story = sorted(p.parent.name for p in sample_build.glob("stories/*/index.html"))[0]
    return ["", f"stories/{story}/"]


def test_the_home_page_and_a_story_page_with_their_stylesheets_are_at_most_30_kb_compressed(sample_build, pages):
    for site_path in pages:
        weight = page_weight(sample_build, site_path)
        assert weight.css_bytes > 0, f"/{site_path} links no stylesheet"
        assert weight.compressed <= BUDGET, weight


def test_no_page_of_the_sample_with_its_stylesheets_is_past_30_kb_compressed(sample_build):
    heavy = []
    for file in sorted(sample_build.rglob("*.html")):
        relative = file.relative_to(sample_build).as_posix()
        site_path = relative.removesuffix("index.html")
        weight = page_weight(sample_build, site_path)
        if weight.compressed > BUDGET:
            heavy.append(weight)
    assert heavy == []


def test_the_home_page_and_a_story_page_load_no_script(sample_build, pages):
    for site_path in pages:
        doc = lxml.html.fromstring((sample_build / output_file(site_path)).read_bytes())
        # JSON-LD is data for search engines, not code a reader's browser runs.
        scripts = [
            lxml.html.tostring(s, encoding="unicode")[:120] for s in doc.iter("script") if s.get("type") != "application/ld+json"
        ]
        assert scripts == [], f"/{site_path}"

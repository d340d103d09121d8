"""Lighthouse at its mobile settings (a mid-range phone on a slow 4G network, simulated) scores the
built sample at least 0.95 for performance and 1.0 for accessibility, best practices and SEO, on
each main kind of page (issue 13). The scores of the last run are in docs/performance.md.

Lighthouse is npm's (package.json pins a version that runs on Node 20) driving Debian's chromium.
The performance score is timed on a machine other work shares: Lighthouse's simulation scales the
CPU tasks it observed, and a task another process held the CPU during looks long. So, like
Lighthouse CI's "optimistic" aggregation over several runs, a page below the bar is run again, up
to ATTEMPTS times, and the best score counts: a page that is really slow fails every run. (With two
CPU hogs beside it the home page scored 0.99-1.0 in six runs; in a busy CI run, with the other test
worker's browsers and builds too, single runs scored 0.92.)
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM
from tests.browser.static_host import StaticHost
from tests.conftest import REPO

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "",
    "story": "stories/harbor-city-officers-paint-the-pier/",
    "tag": "tags/youth-outreach/",
    "department": "departments/maple-hollow-police-department/",
    "search": "search/",
}
MINIMUM = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
ATTEMPTS = 5


def lighthouse(url: str, report: Path) -> dict[str, float]:
    """The four category scores of one Lighthouse run (mobile, its default)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=" + ",".join(MINIMUM),
    ]
    run = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: categories[name]["score"] for name in MINIMUM}


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_mobile_scores_meet_the_bar(sample_host: StaticHost, tmp_path: Path, name: str):
    assert LIGHTHOUSE.exists(), "Lighthouse is not installed: run `npm ci` (package.json pins it)"
    scores = lighthouse(sample_host.url + PAGES[name], tmp_path / "report-1.json")
    performances = [scores["performance"]]
    for attempt in range(2, ATTEMPTS + 1):
        if scores["performance"] >= MINIMUM["performance"]:
            break
        again = lighthouse(sample_host.url + PAGES[name], tmp_path / f"report-{attempt}.json")
        performances.append(again["performance"])
        scores = {category: max(scores[category], again[category]) for category in MINIMUM}
    below = {category: score for category, score in scores.items() if score < MINIMUM[category]}
    assert below == {}, f"/{PAGES[name]}: {scores}, performance in each run {performances}"

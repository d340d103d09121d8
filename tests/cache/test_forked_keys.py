"""`beat build` without search makes its story pages' cache keys in a forked copy of itself
(builder/forked.py): a cached build still equals a clean one, whatever changed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.serve.test_rebuild_exactness import operations

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Beat forks on Linux only")


def run_steps(steps: list) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.cache.forked_builds"],
        input=json.dumps(steps),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.timeout(900)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=6))
def test_every_cached_build_with_forked_keys_equals_a_clean_build(steps):
    results = run_steps([list(step) for step in steps])
    for result in results:
        assert result["threads"] == 1
        assert result["ok"], result["operation"]
        assert result["same"], result["operation"]
        assert all(result["forked"]), result  # where Beat could fork, it did: the path tested is the forked one


def test_an_edited_story_is_rebuilt_from_keys_made_in_the_copy():
    edit = ["write", "a", "---\ntitle: Seed, edited\ndate: 2026-01-09\ndepartment: North Police\ntags: [alpha]\n---\nNew body.\n"]
    first, edited = run_steps([edit])
    assert first["forked"] in ([], [True])  # the first build, with nothing remembered, may not need one
    assert edited["forked"] == [True]
    assert edited["ok"] and edited["same"]

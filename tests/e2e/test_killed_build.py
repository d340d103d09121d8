"""A `beat build` killed with SIGKILL while it writes leaves the published site as it was, and
the next build publishes exactly what a clean build does: a first build writes its files
straight to their names (treefiles.write_new), so a killed one leaves half-written files in the
tree readers are not served, which the next build must not take for its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cache.test_build_cache import tree
from tests.conftest import story

STORIES = 300
BUILD = [sys.executable, "-m", "builder", "build", "--quiet"]


def files_in_trees(root: Path) -> int:
    return sum(len(files) for tree_root in root.glob("public.beat-*") for _, _, files in os.walk(tree_root))


def kill_when_written(root: Path, files: int) -> None:
    """Start a build and kill it (SIGKILL) once its trees hold `files` files: mid-write, whatever the machine's speed."""
    build = subprocess.Popen(BUILD, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while files_in_trees(root) < files and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)  # polling a condition, not waiting for a time
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()


@pytest.mark.parametrize("share", [0.1, 0.5, 0.9])
def test_the_build_after_a_killed_first_build_equals_a_clean_one(make_site, share):
    stories = {
        f"content/stories/s{n}.md": story(title=f"Story {n}", date=f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}")
        for n in range(STORIES)
    }
    site = make_site(
        {"site.toml": "title = 'Killed'\nbase_url = 'https://example.org/'\nsearch = false\nsources = 'optional'\n", **stories}
    )
    clean = site.root.parent / "clean"
    assert subprocess.run([*BUILD, "--no-cache", "--out", str(clean)], cwd=site.root).returncode == 0
    expected = tree(clean)
    kill_when_written(site.root, int(len(expected) * share))
    if site.public.exists():  # killed after it published: what it published is whole
        assert tree(site.public) == expected
    assert subprocess.run(BUILD, cwd=site.root).returncode == 0
    assert tree(site.public) == expected
    # And the next one, into the other tree the killed build may have left half-written files in.
    site.write({"content/stories/s0.md": story(title="Story 0, edited", date="2025-01-01")})
    assert subprocess.run(BUILD, cwd=site.root).returncode == 0
    assert subprocess.run([*BUILD, "--no-cache", "--out", str(clean)], cwd=site.root).returncode == 0
    assert tree(site.public) == tree(clean)

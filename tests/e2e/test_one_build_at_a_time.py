"""Two builds of one site never write at once, and a killed build's leftovers are cleaned up."""

from __future__ import annotations

import subprocess
import sys

from builder import lock
from tests.conftest import story


def test_a_second_build_waits_for_the_first_and_then_publishes(make_site):
    site = make_site({"content/stories/a.md": story(title="First")})
    assert site.cli("build").returncode == 0
    site.write({"content/stories/a.md": story(title="Second")})
    with lock.exclusive(site.root):  # a build holding the site, as a running `beat build` does
        second = subprocess.Popen(
            [sys.executable, "-m", "builder", "build"], cwd=site.root, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            line = second.stderr.readline()  # blocks until the build says it waits: no timing involved
            assert "waiting for another build" in line
            assert second.poll() is None, "it waits while the other build runs"
            assert "First" in site.read("stories/a/index.html")
        except BaseException:
            second.kill()
            raise
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "Second" in site.read("stories/a/index.html")


def test_two_builds_started_together_both_succeed_and_leave_one_consistent_site(make_site):
    site = make_site({f"content/stories/s{n}.md": story(title=f"Story {n}", date=f"2026-01-{n + 1:02d}") for n in range(20)})
    command = [sys.executable, "-m", "builder", "build", "--quiet"]
    builds = [subprocess.Popen(command, cwd=site.root, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(build.wait(timeout=180), build.stderr.read()) for build in builds]
    assert all(code == 0 for code, _ in results), results
    clean = site.root.parent / "clean"
    assert subprocess.run([*command, "--no-cache", "--out", str(clean)], cwd=site.root).returncode == 0
    from tests.cache.test_build_cache import tree

    assert tree(site.public) == tree(clean)
    assert not list(site.public.resolve().rglob("*.beat-tmp"))


def test_a_killed_builds_search_leftovers_are_removed_by_the_next_build(make_site):
    site = make_site({"content/stories/a.md": story()})
    leftover = site.root / ".public.beat-search" / ".beat-search-killed"
    (leftover / "site/stories/a").mkdir(parents=True)
    (leftover / "site/stories/a/index.html").write_text("left by a build that was killed")
    assert site.cli("build").returncode == 0
    assert not (site.root / ".public.beat-search").exists()
    assert not list(site.root.glob(".beat-search-*"))

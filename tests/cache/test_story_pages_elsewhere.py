"""Story pages rendered and written by worker processes are the ones the main process makes."""

from __future__ import annotations

import pytest

from builder import storypages
from builder.pipeline import BuildOptions, build
from tests.cache.test_build_cache import tree
from tests.conftest import NOW, story

STORIES = {
    **{
        f"content/stories/s{n}.md": story(title=f"Story {n}", date=f"2026-01-{n + 1:02d}", tags=[f"t{n % 3}"], body=f"Body {n}.")
        for n in range(8)
    },
    # Pictures: a worker's page must carry their sizes as the main process's does.
    "content/media/map.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 90"/>',
    "content/stories/pictures.md": story(
        title="Pictures", date="2026-01-20", image="media/map.svg", image_alt="A map", body="![The route](/media/map.svg)\n"
    ),
}


def test_workers_write_the_same_story_pages_and_the_cache_keeps_them(make_site, monkeypatch):
    monkeypatch.setattr(storypages, "THRESHOLD", 1)
    # Batches of one page: the worker renders some, and the main process, once its own pages are
    # made, the ones not yet handed out (see workers.Batches): both kinds are compared below.
    monkeypatch.setattr(storypages, "SMALLEST_BATCH", 1)
    started: list[int] = []
    start = storypages.StoryPages.__init__
    monkeypatch.setattr(storypages.StoryPages, "__init__", lambda self, *args: started.append(len(args[1])) or start(self, *args))
    site = make_site(STORIES)
    elsewhere = BuildOptions(out_dir=site.public, disk_cache=True, now=NOW, jobs=2)
    result = build(site.root, elsewhere)
    assert result.ok and result.files_written == len(result.outputs) and started == [9]
    assert 'width="120" height="90"' in site.read("stories/pictures/index.html")
    here = site.root.parent / "here"
    assert build(site.root, BuildOptions(out_dir=here, now=NOW, jobs=1)).ok
    assert tree(site.public) == tree(here)
    site.write({"content/stories/s3.md": story(title="Story three", date="2026-01-04", tags=["t0"], body="New.")})
    assert build(site.root, elsewhere).ok  # a few pages: rendered here, the rest reused from the cache
    assert build(site.root, BuildOptions(out_dir=here, now=NOW, jobs=1)).ok
    assert tree(site.public) == tree(here)
    # site.toml, then a template changed twice (the second time in the same folders, whose
    # templates a process may have compiled already): every story page made again each time,
    # by the worker and by this process.
    settings = (site.root / "site.toml").read_text(encoding="utf-8")
    changes = [{"site.toml": settings.replace('title = "Test Beat"', 'title = "Renamed Beat"')}]
    for marker in ("first", "second"):
        template = f'{{% extends "base.html" %}}{{% block content %}}<p id="{marker}">{{{{ story.title }}}}</p>{{% endblock %}}\n'
        changes.append({"templates/story.html": template})
    for change in changes:
        site.write(change)
        started.clear()
        assert build(site.root, elsewhere).ok and started == [9]
        assert build(site.root, BuildOptions(out_dir=here, now=NOW, jobs=1)).ok
        assert tree(site.public) == tree(here)
    assert 'id="second"' in site.read("stories/s3/index.html") and "Renamed Beat" in site.read("stories/s3/index.html")


def test_a_template_error_in_a_worker_is_reported_as_here(make_site, monkeypatch):
    monkeypatch.setattr(storypages, "THRESHOLD", 1)
    monkeypatch.setattr(storypages, "SMALLEST_BATCH", 1)
    broken = '{% extends "base.html" %}{% block content %}{{ story.missing.name }}{% endblock %}\n'
    site = make_site({**STORIES, "templates/story.html": broken})
    there = build(site.root, BuildOptions(out_dir=site.public, now=NOW, jobs=2))
    here = build(site.root, BuildOptions(out_dir=site.root.parent / "here", now=NOW, jobs=1))
    assert not there.ok and there.problems == here.problems


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_is_told_for_every_page_rendered_here_or_by_the_workers(make_site, monkeypatch, jobs):
    monkeypatch.setattr(storypages, "THRESHOLD", 1)
    told: list[tuple[int, int]] = []
    site = make_site(STORIES)
    result = build(site.root, BuildOptions(out_dir=site.public, now=NOW, jobs=jobs, progress=lambda *counts: told.append(counts)))
    assert result.ok
    runs: list[list[tuple[int, int]]] = [[]]
    for done, total in told:  # a part ends when its count reaches its total
        runs[-1].append((done, total))
        if done == total:
            runs.append([])
    assert runs.pop() == [] and runs
    for run in runs:  # each part counts up to its own total
        assert [done for done, _ in run] == sorted({done for done, _ in run}) and {total for _, total in run} == {run[-1][0]}
    assert sum(run[-1][1] for run in runs) == sum(1 for output in result.outputs if output.path.endswith(".html"))

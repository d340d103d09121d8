"""Story pages rendered and written by worker processes, while the main process does the rest.

A build that renders thousands of story pages (the first, or one after a template change) would
otherwise render and write them one by one in the main process after the parse workers are done.
A story page shows only what its declared data holds (its story, the previous and next ones,
its department and tags) and the site's pages, when no template reads `site` itself
(TemplateFacts.cacheable). So a worker gets just that, renders, writes the file into the output
tree being built, and sends back only its name and state on disk.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from builder import workers
from builder.config import SiteConfig
from builder.model import Card, Site
from builder.outputs import OutputFile, stamp_of
from builder.pages import PageJob
from builder.problems import Problem
from builder.render import Made, Progress, Renderer, tell
from builder.templates import TemplateFacts, environment
from builder.treefiles import put_file

# Below this many story pages to render, starting workers costs more than it saves.
THRESHOLD = 1000
SMALLEST_BATCH = 50  # pages: the last batches, the ones that decide when the processes end, are small


@dataclass(frozen=True, slots=True)
class Setup:
    """What every worker needs besides its pages."""

    config: SiteConfig
    assets: dict[str, str]
    template_dirs: tuple[str, ...]
    site_dir: str
    facts: TemplateFacts
    tree: str  # the output tree being written


Result = tuple[
    str, tuple[int, int] | None, bytes | None, Problem | None
]  # output path, its (size, mtime) as written, stamp, problem


class Offload:
    """Whether, and how, story pages go to workers that write them into `tree`."""

    def __init__(self, renderer: Renderer, tree: Path, workers: int):
        self.renderer = renderer
        self.tree = tree
        self.workers = workers

    def wanted(self, pages: int) -> bool:
        """Whether this many story pages to render go to workers."""
        return self.workers > 1 and self.renderer.facts.cacheable and pages >= THRESHOLD

    def start(self, jobs: list[PageJob]) -> StoryPages:
        """Workers started on these pages (the caller has asked `wanted`)."""
        return StoryPages(self.renderer, jobs, self.tree, self.workers)


class StoryPages:
    """Story pages handed to worker processes, gathered in their order when wanted."""

    def __init__(self, renderer: Renderer, jobs: list[PageJob], tree: Path, count: int):
        self.jobs = jobs
        setup = Setup(
            renderer.config,
            renderer.assets,
            tuple(str(d) for d in renderer.template_dirs),
            str(renderer.site_dir),
            renderer.facts,
            str(tree),
        )
        # Every body first: one that cannot be had ends the build (to start again from the
        # files) before any worker has written a file.
        pages = [(job, renderer.with_bodies(job.data)) for job in jobs]
        batches = workers.shrinking_chunks(pages, count, smallest=SMALLEST_BATCH)
        excerpts = [(_excerpt(renderer.site, b), b) for b in batches]
        # This process is the last of the `count`: it makes the other pages and the feeds first,
        # then takes the story pages not yet handed out, so all end together (see workers.Batches).
        self._work = workers.Batches(render_batch, (setup,), excerpts, max(1, count - 1), helped=True)

    def made(self, progress: Progress | None = None) -> Iterator[Made]:
        """Each page as it is made, in order (waiting for the workers as needed); then they stop."""
        for done, (job, (path, state, stamp, problem)) in enumerate(zip(self.jobs, self._work.results(), strict=True), 1):
            yield job, [OutputFile(path, owner=job.owner, written=state, stamp=stamp)] if path else [], problem
            tell(progress, done, len(self.jobs))

    def __enter__(self) -> StoryPages:
        return self

    def __exit__(self, *exc_info) -> None:
        self._work.close()  # batches not yet started are dropped: made() has ended, or the build is stopping


def _excerpt(site: Site, batch: list[tuple[PageJob, dict[str, Any]]]) -> Site:
    """The part of the index the batch's pages can reach: the stories in their data."""
    slugs = {
        value.slug
        for _, data in batch
        for value in (data["story"], data["previous"], data["next"], *data["related"])
        if isinstance(value, Card)
    }
    return Site(
        stories=(),
        departments=site.departments,
        tags=site.tags,
        pages=site.pages,
        story_department={slug: site.story_department[slug] for slug in slugs},
        story_tags={slug: site.story_tags[slug] for slug in slugs},
    )


def render_batch(setup: Setup, work: tuple[Site, list[tuple[PageJob, dict[str, Any]]]]) -> list[Result]:
    """Render and write story pages (in a worker process)."""
    site, batch = work
    dirs = [Path(d) for d in setup.template_dirs]
    env = _environment(setup.template_dirs, setup.facts.digest)
    renderer = Renderer(env, site, setup.config, setup.assets, dirs, Path(setup.site_dir), setup.facts)
    results: list[Result] = []
    for job, data in batch:
        output, problem = renderer.render(job, data)
        if output is None:
            results.append(("", None, None, problem))
            continue
        state = put_file(setup.tree, output.path, output.data)
        results.append((output.path, state, stamp_of(output.data), problem))
    return results


@functools.lru_cache(maxsize=1)  # one per worker process: templates are compiled once, not per batch
def _environment(dirs: tuple[str, ...], digest: str) -> jinja2.Environment:
    return environment([Path(d) for d in dirs])

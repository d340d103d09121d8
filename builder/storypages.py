"""Story pages rendered and written by worker processes, while the main process does the rest.

A build that renders thousands of story pages (the first, or one after a template change) would
otherwise render and write them one by one in the main process after the parse workers are done.
A story page shows its story, the previous and next ones, their departments and tags, and the
site's pages: nothing else of the archive, when no template reads `site` itself (the condition
for the render cache too, TemplateFacts.cacheable). So a worker gets just that, renders, writes
the file into the output tree being built, and sends back only its name and state on disk.
"""

from __future__ import annotations

import functools
import math
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2

from builder.config import SiteConfig
from builder.model import Site, Story
from builder.outputs import OutputFile, OutputSet
from builder.pages import PageJob, story_job
from builder.problems import Problem
from builder.render import Renderer
from builder.templates import TemplateFacts, environment
from builder.urls import Urls
from builder.write import Publisher, put_file

# Below this many story pages to render, starting workers costs more than it saves.
THRESHOLD = 1000


@dataclass(frozen=True, slots=True)
class Setup:
    """What every worker needs besides its stories."""

    config: SiteConfig
    assets: dict[str, str]
    template_dirs: tuple[str, ...]
    site_dir: str
    facts: TemplateFacts
    stable: bool
    tree: str  # the output tree being written


Result = tuple[str, tuple[int, int] | None, Problem | None]  # output path, its (size, mtime) as written, problem


class Offload:
    """What render_site may hand to workers, and how their files are recorded."""

    def __init__(self, renderer: Renderer, publisher: Publisher, outputs: OutputSet, workers: int):
        self.renderer = renderer
        self.publisher = publisher
        self.outputs = outputs
        self.workers = workers

    def wants(self, count: int) -> bool:
        return self.workers > 1 and self.renderer.cacheable and count >= THRESHOLD

    def start(self, jobs: list[PageJob]) -> StoryPages:
        return StoryPages(self.renderer, jobs, self.publisher.folder, self.workers)

    def record(self, output: OutputFile, state: tuple[int, int]) -> None:
        """A page a worker wrote: its name claimed like any output's, its file the tree's."""
        if self.outputs.claim(output):
            self.publisher.record(output, state)


class StoryPages:
    """Story pages handed to worker processes, gathered in their order when wanted."""

    def __init__(self, renderer: Renderer, jobs: list[PageJob], tree: Path, workers: int):
        self.jobs = jobs
        setup = Setup(
            renderer.config,
            renderer.assets,
            tuple(str(d) for d in renderer.template_dirs),
            str(renderer.site_dir),
            renderer.facts,
            renderer.stable,
            str(tree),
        )
        full = renderer.bodies or (lambda story: story)
        # Every body first: one that cannot be had ends the build (to start again without the
        # cache) before any worker has written a file.
        stories = [tuple(full(s) if s else None for s in job.story) for job in jobs]  # type: ignore[union-attr]
        size = max(1, math.ceil(len(jobs) / (workers * 6)))
        batches = [stories[start : start + size] for start in range(0, len(stories), size)]
        # "spawn", as for parsing: the preview server has threads running.
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        try:
            self._futures: list[Future] = [
                self._pool.submit(render_batch, setup, _excerpt(renderer.site, batch), batch) for batch in batches
            ]
        except BaseException:
            self.close()
            raise

    def results(self) -> Iterator[tuple[PageJob, Result]]:
        """Each job with its result, in order; then the workers stop."""
        try:
            index = 0
            for future in self._futures:
                for result in future.result():
                    yield self.jobs[index], result
                    index += 1
        finally:
            self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _excerpt(site: Site, batch: list[tuple]) -> Site:
    """The part of the index the batch's pages can reach."""
    stories = [story for triple in batch for story in triple if story]
    slugs = {story.slug for story in stories}
    images = {path for story in stories for path in (story.image, *story.media)}
    return Site(
        stories=(),
        departments=site.departments,
        tags=site.tags,
        pages=site.pages,
        story_department={slug: site.story_department[slug] for slug in slugs},
        story_tags={slug: site.story_tags[slug] for slug in slugs},
        image_sizes={path: size for path, size in site.image_sizes.items() if path in images},
    )


def render_batch(setup: Setup, site: Site, batch: list[tuple[Story, Story | None, Story | None]]) -> list[Result]:
    """Render and write story pages (in a worker process)."""
    dirs = [Path(d) for d in setup.template_dirs]
    env = _environment(setup.template_dirs, setup.facts.digest)
    renderer = Renderer(env, site, setup.config, setup.assets, dirs, Path(setup.site_dir), setup.facts, stable=setup.stable)
    urls, key = Urls(setup.config), None  # the key is the main process's business
    results: list[Result] = []
    for story, previous, following in batch:
        output, problem = renderer.render(story_job(story, previous, following, key, site, setup.config, urls))
        state = put_file(setup.tree, output.path, output.data) if output else None
        results.append((output.path if output else "", state, problem))
    return results


@functools.lru_cache(maxsize=1)  # one per worker process: templates are compiled once, not per batch
def _environment(dirs: tuple[str, ...], digest: str) -> jinja2.Environment:
    return environment([Path(d) for d in dirs])

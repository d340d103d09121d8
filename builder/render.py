"""Stage 4: the indexed Site -> HTML OutputFiles, and template problems. (No disk here, but for
story pages handed to worker processes, which write their own files: see storypages.py.)"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import jinja2

from builder.cache import BuildCache, CacheOutOfStep, fingerprint
from builder.config import SiteConfig
from builder.model import Site, Story
from builder.outputs import OutputFile
from builder.pages import Keys, PageJob, page_jobs
from builder.problems import Problem, error
from builder.templates import TemplateFacts
from builder.urls import Urls, output_path

Progress = Callable[[int, int], None]  # (done, total)


class Renderer:
    def __init__(
        self,
        env: jinja2.Environment,
        site: Site,
        config: SiteConfig,
        assets: dict[str, str],
        template_dirs: Sequence[Path],
        site_dir: Path,
        facts: TemplateFacts,
        *,
        stable: bool = False,
        bodies: Callable[[Story], Story] | None = None,
    ):
        self.env = env
        self.site = site
        self.config = config
        self.urls = Urls(config)
        self.assets = assets
        self.template_dirs = template_dirs
        self.site_dir = site_dir
        self.stable = stable
        self.facts = facts
        self.bodies = bodies  # gives a story loaded without its body (see parse.StoryBodies) the body back
        self.global_key = fingerprint((config, site.pages, tuple(sorted(assets.items())), facts.digest), stable=stable)
        # Pages are cached by their keys; a template that reads `site` directly may depend on
        # anything, so such a theme is rendered in full every time.
        self.cacheable = facts.cacheable
        self.keys = Keys(site, bodies_in_listings=facts.bodies_in_listings, stable=stable)
        self.common = {
            "config": config,
            "site": site,
            "nav_pages": site.pages,
            "url": self.urls.url,
            "absolute_url": self.urls.absolute,
            "asset": self.asset_url,
            "department_of": lambda story: site.departments[site.story_department[story.slug]],
            "tags_of": lambda story: [site.tags[t] for t in site.story_tags[story.slug]],
        }

    def asset_url(self, logical: str) -> str:
        try:
            return self.urls.url(self.assets[logical])
        except KeyError:
            raise LookupError(f'asset "{logical}" is not in the theme\'s static/ folder') from None

    def fingerprint(self, job: PageJob) -> Hashable:
        return fingerprint((self.global_key, job.template, job.path, job.key), stable=self.stable)

    def render(self, job: PageJob) -> tuple[OutputFile | None, Problem | None]:
        try:
            template = self.env.get_template(job.template)
            html = template.render({**self.common, **job.variables(self.urls)})
        except jinja2.TemplateSyntaxError as exc:
            return None, error(self._template_path(exc.filename, job.template), f"template error: {exc.message}", exc.lineno)
        except jinja2.TemplateNotFound as exc:
            return None, error(job.owner, f'template "{exc.name}" not found in templates/ or the theme')
        except CacheOutOfStep:
            raise  # not the template's doing: the build starts again without the cache
        except Exception as exc:  # noqa: BLE001 - any failure inside a template is the template's problem
            path, line = self._template_frame(exc, job.template)
            return None, error(path, f"template error while rendering /{job.path}: {type(exc).__name__}: {exc}", line)
        return OutputFile(output_path(job.path), html.encode("utf-8"), owner=job.owner), None

    def _template_frame(self, exc: BaseException, template: str) -> tuple[str, int | None]:
        # Jinja rewrites tracebacks so template frames carry the template's file and line.
        roots = [str(d) for d in self.template_dirs]
        for frame, line in reversed(list(traceback.walk_tb(exc.__traceback__))):
            filename = frame.f_code.co_filename
            if any(filename.startswith(root) for root in roots):
                return self._template_path(filename, template), line
        return self._template_path(None, template), None

    def _template_path(self, filename: str | None, template: str) -> str:
        if filename:
            path = Path(filename)
            return path.relative_to(self.site_dir).as_posix() if path.is_relative_to(self.site_dir) else path.as_posix()
        return f"templates/{template}"


class Elsewhere(Protocol):
    """Workers that render and write story pages (storypages.Offload)."""

    def wants(self, count: int) -> bool: ...
    def start(self, jobs: list[PageJob]) -> Any: ...  # .results(): (job, (output path, file state, problem)); .close()
    def record(self, output: OutputFile, state: tuple[int, int]) -> None: ...


def render_site(
    renderer: Renderer,
    emit: Callable[[OutputFile], None],
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    reusable: Callable[[OutputFile], bool] | None = None,
    elsewhere: Elsewhere | None = None,
) -> list[Problem]:
    """Render every page, handing each to `emit`; with a cache, a page whose fingerprint is
    unchanged is reused rather than rendered, if `reusable` says its file can still be had.
    Thousands of story pages to render go to `elsewhere`, while this process does the rest."""
    jobs = list(page_jobs(renderer.site, renderer.config, renderer.urls, renderer.keys, renderer.bodies))
    use_cache = cache is not None and renderer.cacheable
    known = cache.pages if use_cache else {}
    plan = []
    for job in jobs:
        fingerprint = renderer.fingerprint(job) if use_cache else 0
        cached = known.get(job.path)
        hit = cached and cached[0] == fingerprint and (reusable is None or reusable(cached[1]))
        plan.append((job, fingerprint, cached if hit else None))
    stories = {job.path: fingerprint for job, fingerprint, cached in plan if cached is None and job.story}
    sent = elsewhere.start([job for job in jobs if job.path in stories]) if elsewhere and elsewhere.wants(len(stories)) else None
    kept: dict[str, tuple[Hashable, OutputFile]] = {}
    problems = []
    try:
        done = 0
        for job, fingerprint, cached in plan:
            if sent and job.path in stories:
                continue
            problem = _one(renderer, job, fingerprint, cached, emit, kept if use_cache else None, cache)
            if problem:
                problems.append(problem)
            done += 1
            if progress and done % 200 == 0:
                progress(done, len(jobs))
        # Story pages cannot collide with other pages (their addresses are stories/<unique slug>/), so
        # they may be claimed after the rest.
        for job, (path, state, problem) in sent.results() if sent else ():
            if problem:
                problems.append(problem)
            if path:
                output = OutputFile(path, owner=job.owner, stamp=stories[job.path] if use_cache else None)
                elsewhere.record(output, state)  # type: ignore[union-attr]
                if use_cache:
                    kept[job.path] = (stories[job.path], output)
    finally:
        if sent:
            sent.close()
    if progress and jobs:
        progress(len(jobs), len(jobs))
    if use_cache:
        cache.pages = kept  # type: ignore[union-attr]
    return problems


def _one(
    renderer: Renderer,
    job: PageJob,
    fingerprint: Hashable,
    cached: tuple[Hashable, OutputFile] | None,
    emit: Callable[[OutputFile], None],
    kept: dict[str, tuple[Hashable, OutputFile]] | None,
    cache: BuildCache | None,
) -> Problem | None:
    """One page, reused or rendered, handed to `emit`; remembered in `kept` for the cache."""
    if cached and kept is not None:
        emit(cached[1])
        kept[job.path] = cached  # as it was: a kept page needs no copy without its bytes
        return None
    output, problem = renderer.render(job)
    if output and kept is not None:
        output = replace(output, stamp=fingerprint)
    if output:
        emit(output)
        if kept is not None and cache is not None:
            kept[job.path] = (fingerprint, output if cache.keep_bytes else output.without_bytes())
    return problem

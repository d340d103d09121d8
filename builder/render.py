"""Stage 4: declared pages -> HTML OutputFiles, and template problems. (No disk here, but for
story pages handed to worker processes, which write their own files: see storypages.py.)"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Hashable, Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2

from builder.config import SiteConfig
from builder.model import Bodies, Full, OutOfStep, Site
from builder.outputs import OutputFile
from builder.pages import PageJob
from builder.pictures import srcsets
from builder.problems import Problem, error
from builder.slugs import make_slug
from builder.templates import TemplateFacts
from builder.urls import Urls, output_path, region_path

Progress = Callable[[int, int], None]  # (done, total)
Made = tuple[PageJob, list[OutputFile], Problem | None]


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
        bodies: Bodies | None = None,
    ):
        self.env = env
        self.site = site
        self.config = config
        self.urls = Urls(config)
        self.assets = assets
        self.template_dirs = template_dirs
        self.site_dir = site_dir
        self.facts = facts
        self.bodies = bodies  # gives a story's card its body: for the Full(card) in pages' data
        self.common = {
            "config": config,
            "site": site,
            "nav_pages": site.pages,
            "url": self.urls.url,
            "absolute_url": self.urls.absolute,
            "asset": self.asset_url,
            "department_of": lambda story: site.departments[site.story_department[story.slug]],
            "tags_of": lambda story: [site.tags[t] for t in site.story_tags[story.slug]],
            "region_url": lambda name: self.urls.url(region_path(make_slug(name))),  # a region's page, by its name
            "srcsets": lambda path, size: srcsets(path, size, self.urls.url),  # a picture's resized copies (pictures.py)
        }

    @property
    def scope(self) -> Hashable:
        """What every page depends on besides its declared data (and the Beat code that renders
        it): the config, the pages in the navigation, the theme's files and the templates. None
        if a template reads `site` itself: a page may then depend on anything."""
        if not self.facts.cacheable:
            return None
        return (self.config, self.site.pages, tuple(sorted(self.assets.items())), self.facts.digest)

    def asset_url(self, logical: str) -> str:
        try:
            return self.urls.url(self.assets[logical])
        except KeyError:
            raise LookupError(f'asset "{logical}" is not in the theme\'s static/ folder') from None

    def with_bodies(self, data: Any) -> Any:
        """`data` with every Full(card) in it replaced by the story with its body."""
        if isinstance(data, Full):
            return self.bodies(data.card) if self.bodies else data.card
        if isinstance(data, dict):
            return {key: self.with_bodies(value) for key, value in data.items()}
        if isinstance(data, list | tuple) and any(isinstance(item, Full | list | tuple) for item in data):
            return type(data)(map(self.with_bodies, data)) if isinstance(data, list) else tuple(map(self.with_bodies, data))
        return data

    def variables(self, job: PageJob, data: dict[str, Any]) -> dict[str, Any]:
        variables = {**self.common, **data, "canonical_url": self.urls.absolute(job.path)}
        if job.view is not None:
            variables.update(job.view(data, self.config, self.urls))
        return variables

    def render(self, job: PageJob, data: dict[str, Any] | None = None) -> tuple[OutputFile | None, Problem | None]:
        """The page's file; `data`: its data with the bodies in, if the caller has them already."""
        try:
            template = self.env.get_template(job.template)
            html = template.render(self.variables(job, data if data is not None else self.with_bodies(job.data)))
        except jinja2.TemplateSyntaxError as exc:
            return None, error(self._template_path(exc.filename, job.template), f"template error: {exc.message}", exc.lineno)
        except jinja2.TemplateNotFound as exc:
            return None, error(job.owner, f'template "{exc.name}" not found in templates/ or the theme')
        except OutOfStep:
            raise  # not the template's doing: a story's file changed under the build
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


def render_pages(renderer: Renderer, jobs: list[PageJob], progress: Progress | None = None) -> Iterator[Made]:
    """Render each page in this process (story pages may go to workers instead: storypages.py)."""
    for done, job in enumerate(jobs, 1):
        output, problem = renderer.render(job)
        yield job, [output] if output else [], problem
        tell(progress, done, len(jobs))


def tell(progress: Progress | None, done: int, total: int) -> None:
    """Progress every 200 pages, and at the last."""
    if progress and (done % 200 == 0 or done == total):
        progress(done, total)

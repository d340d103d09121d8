"""Stage 4: the indexed Site -> HTML OutputFiles (pure: no disk), and template problems."""

from __future__ import annotations

import math
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from builder.cache import BuildCache, digest_files, freeze, stories_in
from builder.config import SiteConfig
from builder.model import Site, Story
from builder.outputs import OutputFile
from builder.problems import Problem, error
from builder.templates import MONTHS
from builder.urls import Urls, output_path, paged, site_path, year_path

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True, slots=True)
class Paginator:
    number: int
    total: int
    pages: tuple[tuple[int, str], ...]  # (number, url)

    @property
    def previous_url(self) -> str | None:
        return self.pages[self.number - 2][1] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.pages[self.number][1] if self.number < self.total else None


@dataclass(frozen=True, slots=True)
class PageJob:
    """One HTML page to render: where it goes, with which template and variables."""

    path: str  # site path, e.g. "tags/sports/page/2/"
    template: str
    variables: dict[str, Any]
    owner: str  # the source file or section it comes from, for messages


class Renderer:
    def __init__(
        self,
        env: jinja2.Environment,
        site: Site,
        config: SiteConfig,
        assets: dict[str, str],
        template_dirs: Sequence[Path],
        site_dir: Path,
    ):
        self.env = env
        self.site = site
        self.config = config
        self.urls = Urls(config)
        self.assets = assets
        self.template_dirs = template_dirs
        self.site_dir = site_dir
        self.global_key = (config, freeze(site.pages), freeze(assets), _templates_digest(template_dirs))
        # Pages are cached by the data they are given; a template that reads `site` directly
        # may depend on anything, so such a theme is rendered in full every time.
        self.cacheable = "site" not in _names_used(env, template_dirs)
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

    def fingerprint(self, job: PageJob) -> int:
        """A hash of everything a page is made from, including the department and tags that
        `department_of()` and `tags_of()` give for each story on it."""
        site = self.site
        links = tuple(
            (site.departments[site.story_department[s.slug]], tuple(site.tags[t] for t in site.story_tags[s.slug]))
            for s in stories_in(job.variables)
        )
        return hash((self.global_key, job.template, job.path, freeze(job.variables), links))

    def render(self, job: PageJob) -> tuple[OutputFile | None, Problem | None]:
        try:
            template = self.env.get_template(job.template)
            html = template.render({**self.common, **job.variables})
        except jinja2.TemplateSyntaxError as exc:
            return None, error(self._template_path(exc.filename, job.template), f"template error: {exc.message}", exc.lineno)
        except jinja2.TemplateNotFound as exc:
            return None, error(job.owner, f'template "{exc.name}" not found in templates/ or the theme')
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


def _templates_digest(dirs: Sequence[Path]) -> str:
    return digest_files([p for d in dirs for p in d.rglob("*") if p.is_file()])


def _names_used(env: jinja2.Environment, dirs: Sequence[Path]) -> set[str]:
    names: set[str] = set()
    for directory in dirs:
        for path in directory.rglob("*.html"):
            try:
                names |= jinja2.meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))
            except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
                names.add("site")  # unreadable: assume the worst; rendering will report it
    return names


def render_site(
    renderer: Renderer, progress: Progress | None = None, cache: BuildCache | None = None
) -> tuple[list[OutputFile], list[Problem]]:
    """Render every page; with a cache, a page whose fingerprint is unchanged is reused."""
    jobs = list(page_jobs(renderer.site, renderer.config, renderer.urls))
    use_cache = cache is not None and renderer.cacheable
    known = cache.pages if use_cache else {}
    kept: dict[str, tuple[int, OutputFile]] = {}
    outputs, problems = [], []
    for done, job in enumerate(jobs, start=1):
        fingerprint = renderer.fingerprint(job) if use_cache else 0
        cached = known.get(job.path)
        if cached and cached[0] == fingerprint:
            output, problem = cached[1], None
        else:
            output, problem = renderer.render(job)
        if output:
            outputs.append(output)
            if use_cache:
                kept[job.path] = (fingerprint, output)
        if problem:
            problems.append(problem)
        if progress and (done % 200 == 0 or done == len(jobs)):
            progress(done, len(jobs))
    if use_cache:
        cache.pages = kept
    return outputs, problems


def page_jobs(site: Site, config: SiteConfig, urls: Urls) -> Iterator[PageJob]:
    """Every HTML page of the site, in a fixed order."""
    site_feed = urls.absolute("feed.xml")

    def page(
        path: str,
        template: str,
        owner: str,
        *,
        title: str,
        section: str,
        description: str = "",
        feed: str = site_feed,
        **variables: Any,
    ) -> PageJob:
        return PageJob(
            path,
            template,
            {
                "title": title,
                "section": section,
                "description": description or config.description,
                "canonical_url": urls.absolute(path),
                "feed_url": feed,
                **variables,
            },
            owner,
        )

    yield from _listing(
        site.stories,
        "",
        config,
        urls,
        lambda number, stories, paginator: page(
            paged("", number),
            "index.html",
            "home page",
            title=config.title if number == 1 else f"Stories, page {number}",
            section="home",
            stories=stories,
            paginator=paginator,
        ),
    )

    stories = site.stories
    for position, story in enumerate(stories):
        yield page(
            site_path(story),
            "story.html",
            story.path,
            title=story.title,
            section="story",
            description=story.summary,
            story=story,
            department=site.departments[site.story_department[story.slug]],
            tags=[site.tags[t] for t in site.story_tags[story.slug]],
            previous=stories[position + 1] if position + 1 < len(stories) else None,
            next=stories[position - 1] if position > 0 else None,
            json_ld=news_article(story, site, config, urls),
        )

    tags_by_title = sorted(site.tags.values(), key=lambda t: (t.title.casefold(), t.slug))
    yield page("tags/", "tags.html", "tags overview", title="Tags", section="tags", tags=tags_by_title)
    for tag in site.tags.values():
        yield from _listing(
            site.by_tag[tag.slug],
            f"tags/{tag.slug}/",
            config,
            urls,
            lambda number, chunk, paginator, tag=tag: page(
                paged(f"tags/{tag.slug}/", number),
                "tag.html",
                tag.path or f"tag {tag.slug}",
                title=tag.title if number == 1 else f"{tag.title}, page {number}",
                section="tags",
                description=f"Stories tagged {tag.title}.",
                feed=urls.absolute(f"tags/{tag.slug}/feed.xml"),
                tag=tag,
                stories=chunk,
                paginator=paginator,
            ),
        )

    yield page(
        "departments/",
        "departments.html",
        "departments overview",
        title="Departments",
        section="departments",
        regions=regions(site),
    )
    for department in site.departments.values():
        yield from _listing(
            site.by_department[department.slug],
            f"departments/{department.slug}/",
            config,
            urls,
            lambda number, chunk, paginator, d=department: page(
                paged(f"departments/{d.slug}/", number),
                "department.html",
                d.path or f"department {d.slug}",
                title=d.name if number == 1 else f"{d.name}, page {number}",
                section="departments",
                description=f"Stories about the {d.name}.",
                feed=urls.absolute(f"departments/{d.slug}/feed.xml"),
                department=d,
                stories=chunk,
                paginator=paginator,
            ),
        )

    yield page(
        "archive/",
        "archive.html",
        "archive",
        title="Archive",
        section="archive",
        years=[(year, len(items)) for year, items in site.by_year.items()],
    )
    for year, items in site.by_year.items():
        yield page(
            year_path(year),
            "year.html",
            f"archive {year}",
            title=f"Stories from {year}",
            section="archive",
            year=year,
            months=months(items),
        )

    for item in site.pages:
        yield page(f"{item.slug}/", "page.html", item.path, title=item.title, section="page", description=item.summary, page=item)

    yield page("404.html", "404.html", "404 page", title="Page not found", section="not-found")


def _listing(stories: Sequence[Story], path: str, config: SiteConfig, urls: Urls, make) -> Iterator[PageJob]:
    total = max(1, math.ceil(len(stories) / config.paginate))
    pages = tuple((n, urls.url(paged(path, n))) for n in range(1, total + 1))
    for number in range(1, total + 1):
        chunk = stories[(number - 1) * config.paginate : number * config.paginate]
        yield make(number, chunk, Paginator(number, total, pages))


def regions(site: Site) -> list[tuple[str, list]]:
    """Departments grouped by region, regions by name; departments without one come last."""
    groups: dict[str, list] = {}
    for department in site.departments.values():
        groups.setdefault(department.region, []).append(department)
    named = sorted((r for r in groups if r), key=str.casefold)
    result = [(region, groups[region]) for region in named]
    if "" in groups:
        result.append(("Other departments" if named else "All departments", groups[""]))
    return result


def months(stories: Sequence[Story]) -> list[tuple[str, list[Story]]]:
    grouped: dict[int, list[Story]] = {}
    for story in stories:  # already newest first
        grouped.setdefault(story.date.month, []).append(story)
    return [(MONTHS[month - 1], items) for month, items in grouped.items()]


def news_article(story: Story, site: Site, config: SiteConfig, urls: Urls) -> dict[str, Any]:
    """schema.org NewsArticle metadata; the template prints it with |tojson."""
    department = site.departments[site.story_department[story.slug]]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.date.isoformat(),
        "dateModified": story.last_modified.isoformat(),
        "url": urls.absolute(story),
        "mainEntityOfPage": urls.absolute(story),
        "articleSection": department.name,
        "keywords": [site.tags[t].title for t in site.story_tags[story.slug]],
        "publisher": {"@type": "Organization", "name": config.title, "url": config.base_url},
        "wordCount": story.word_count,
    }
    if story.author:
        data["author"] = {"@type": "Person", "name": story.author}
    if story.location:
        data["contentLocation"] = {"@type": "Place", "name": story.location}
    if story.image:
        data["image"] = urls.absolute(story.image)
    if story.source:
        data["isBasedOn"] = story.source.url
    return data

"""The build, stage by stage: load -> parse -> index -> render -> write.

Nothing readers see changes until every stage has run and reported its problems: outputs go
into the output tree that is not being served, and the output folder is switched to it only
after a build without errors. `check` is the same build without the last step.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from builder import assets, cachefile, feeds, load, parse, render, search, storypages, templates, write
from builder.cache import BuildCache, CacheOutOfStep
from builder.config import SiteConfig, load_config
from builder.index import Selection, index_site
from builder.model import Site
from builder.outputs import OutputFile, OutputSet
from builder.problems import Problem, error, has_errors, sort_problems, warning


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out_dir: Path | None = None  # None: public/ in the site
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    strict: bool = False
    write: bool = True  # False for `beat check`
    now: datetime | None = None  # None: the wall clock; tests pass a fixed moment
    progress: render.Progress | None = None
    cache: BuildCache | None = None  # reuse of earlier work: `beat serve` keeps one across rebuilds
    jobs: int = 1  # worker processes for parsing
    disk_cache: bool = False  # keep a cache in .beat-cache/ between builds (beat build, unless --no-cache)
    search: bool = True  # build the search index (if the site has search); `beat serve` builds it after the pages


@dataclass(frozen=True, slots=True)
class BuildResult:
    problems: list[Problem]
    ok: bool
    site: Site | None = None
    config: SiteConfig | None = None
    outputs: list[OutputFile] = field(default_factory=list)
    seconds: float = 0.0
    files_written: int = 0  # of the outputs, how many files had to be written


def _templates(dirs: list[Path], cache: BuildCache | None):
    """The Jinja environment and the facts about its templates; with a cache, both are kept
    while the template files are unchanged, so templates are not compiled again."""
    facts = templates.template_facts(dirs, cache.templates if cache else None)
    if cache is None:
        return templates.environment(dirs), facts
    key = (tuple(dirs), facts.digest)
    if cache.environment is None or cache.environment[0] != key:
        cache.environment = (key, templates.environment(dirs))
    cache.templates = facts
    return cache.environment[1], facts


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a build: with a large archive in memory (a cache
    loaded from disk, or the preview's), a full collection scans every cached story and page,
    and costs a fifth to a third of a rebuild. A build makes few cycles; they are collected after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(site_dir: Path, options: BuildOptions) -> BuildResult:
    """Build the site; publish only when no stage reported an error (or, strict, a warning)."""
    with _collector_paused():
        try:
            return _build(site_dir, options)
        except CacheOutOfStep:
            # A file changed while its cached parse result was in use: build it all afresh.
            return _build(site_dir, replace(options, cache=BuildCache(stable=True)))


def _build(site_dir: Path, options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    config, problems = load_config(site_dir, base_url=options.base_url)
    theme = templates.theme_dir(site_dir, config.theme)
    if theme is None:
        problems.append(error("site.toml", f'theme "{config.theme}" not found in themes/'))
    if has_errors(problems):
        return BuildResult(sort_problems(problems), ok=False, config=config)

    out_dir = options.out_dir or site_dir / "public"
    cache = options.cache
    if cache is None and options.disk_cache and options.write:
        cache = cachefile.load(site_dir, out_dir)
    theme_files, manifest = assets.theme_assets(theme)
    dirs = templates.template_dirs(site_dir, theme)
    env, facts = _templates(dirs, cache)
    sources, found = load.read_sources(site_dir, cache, parse.parse_settings(config))
    content, parsed = parse.parse_sources(sources.markdown, config, cache, options.jobs)
    bodies = parse.StoryBodies(cache, site_dir, config)
    if not facts.cacheable or facts.bodies_in_listings:  # templates that may show any story's body
        content = replace(content, stories=tuple(map(bodies, content.stories)))
    selection = Selection(now=options.now or datetime.now(UTC), drafts=options.drafts, future=options.future)
    site, indexed = index_site(content, sources.media, selection)

    stable = cache.stable if cache else False
    renderer = render.Renderer(env, site, config, manifest, dirs, site_dir, facts, stable=stable, bodies=bodies)

    # Outputs go straight into the output tree readers are not being served, so a large site
    # is never held in memory whole; it is swapped in only if no stage reported an error.
    publisher = write.Publisher(out_dir, cache.manifests if cache else None) if options.write else None
    outputs = OutputSet(sink=publisher.write if publisher else None)
    # Render even when earlier stages found problems: template errors belong in the same report.
    reusable = publisher.reusable if publisher else None
    elsewhere = storypages.Offload(renderer, publisher, outputs, options.jobs) if publisher else None
    rendered = render.render_site(renderer, outputs.add, options.progress, cache, reusable, elsewhere)
    outputs.extend(feeds.render_feeds(site, config, renderer.keys, cache, bodies))
    outputs.extend(theme_files)
    static_files, static_problems = assets.site_static(site_dir)
    outputs.extend(static_files)
    outputs.extend(assets.media_files(site_dir, sources.media))
    if config.search and options.search:
        written_to = publisher.folder if publisher else None
        pages = search.story_pages(site, outputs.get, written_to)
        work_dir = out_dir.absolute().parent if publisher else None  # beside the output: pages are linked, not copied
        problems += search.build_index(
            pages,
            outputs.add,
            streamed=publisher is not None,
            work_dir=work_dir,
            cache=cache,
            jobs=options.jobs,
            reusable=reusable,
        )
    problems += found + parsed + indexed + rendered + static_problems + outputs.problems
    problems = sort_problems(problems)
    ok = not has_errors(problems, strict=options.strict)
    if publisher and ok:
        manifests = publisher.publish()
        if options.disk_cache and cache is not None:
            cache.manifests, cache.live_tree = manifests, publisher.name
            try:
                cachefile.save(site_dir, cache, out_dir)
            except OSError as exc:  # the site is published; only the next build will be slower
                problems.append(warning(cachefile.CACHE_DIR, f"could not save the build cache: {exc.strerror or exc}"))
    elapsed = time.perf_counter() - started
    if not ok:
        return BuildResult(problems, ok=False, site=site, config=config, seconds=elapsed)
    written = publisher.files_written if publisher else 0
    return BuildResult(
        problems, ok=True, site=site, config=config, outputs=outputs.files(), seconds=elapsed, files_written=written
    )

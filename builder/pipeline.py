"""The build, stage by stage: load -> parse -> index -> render -> write.

Nothing readers see changes until every stage has run and reported its problems: outputs go
into the output tree that is not being served, and the output folder is switched to it only
after a build without errors. `check` is the same build without the last step.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from builder import (
    assets,
    checks,
    feeds,
    guard,
    incremental,
    lock,
    pages,
    pictures,
    redirects,
    render,
    search,
    storypages,
    templates,
    write,
)
from builder.beside import Beside
from builder.config import SiteConfig, load_config, load_term_policy
from builder.index import Selection, index_site
from builder.inputs import BuildInputs, build_inputs, next_change
from builder.model import Bodies, Content, MediaFile, Site
from builder.outputs import OutputFile, OutputSet
from builder.problems import Problem, error, has_errors, held_back, sort_problems

Result = TypeVar("Result")


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
    memory: incremental.Forgetful | None = None  # what earlier builds made: `beat serve` keeps one across rebuilds
    jobs: int = 1  # worker processes for parsing, story pages and the search index
    disk_cache: bool = False  # remember between builds in .beat-cache/ (beat build, unless --no-cache)
    search: bool = True  # build the search index (if the site has search); `beat serve` builds it after the pages
    verify: bool = False  # look at every published file, not only its recorded size and time, and repair it
    on_wait: Callable[[], None] | None = None  # told when the build waits for another build of the same site


@dataclass(frozen=True, slots=True)
class BuildResult:
    problems: list[Problem]
    ok: bool
    site: Site | None = None
    config: SiteConfig | None = None
    outputs: list[OutputFile] = field(default_factory=list)
    seconds: float = 0.0
    files_written: int = 0  # of the outputs, how many files had to be written
    counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # stories, tags, departments and pages published
    content: Content | None = None  # every story (drafts and scheduled ones too), for `beat report`
    review: guard.Review | None = None  # what the editor's guard found, for `beat terms` and `beat report`


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
    writing = lock.exclusive(site_dir, options.on_wait) if options.write else None
    with _collector_paused(), writing or contextlib.nullcontext():
        try:
            return _build(site_dir, options)
        except incremental.OutOfStep:
            pass
        # A story's file changed while the build used what it remembered of it: start afresh.
        out_dir = options.out_dir or site_dir / "public"
        afresh = incremental.on_disk(site_dir, out_dir, forget=True) if options.disk_cache else incremental.Memory()
        try:
            return _build(site_dir, replace(options, memory=afresh))
        except incremental.OutOfStep as changing:
            problem = error(str(changing), "changed again and again while Beat was reading it; build again when it is saved")
            return BuildResult([problem], ok=False)


def _build(site_dir: Path, options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    config, theme, problems = _configure(site_dir, options)
    if theme is None:
        return BuildResult(problems, ok=False, config=config)
    out_dir = options.out_dir or site_dir / "public"
    memory = _memory(site_dir, out_dir, options)
    sources, found = memory.read_sources(site_dir, config)
    now = options.now or datetime.now(UTC)
    inputs = _inputs(site_dir, theme, config, options, sources, found)
    if (last := memory.last_build(inputs, now)) and write.still_published(out_dir, memory.manifests):
        # Nothing the build reads has changed and the published site is as it was left: it stands.
        seconds = time.perf_counter() - started
        return BuildResult(list(last.problems), ok=True, config=config, seconds=seconds, counts=last.counts)
    content, parsed, bodies = memory.parse(sources.markdown, config, options.jobs, site_dir)
    media = sources.media
    del sources  # the texts: parsed now, and a large archive's are not held through the build
    selection = Selection(now=now, drafts=options.drafts, future=options.future)
    site, indexed = index_site(content, media, selection, memory.recall)
    policy, policy_problems = load_term_policy(site_dir)
    # Outputs go straight into the output tree readers are not being served, so a large site
    # is never held in memory whole; it is swapped in only if no stage reported an error.
    publisher = write.Publisher(out_dir, memory.manifests, verify=options.verify) if options.write else None
    outputs = OutputSet(sink=publisher.write if publisher else None)
    # The editor's guard: no output waits for it, so it is done while Pagefind indexes.
    reviewing = functools.partial(guard.review_archive, content, site, policy)
    try:
        # Made even when earlier stages found problems: template errors belong in the same report.
        made, (review, reviewed) = _make_outputs(
            site_dir, site, content, media, config, theme, bodies, memory, outputs, publisher, options, meanwhile=reviewing
        )
        indexed += policy_problems + reviewed
    except BaseException:  # a story changed under the build (it starts again), or Beat is being stopped
        if publisher:
            publisher.abandon()  # what it made of a new tree, and the thread that mirrors it
        raise
    checked, checks_problems = checks.load_policy(site_dir)  # site.toml [checks]: each rule's severity
    problems = checks.apply_policy(problems + checks_problems + found + parsed + indexed + made + outputs.problems, checked)
    problems = sort_problems(problems if options.drafts else held_back(problems, content.drafts))
    ok = not has_errors(problems, strict=options.strict)
    counts = (len(site.stories), len(site.tags), len(site.departments), len(site.pages))
    if publisher and ok:
        memory.published(publisher.publish(), publisher.published_tree)
        memory.built(inputs, incremental.LastBuild(None, now, next_change(content.stories, now), tuple(problems), counts))
        problems += memory.save()
    elif publisher:
        publisher.abandon()
    return BuildResult(
        problems,
        ok=ok,
        site=site,
        config=config,
        outputs=outputs.files() if ok else [],
        seconds=time.perf_counter() - started,
        files_written=publisher.files_written if publisher and ok else 0,
        counts=counts,
        content=content,
        review=review,
    )


def _make_outputs(
    site_dir: Path,
    site: Site,
    content: Content,
    media: tuple[MediaFile, ...],
    config: SiteConfig,
    theme: Path,
    bodies: Bodies,
    memory: incremental.Forgetful,
    outputs: OutputSet,
    publisher: write.Publisher | None,
    options: BuildOptions,
    *,
    meanwhile: Callable[[], Result],
) -> tuple[list[Problem], Result]:
    """Every page, feed, static file and search shard, handed to `outputs`; their problems, and
    what `meanwhile` (work no output waits for) returned.

    Pagefind indexes a shard as soon as its story pages are made (after an edit, while this
    process goes on), so what the story pages do not need comes after them: declaring the feeds
    and redirects, the other pages, `meanwhile`."""
    env, facts = memory.templates(dirs := templates.template_dirs(site_dir, theme))
    theme_files, manifest = assets.theme_assets(theme)
    renderer = render.Renderer(env, site, config, manifest, dirs, site_dir, facts, bodies)
    stand_ins, reusable = memory.stand_ins(site), publisher and publisher.reusable
    produce = functools.partial(memory.produce, emit=outputs.add, stand_ins=stand_ins, reusable=reusable)
    plan = functools.partial(memory.plan, emit=outputs.add, scope=renderer.scope, stand_ins=stand_ins, reusable=reusable)
    page_jobs = list(pages.page_jobs(site, config, renderer.urls, bodies_in_listings=facts.bodies_in_listings))
    offload = storypages.Offload(renderer, publisher.folder, options.jobs) if publisher else None
    story_pages = plan([job for job in page_jobs if job.is_story], table="story pages")

    def render_pages(jobs: list[pages.PageJob]) -> Iterator:
        return render.render_pages(renderer, jobs, options.progress)

    def the_rest() -> list[Problem]:
        """The other pages, the feeds and the redirects (stubs and files): all but the story pages."""
        feed_jobs = feeds.feed_jobs(site, config, page_jobs)
        stubs, redirect_files, redirect_problems = redirects.plan(site, content, config, renderer.urls, page_jobs, feed_jobs)
        others = [job for job in page_jobs if not job.is_story] + stubs
        problems = memory.make([plan(others, table="pages")], render_pages, outputs.add)
        making = functools.partial(feeds.make_feeds, site=site, config=config, bodies=bodies)
        return problems + produce([*feed_jobs, *redirect_files], making, scope=config) + redirect_problems

    if offload is not None and offload.wanted(len(story_pages.todo)):
        # Thousands of story pages (a first build): workers render them while this process
        # makes the other pages and the feeds, then helps with the story pages left. Story
        # pages cannot collide with other pages or feeds (stories/<unique slug>/): claimed after them.
        with offload.start(story_pages.todo) as elsewhere:
            problems = the_rest()
            problems += memory.make([story_pages], lambda _: elsewhere.made(options.progress), outputs.add)
        offloaded = True
    else:
        # Story pages first: the search index, which needs only them, starts before the rest
        # is declared and made (after an edit, Pagefind indexes while the listings' keys are made).
        problems = memory.make([story_pages], render_pages, outputs.add)
        offloaded = False
    with _search_index(site, config, outputs, publisher, produce, options) as searching:
        done_meanwhile = meanwhile()
        if not offloaded:
            problems += the_rest()
        outputs.extend([feeds.robots(renderer.urls), *theme_files, *assets.media_files(site_dir, media)])
        picture_jobs, problems_of_pictures = pictures.picture_jobs(site_dir, media)
        resize = functools.partial(pictures.make_copies, site_dir=site_dir, workers_wanted=options.jobs)
        problems += problems_of_pictures + produce(picture_jobs, resize, scope="pictures")
        static_files, static_problems = assets.site_static(site_dir)
        outputs.extend(static_files)
        if searching is not None:  # its files come last, as if it had been made now
            problems += searching.take(outputs.add)
    return problems + static_problems, done_meanwhile


@contextlib.contextmanager
def _search_index(
    site: Site,
    config: SiteConfig,
    outputs: OutputSet,
    publisher: write.Publisher | None,
    produce: Callable,
    options: BuildOptions,
) -> Iterator[Beside | None]:
    """The search index of the story pages just made, started in a thread: Pagefind indexes
    while the feeds and pictures are made."""
    if not (config.search and options.search):
        yield None
        return
    shards = search.shard_jobs(site, outputs.get, publisher.folder if publisher else None)
    work_dir = publisher.beside("search") if publisher else None  # the output's file system: pages are linked, not copied
    started = threading.Event()  # Pagefind runs, or the index needs no run
    index = functools.partial(
        search.index_shards, streamed=publisher is not None, work_dir=work_dir, workers=options.jobs, started=started
    )

    def hand_over(hand: Callable) -> list[Problem]:
        def handing(output: OutputFile) -> None:
            # A file Pagefind wrote is removed once the next shard is asked for: it must be taken first.
            waited = output.copy_from is not None
            if waited:
                started.set()  # never waited for while the build's thread waits for the start
            # Not for the others (a remembered shard's files, handed on while Pagefind is being
            # started): the build's thread would make its next keys beside the pages being
            # linked for Pagefind, and each link wait for the interpreter (0.3 s more, measured).
            hand(output, wait=waited)

        try:
            return produce(shards, index, scope="search", emit=handing, unordered=True)
        finally:
            started.set()

    with Beside(hand_over, name="beat-search") as searching:
        # The thread's few steps before Pagefind starts would otherwise wait, step by step, for
        # the interpreter held by the feeds (long C calls: JSON, pickles): after an edit,
        # Pagefind started a third of a second late.
        started.wait()
        yield searching


def _configure(site_dir: Path, options: BuildOptions) -> tuple[SiteConfig, Path | None, list[Problem]]:
    """The config, the theme's folder (None if the build cannot start) and their problems."""
    config, problems = load_config(site_dir, base_url=options.base_url)
    theme = templates.theme_dir(site_dir, config.theme)
    if theme is None:
        problems.append(error("site.toml", f'theme "{config.theme}" not found in themes/'))
    if has_errors(problems):
        return config, None, sort_problems(problems)
    return config, theme, problems


def _inputs(site_dir: Path, theme: Path, config: SiteConfig, options: BuildOptions, sources, found) -> BuildInputs | None:
    """What this build reads, when a build that read the same may stand for it: `beat build`
    with its cache (not --verify, which looks at every published file)."""
    if not (options.write and options.disk_cache) or options.verify:
        return None
    settings = (options.out_dir, options.drafts, options.future, options.base_url, options.strict, options.search)
    return build_inputs(site_dir, theme, config, settings, sources, found)


def _memory(site_dir: Path, out_dir: Path, options: BuildOptions) -> incremental.Forgetful:
    if options.memory is not None:
        return options.memory
    if options.disk_cache and options.write:
        return incremental.on_disk(site_dir, out_dir)
    return incremental.Forgetful()

"""Stage 4, last: the story pages just rendered -> Pagefind search indexes under pagefind/.

Pagefind reads the story pages themselves (what `data-pagefind-body`, `-filter` and `-ignore`
mark in the theme), so the index holds exactly what readers see: title, summary and text, with
department, tag and year as filters. Only this build's story pages are given to it, so drafts,
future stories and deleted stories can never be found.

Pagefind indexes everything it is given again each time, in time and memory that grow with the
text (about 3 s of one core and 320 MiB for 1,000 stories here). So the index is split into
shards of a bounded size within each year (`pagefind/<year>/`, `pagefind/<year>-<id>/`: see
shards_of), merged by the search page in the browser: an edit re-indexes its own shard only,
shards are indexed in parallel within a bound on the stories indexed at once, and with a cache
a shard whose story pages are all unchanged is reused as it is (each shard is a declared
output: ShardJob).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from builder import pagefind
from builder.model import Card, Site
from builder.outputs import OutputFile, stamp_of
from builder.problems import Problem, error
from builder.urls import output_path, site_path

INDEX_DIR = "pagefind"
OWNER = f"{INDEX_DIR}/"  # where problems with the index are reported
# Pagefind also writes interfaces Beat's search page does not use: left out of the output.
UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js")
# What a shard's folder holds besides its index: the search interface and the code behind it
# (pagefind-ui.js and .css, pagefind.js, its worker, the wasm files), the same in every shard.
# The search page loads them from the newest shard only (the others are merged into it and read
# for their index files), so only that shard keeps them: 360 KB and 6 files less per shard
# (21 MB and 360 files in a site of 10,000 stories, 61 shards when it was measured).
INDEX_FILES = ("pagefind-entry.json",)
INDEX_SUFFIXES = (".pf_meta",)


@dataclass(frozen=True, slots=True)
class IndexedPage:
    path: str  # the output path, e.g. "stories/slug/index.html"
    stamp: Hashable  # stands for its bytes (None: unknown)
    source: str | bytes  # the written file's path, or its bytes when the build is held in memory


# Pagefind needs time and memory in proportion to the text it indexes (about 3 s and 320 MiB
# for 1,000 stories here; 210 MiB for 600 stories of benchmarks/generate.py's dense profile),
# so an index holds a bounded number of stories however the dates fall (an archive imported in
# bulk may date most stories in one year). A shard ends after a story whose slug hashes to a
# multiple of STORIES_PER_SHARD (those boundaries belong to the stories: adding or editing
# stories moves none of them), or after MAX_STORIES_PER_SHARD stories (a story added to a
# longer run moves the cuts after it). An edit re-indexes one shard.
STORIES_PER_SHARD = 300
# Shards indexed side by side hold no more than this many stories together, and the largest
# shard fits too: Pagefind's memory stays under about 175 MiB, so a whole build of a large
# archive (whose main process holds about 375 MiB by then at 10,000 dense stories) stays under
# 600 MB (572 MiB). With 550 at once the dense archive's build peaked at 574-582 MiB (Pagefinds
# 191 MiB), with 600-story shards and 700 at once at 604 MiB.
STORIES_AT_ONCE = 500
# Any two shards fit in the bound together, so two Pagefinds (one thread each) always run side
# by side: with shards of up to 500 stories and 550 at once, the twelve of more than 275 (half of a 10,000-story
# archive) could only run alone, one after the other, and a cold build with search spent 8 s of
# its Pagefind time on one core.
MAX_STORIES_PER_SHARD = STORIES_AT_ONCE // 2


def shards_of(site: Site) -> list[tuple[str, tuple[Card, ...]]]:
    """(name, stories) of every index, newest first: a year's oldest shard is named after the
    year ("2026"), its later ones after their first story ("2026-3f9a0c")."""
    shards = []
    for year, stories in site.by_year.items():  # newest year first; stories newest first
        oldest_first = stories[::-1]
        start, made = 0, []
        for position, story in enumerate(oldest_first, 1):
            if position == len(oldest_first) or position - start >= MAX_STORIES_PER_SHARD or _ends_a_shard(story):
                made.append(oldest_first[start:position])
                start = position
        named = [
            (str(year) if number == 0 else f"{year}-{hashlib.sha1(chunk[0].slug.encode()).hexdigest()[:6]}", chunk[::-1])
            for number, chunk in enumerate(made)
        ]
        shards.extend(reversed(named))  # newest shard first
    return shards


def _ends_a_shard(story: Card) -> bool:
    return int(hashlib.sha1(story.slug.encode()).hexdigest()[:8], 16) % STORIES_PER_SHARD == 0


def bundle_paths(site: Site) -> list[str]:
    """Site paths of the indexes, newest first: the search page loads the first and merges the rest."""
    return [f"{INDEX_DIR}/{name}/" for name, _ in shards_of(site)]


class ShardJob(NamedTuple):
    """One index: made of its stories' pages (see shards_of)."""

    path: str  # "pagefind/<name>/"
    name: str
    pages: list[IndexedPage]
    interface: bool = False  # the newest shard, which the search page loads the interface from

    @property
    def kind(self) -> str:
        return "search shard"

    @property
    def data(self) -> Any:
        """What the index is made of: Pagefind's version, the pages (None if a page's bytes are
        unknown), and whether it holds the interface."""
        if any(page.stamp is None for page in self.pages):
            return None
        # Two flat columns rather than a pair a page: a key walks one plain value at a time.
        paths, stamps = tuple(page.path for page in self.pages), tuple(page.stamp for page in self.pages)
        return (pagefind.pagefind_version(), paths, stamps, self.interface)


def shard_jobs(site: Site, output_at: Callable[[str], OutputFile | None], written_to: Path | None) -> list[ShardJob]:
    """This build's story pages by year (`output_at` finds each one's output): as written under
    `written_to`, or as held in memory."""
    jobs = []
    for number, (name, stories) in enumerate(shards_of(site)):
        pages = []
        for story in stories:
            output = output_at(output_path(site_path(story)))
            if output is None:
                continue  # it failed to render: that is reported already, and nothing is published
            if written_to is not None:
                source: str | bytes = f"{written_to}/{output.path}"  # not a Path: 10,000 of them a build
            elif output.copy_from is not None:
                source = output.copy_from.read_bytes()
            else:
                source = output.data
            pages.append(IndexedPage(output.path, output.stamp, source))
        if pages:
            # The first of bundle_paths, the one the search page loads the interface from.
            jobs.append(ShardJob(f"{INDEX_DIR}/{name}/", name, pages, interface=number == 0))
    return jobs


def index_shards(
    jobs: list[ShardJob],
    *,
    streamed: bool,
    work_dir: Path | None = None,
    workers: int = 1,
    background: threading.Event | None = None,
    started: threading.Event | None = None,
) -> Iterator[tuple[ShardJob, list[OutputFile], Problem | None]]:
    """Index each year's pages with Pagefind (`workers` at a time) and yield each year's files.

    `streamed`: the files are written as they are handed on (a build to disk), so they are
    handed on as temporary files rather than bytes, valid until the next one is asked for.
    `work_dir`, a folder of this build's own, holds the temporary copy of the pages that Pagefind
    reads (on the output's file system they are linked rather than copied); a killed build's
    leftovers in it are removed first. `background`: indexing that must not slow what
    runs beside it (the preview), stopped when the event is set. `started`: set once the
    first Pagefind process runs.
    """
    if not jobs:
        return
    if work_dir is not None:  # the build's own (it holds the output's lock): anything in it is a killed build's
        shutil.rmtree(work_dir, ignore_errors=True)
        work_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix=".beat-search-", dir=work_dir) as temporary:
        folder = Path(temporary)
        failed: dict[str, list[ShardJob]] = {}  # why -> the shards it stopped
        indexed = within_budget(
            jobs, lambda job: _index(folder / job.name, job.pages, background, started), workers, STORIES_AT_ONCE
        )
        for job, result in indexed:  # as each is made: its files are handed on while Pagefind makes the next
            if isinstance(result, str):
                failed.setdefault(result, []).append(job)
            else:
                yield job, _outputs(job, result, streamed), None
                if streamed:  # handed on, linked into the output tree: this copy is not needed again
                    shutil.rmtree(result.parent, ignore_errors=True)
        for why, shards in failed.items():
            names = ", ".join(job.name for job in shards)
            yield shards[0], [], error(OWNER, f"could not build the search index ({names}): {why}")
            for job in shards[1:]:
                yield job, [], None
    if work_dir is not None:
        shutil.rmtree(work_dir, ignore_errors=True)


Made = TypeVar("Made")


def within_budget(
    jobs: list[ShardJob], index: Callable[[ShardJob], Made], workers: int, budget: int
) -> Iterator[tuple[ShardJob, Made]]:
    """`index(job)` for every job on up to `workers` threads, each result as soon as it is made,
    while the shards being indexed hold at most `budget` stories together (one larger than the
    budget runs alone). Each free place goes to the largest waiting shard that fits: the large
    ones are not left to the end, and a small one runs beside a large one.

    A place freed is given its next shard before the result is handed on: the caller's handling
    of a shard's files (hundreds of them, taken one by one by the build's thread) would otherwise
    leave that place idle (0.15 to 0.3 s a shard when it was measured at 10,000 stories)."""
    waiting = sorted(jobs, key=lambda job: -len(job.pages))
    running: dict[Future, ShardJob] = {}
    places = max(1, min(workers, len(jobs)))

    def start_what_fits() -> None:
        held = sum(len(job.pages) for job in running.values())
        while waiting and len(running) < places:
            fits = next((job for job in waiting if held + len(job.pages) <= budget), None)
            if fits is None and running:
                break
            job = fits or waiting[0]
            waiting.remove(job)
            held += len(job.pages)
            running[pool.submit(index, job)] = job

    with ThreadPoolExecutor(places) as pool:
        start_what_fits()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            finished = sorted(((running.pop(future), future) for future in done), key=lambda pair: pair[0].name)
            start_what_fits()
            for job, future in finished:
                yield job, future.result()


def _index(
    folder: Path, pages: list[IndexedPage], background: threading.Event | None, started: threading.Event | None
) -> Path | str:
    """The folder of Pagefind's index of `pages`, or why it could not be made."""
    site, bundle = folder / "site", folder / "bundle"
    try:
        for page in pages:
            _place(page, site / page.path)
    except OSError as exc:  # no room, say: reported with the shards it stopped
        return f"could not copy the story pages for Pagefind: {exc.strerror or exc}"
    try:
        pagefind.run(site, bundle, modest=background is not None, cancel=background, started=started)
    except pagefind.PagefindError as exc:
        return str(exc)
    return bundle


def is_index_file(relative: str) -> bool:
    """Whether a file of a shard's folder ("index/en_1a2b.pf_index", "pagefind.js") is part of
    its index, not of the interface."""
    return "/" in relative or relative in INDEX_FILES or relative.endswith(INDEX_SUFFIXES)


def _outputs(job: ShardJob, bundle: Path, streamed: bool) -> list[OutputFile]:
    outputs = []
    for file in sorted(bundle.rglob("*")):
        inner = file.relative_to(bundle).as_posix()
        if not file.is_file() or file.name.startswith(UNUSED) or not (job.interface or is_index_file(inner)):
            continue
        data = file.read_bytes()
        # Stamped by its bytes: after an edit most of a year's index is as it was, and is not written again.
        stamp = stamp_of(data)
        # Streamed, the file Pagefind wrote is linked into the output tree (`reuse`), not copied:
        # nothing writes to it again, and its folder is removed once it is handed on.
        output = OutputFile(
            f"{job.path}{inner}",
            b"" if streamed else data,
            copy_from=file if streamed else None,
            reuse=streamed,
            owner=OWNER,
            stamp=stamp,
        )
        outputs.append(output)
    return outputs


def _place(page: IndexedPage, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(page.source, bytes):
        target.write_bytes(page.source)
        return
    try:
        os.link(page.source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(page.source, target)

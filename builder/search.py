"""Stage 4, last: the story pages just rendered -> Pagefind search indexes under pagefind/.

Pagefind reads the story pages themselves (what `data-pagefind-body`, `-filter` and `-ignore`
mark in the theme), so the index holds exactly what readers see: title, summary and text, with
department, tag and year as filters. Only this build's story pages are given to it, so drafts,
future stories and deleted stories can never be found.

Pagefind indexes everything it is given again each time, in time and memory that grow with the
text (about 3 s and 350 MB for 1,000 stories here). So there is one index per year,
`pagefind/<year>/`, merged by the search page in the browser: an edit re-indexes its own year
only, the years are indexed in parallel, and with a cache a year whose story pages are all
unchanged is reused as it is.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from builder import pagefind
from builder.cache import BuildCache, fingerprint
from builder.model import Site
from builder.outputs import OutputFile
from builder.problems import Problem, error
from builder.urls import output_path, site_path

INDEX_DIR = "pagefind"
OWNER = f"{INDEX_DIR}/"  # where problems with the index are reported
# Pagefind also writes interfaces Beat's search page does not use: left out of the output.
UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js")

Shard = tuple[Hashable, dict[str, tuple[bytes, OutputFile]]]  # (key of its pages, output path -> (digest, file))


@dataclass(frozen=True, slots=True)
class IndexedPage:
    path: str  # the output path, e.g. "stories/slug/index.html"
    stamp: Hashable  # stands for its bytes (None: unknown)
    source: Path | bytes  # the written file, or its bytes when the build is held in memory


def shard_name(year: int) -> str:
    return str(year)


def bundle_paths(site: Site) -> list[str]:
    """Site paths of the year indexes, newest first: the search page loads the first and merges the rest."""
    return [f"{INDEX_DIR}/{shard_name(year)}/" for year in sorted(site.by_year, reverse=True)]


def story_pages(
    site: Site, output_at: Callable[[str], OutputFile | None], written_to: Path | None
) -> dict[str, list[IndexedPage]]:
    """This build's story pages by year (`output_at` finds each one's output): as written under
    `written_to`, or as held in memory."""
    shards: dict[str, list[IndexedPage]] = {}
    for story in site.stories:
        output = output_at(output_path(site_path(story)))
        if output is None:
            continue  # it failed to render: that is reported already, and nothing is published
        if written_to is not None:
            source: Path | bytes = written_to / output.path
        elif output.copy_from is not None:
            source = output.copy_from.read_bytes()
        else:
            source = output.data
        shards.setdefault(shard_name(story.date.year), []).append(IndexedPage(output.path, output.stamp, source))
    return shards


def build_index(
    shards: dict[str, list[IndexedPage]],
    emit: Callable[[OutputFile], None],
    *,
    streamed: bool,
    work_dir: Path | None = None,
    cache: BuildCache | None = None,
    jobs: int = 1,
    reusable: Callable[[OutputFile], bool] | None = None,
    background: threading.Event | None = None,
) -> list[Problem]:
    """Index each year's pages with Pagefind (`jobs` at a time) and hand every file to `emit`.

    `streamed`: `emit` writes each file at once (a build to disk), so it is handed the
    temporary file rather than its bytes. `work_dir` holds the temporary copy of the pages that
    Pagefind reads; on the output's file system they are linked rather than copied. A year's
    index from the cache is used only if `reusable` finds every one of its files. `background`:
    indexing that must not slow what runs beside it (the preview), stopped when the event is set.
    """
    engine = pagefind.pagefind_version()
    known: dict[str, Shard] = cache.search if cache is not None else {}
    keys = {name: _key(engine, pages, cache) for name, pages in shards.items()}
    todo = [name for name in sorted(shards) if not _still_good(known.get(name), keys[name], reusable)]
    kept: dict[str, Shard] = {}
    with tempfile.TemporaryDirectory(prefix=".beat-search-", dir=work_dir) as temporary:
        folder = Path(temporary)
        with ThreadPoolExecutor(max(1, min(jobs, len(todo) or 1))) as pool:
            made = dict(zip(todo, pool.map(lambda name: _index(folder / name, shards[name], background), todo), strict=True))
        failed: dict[str, list[str]] = {}  # why -> the years it stopped
        for name, result in made.items():
            if isinstance(result, str):
                failed.setdefault(result, []).append(name)
        if failed:
            if cache is not None:
                cache.search = {}
            return [
                error(OWNER, f"could not build the search index ({', '.join(years)}): {why}") for why, years in failed.items()
            ]
        for name in sorted(shards):
            if name not in made:
                kept[name] = known[name]
                for _, output in known[name][1].values():
                    emit(output)
                continue
            files = {}
            for output in _outputs(name, made[name], streamed):
                emit(output)
                files[output.path] = (output.stamp, output if cache is not None and cache.keep_bytes else output.without_bytes())
            kept[name] = (keys[name], files)
    if cache is not None:
        cache.search = {name: shard for name, shard in kept.items() if shard[0] is not None}
    return []


def _still_good(shard: Shard | None, key: Hashable, reusable: Callable[[OutputFile], bool] | None) -> bool:
    if shard is None or key is None or shard[0] != key:
        return False
    return reusable is None or all(reusable(output) for _, output in shard[1].values())


def _key(engine: str | None, pages: list[IndexedPage], cache: BuildCache | None) -> Hashable:
    """What a year's index is made from, or None if a page's bytes are unknown (no reuse)."""
    if cache is None or any(page.stamp is None for page in pages):
        return None
    return fingerprint((engine, tuple((page.path, page.stamp) for page in pages)), stable=cache.stable)


def _index(folder: Path, pages: list[IndexedPage], background: threading.Event | None) -> Path | str:
    """The folder of Pagefind's index of `pages`, or why it could not be made."""
    site, bundle = folder / "site", folder / "bundle"
    for page in pages:
        _place(page, site / page.path)
    try:
        pagefind.run(site, bundle, modest=background is not None, cancel=background)
    except pagefind.PagefindError as exc:
        return str(exc)
    return bundle


def _outputs(name: str, bundle: Path, streamed: bool) -> list[OutputFile]:
    outputs = []
    for file in sorted(bundle.rglob("*")):
        if not file.is_file() or file.name.startswith(UNUSED):
            continue
        data = file.read_bytes()
        # Stamped by its bytes: after an edit most of a year's index is as it was, and is not written again.
        stamp = hashlib.blake2b(data, digest_size=16).digest()
        relative = f"{INDEX_DIR}/{name}/{file.relative_to(bundle).as_posix()}"
        output = OutputFile(relative, b"" if streamed else data, copy_from=file if streamed else None, owner=OWNER, stamp=stamp)
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

"""Stage 4, last: the story pages just rendered -> a Pagefind search index under pagefind/.

Pagefind reads the story pages themselves (what `data-pagefind-body`, `-filter` and `-ignore`
mark in the theme), so the index holds exactly what readers see: title, summary and text, with
department, tag and year as filters. Only this build's story pages are given to it, so drafts,
future stories and deleted stories can never be found.

Indexing is the slowest step of a build after Markdown, and its output depends only on the
story pages' bytes: with a cache, an index whose pages are all unchanged is reused.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Hashable, Sequence
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


@dataclass(frozen=True, slots=True)
class IndexedPage:
    path: str  # the output path, e.g. "stories/slug/index.html"
    stamp: Hashable  # stands for its bytes (None: unknown)
    source: Path | bytes  # the written file, or its bytes when the build is held in memory


def story_pages(site: Site, output_at: Callable[[str], OutputFile | None], written_to: Path | None) -> list[IndexedPage]:
    """This build's story pages (`output_at` finds each one's output): as written under
    `written_to`, or as held in memory."""
    pages = []
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
        pages.append(IndexedPage(output.path, output.stamp, source))
    return pages


def build_index(
    pages: Sequence[IndexedPage],
    emit: Callable[[OutputFile], None],
    *,
    streamed: bool,
    work_dir: Path | None = None,
    cache: BuildCache | None = None,
) -> list[Problem]:
    """Index `pages` with Pagefind and hand every file of the index to `emit`.

    `streamed`: `emit` writes each file at once (a build to disk), so it is handed the
    temporary file rather than its bytes. `work_dir` holds the temporary copy of the pages that
    Pagefind reads; on the output's file system they are linked rather than copied.
    """
    if not pages:
        if cache is not None:
            cache.search = {}
        return []  # Pagefind cannot make an empty index; the search page says there is nothing yet
    engine = pagefind.pagefind_version()
    key = None
    if cache is not None and all(page.stamp is not None for page in pages):
        key = fingerprint((engine, tuple((page.path, page.stamp) for page in pages)), stable=cache.stable)
        if cache.search and cache.search_key == key:
            for _, output in cache.search.values():
                emit(output)
            return []
    kept = {}
    with tempfile.TemporaryDirectory(prefix=".beat-search-", dir=work_dir) as temporary:
        site, index = Path(temporary) / "site", Path(temporary) / INDEX_DIR
        for page in pages:
            _place(page, site / page.path)
        try:
            pagefind.run(site, index)
        except pagefind.PagefindError as exc:
            if cache is not None:
                cache.search, cache.search_key = {}, None
            return [error(OWNER, f"could not build the search index: {exc}")]
        for file in sorted(index.rglob("*")):
            if file.is_file():
                data = file.read_bytes()
                # Stamped by its bytes: after an edit, most of the index is as it was, and is not written again.
                stamp = hashlib.blake2b(data, digest_size=16).digest()
                relative = f"{INDEX_DIR}/{file.relative_to(index).as_posix()}"
                output = OutputFile(
                    relative, b"" if streamed else data, copy_from=file if streamed else None, owner=OWNER, stamp=stamp
                )
                emit(output)
                kept[relative] = (stamp, output if cache is not None and cache.keep_bytes else output.without_bytes())
    if cache is not None:
        cache.search, cache.search_key = (kept, key) if key is not None else ({}, None)
    return []


def _place(page: IndexedPage, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(page.source, bytes):
        target.write_bytes(page.source)
        return
    try:
        os.link(page.source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(page.source, target)

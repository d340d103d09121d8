"""Everything a build reads, summed up: the test that lets a rebuild with nothing changed stop early.

A build is a function of Beat's code and libraries (which the memory is tied to, see
incremental/code.py), its options, site.toml, the templates, the theme, static/, every file
under content/ (the same folders the preview watches) and the clock. `BuildInputs` holds all of
them but the clock, as cheap stand-ins: a Markdown file by the digest of its bytes (read or
remembered by the load stage), any other file by its size and time. The clock matters only
where a story or correction is dated after the moment of the build (it is published later, or
reported), so `next_change` is the first moment that would make a build differ.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from builder.config import CONFIG_FILE, SiteConfig
from builder.filestate import state_of
from builder.load import Sources
from builder.model import Card
from builder.problems import Problem


@dataclass(frozen=True, slots=True)
class BuildInputs:
    options: tuple  # every build option that can change what is built or reported
    config: SiteConfig
    markdown: tuple[tuple[str, str], ...]  # (path, digest) of every Markdown file
    files: tuple[tuple[str, tuple[int, int] | None], ...]  # (path, (size, time)) of every other file read
    found: tuple[str, ...]  # what loading the files reported


def build_inputs(
    site_dir: Path, theme: Path, config: SiteConfig, options: tuple, sources: Sources, found: Iterable[Problem]
) -> BuildInputs | None:
    """The inputs, or None if they cannot be summed up (a folder linked in from elsewhere)."""
    files = [(CONFIG_FILE, state_of(site_dir / CONFIG_FILE))]
    files += [(media.source, state_of(site_dir / media.source)) for media in sources.media]
    for folder in (site_dir / "templates", site_dir / "static", theme):
        under = _states_under(folder)
        if under is None:
            return None
        files += under
    return BuildInputs(
        options=options,
        config=config,
        markdown=tuple((source.path, source.digest) for source in sources.markdown),
        files=tuple(files),
        found=tuple(str(problem) for problem in found),
    )


def next_change(stories: Iterable[Card], now: datetime) -> datetime | None:
    """The first moment after `now` at which a story is published or a correction stops being
    dated in the future (None: no such moment; the clock changes nothing)."""
    dates = [story.date for story in stories if story.date > now]
    dates += [correction.date for story in stories for correction in story.corrections if correction.date > now]
    return min(dates, default=None)


def _states_under(folder: Path) -> list[tuple[str, tuple[int, int] | None]] | None:
    """Every file under `folder`, in order; None if a folder in it is a symbolic link (what it
    holds may change without a trace here)."""
    found = []
    for root, folders, names in os.walk(folder):
        if any(os.path.islink(os.path.join(root, name)) for name in folders):
            return None
        folders.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            found.append((path, state_of(path)))
    return found

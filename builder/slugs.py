"""Slugs: the one place that makes and checks the words in a story's, tag's or department's address.

To change how names become addresses, change `make_slug`; to change what an editor may write
as a slug, change `slug_problem`.
"""

from __future__ import annotations

import functools
import re

from slugify import slugify

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 100  # file systems allow 255 bytes a name; URLs this long are unusable anyway
# Valid slugs that cannot be folder names on Windows, where some editors work.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}


@functools.lru_cache(maxsize=65536)  # a pure function, called for every department and tag of every story
def make_slug(text: str) -> str:
    """The ASCII slug of a name: "Café Outreach" -> "cafe-outreach"."""
    # Apostrophes join words ("Sheriff's" -> "sheriffs"), where slugify would split them.
    return slugify(text, max_length=MAX_SLUG_LENGTH, word_boundary=True, replacements=[["'", ""], ["’", ""]])


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot be used, or None."""
    if not SLUG_PATTERN.match(slug):
        return f'slug "{slug}" must be made of a-z, 0-9 and single hyphens only'
    if len(slug) > MAX_SLUG_LENGTH:
        return f"slug is {len(slug)} characters long; at most {MAX_SLUG_LENGTH} are allowed"
    if slug in WINDOWS_RESERVED:
        return f'slug "{slug}" is a reserved device name on Windows; choose another'
    return None

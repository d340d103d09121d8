"""`beat new`: a new story file with today's date and the front matter filled in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import frontmatter

from builder.slugs import make_slug

BODY = "Write the story here. Start with what happened, who was there, and why it mattered."


class ScaffoldError(Exception):
    pass


def new_story(site_dir: Path, title: str, *, today: date, department: str = "", tags: tuple[str, ...] = ()) -> Path:
    """Create content/stories/<year>/<slug>.md and return its path; never overwrites a file."""
    title = " ".join(title.split())
    slug = make_slug(title)
    if not slug:
        raise ScaffoldError(f'"{title}" has no letters or digits to make a file name from')
    post = frontmatter.Post(
        BODY,
        title=title,
        date=today,
        department=department,
        tags=list(tags),
        summary="",
        author="",
        location="",
        sources=[],
    )
    path = site_dir / "content" / "stories" / str(today.year) / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x": fail if the file exists, atomically, rather than check-then-write.
        with path.open("x", encoding="utf-8") as handle:
            handle.write(frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n")
    except FileExistsError:
        raise ScaffoldError(f"{path.relative_to(site_dir).as_posix()} already exists; choose another title") from None
    return path

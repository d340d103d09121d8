"""`beat new`: a new story file with today's date, `draft: true` and every front-matter field.

The required fields are filled in; the optional ones are written as comments with an example
value, so the editor sees every field the README lists. Until the editor replaces the text
written here, the story cannot be published (builder/checks/story.py looks for it).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from builder.slugs import make_slug

BODY = "Write the story here. Start with what happened, who was there, and why it mattered."

# What the commented optional fields hold: example text that must not be published as it is.
PLACEHOLDERS = {
    "summary": "One or two sentences for listings and feeds.",
    "author": "Your name",
    "location": "Town, State",
    "image_alt": "What the picture shows, for readers who cannot see it",
    "image_caption": "A line under the picture",
    "image_credit": "Photo: who made it",
}
_SOURCE_EXAMPLE = '[{name: "Name of the paper", url: "https://example.org/where-it-first-appeared"}]'


class ScaffoldError(Exception):
    pass


def story_text(title: str, slug: str, today: date, department: str, tags: tuple[str, ...]) -> str:
    quoted = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731 - a JSON string is a valid YAML scalar
    lines = [
        "---",
        f"title: {quoted(title)}",
        f"date: {today.isoformat()}",
        f"department: {quoted(department)}",
        f"tags: [{', '.join(quoted(tag) for tag in tags)}]",
        "# A draft is never published: delete this line (or write false) when the story is ready.",
        "draft: true",
        "# Optional: delete the # in front of a line to use it.",
        f"# summary: {quoted(PLACEHOLDERS['summary'])}",
        f"# author: {quoted(PLACEHOLDERS['author'])}",
        f"# location: {quoted(PLACEHOLDERS['location'])}",
        f"# sources: {_SOURCE_EXAMPLE}",
        "# same_source_ok: true",
        f'# corrections: [{{date: {today.isoformat()}, text: "What was wrong, and what is right."}}]',
        "# image: media/photo.jpg",
        f"# image_alt: {quoted(PLACEHOLDERS['image_alt'])}",
        f"# image_caption: {quoted(PLACEHOLDERS['image_caption'])}",
        f"# image_credit: {quoted(PLACEHOLDERS['image_credit'])}",
        "# featured: true",
        f"# slug: {slug}",
        f"# updated: {today.isoformat()}",
        '# aliases: ["/stories/an-earlier-address/"]',
        "# related: [another-story-slug]",
        "# not_duplicate_of: [another-story-slug]",
        '# allow: [{rule: phone-number, reason: "why this may be published"}]',
        "---",
        BODY,
        "",
    ]
    return "\n".join(lines)


def new_story(site_dir: Path, title: str, *, today: date, department: str = "", tags: tuple[str, ...] = ()) -> Path:
    """Create content/stories/<year>/<slug>.md and return its path; never overwrites a file."""
    title = " ".join(title.split())
    slug = make_slug(title)
    if not slug:
        raise ScaffoldError(f'"{title}" has no letters or digits to make a file name from')
    path = site_dir / "content" / "stories" / str(today.year) / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x": fail if the file exists, atomically, rather than check-then-write.
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(story_text(title, slug, today, department, tags))
    except FileExistsError:
        raise ScaffoldError(f"{path.relative_to(site_dir).as_posix()} already exists; choose another title") from None
    return path

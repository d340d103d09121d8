"""The preview's first answer to an edit of one story: its own page, before the whole rebuild.

A rebuild of a large archive re-indexes and re-declares every page (about a second at 10,000
stories), yet an editor saving a story is looking at that story's page. When the save changed
nothing the archive's index reads (only the body, or front matter such as the title, author,
sources, corrections or a picture's caption: OWN_FIELDS), the index is the one the last build
made. The page is made from it with the story parsed anew and served at once; the whole rebuild
follows and replaces it. Like Hugo's fast render mode, but the page made first is the page the rebuild
makes (tests/serve/test_story_first.py): the tab showing it reloads once.

Anything else (front matter the index reads, a story that is new, unpublished or has an error,
templates that read the whole site, a site whose last build failed) waits for the rebuild.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path, PurePosixPath

from builder import assets, load, pages, parse, render, templates
from builder.bodies import KnownBodies
from builder.config import SiteConfig
from builder.incremental import Memory
from builder.model import Card, Site, Story
from builder.outputs import OutputFile

# The fields of a story's card the index never reads: what the body decides (its excerpt, word
# count, pictures, near-duplicate signature; the lines move with the text) and front matter shown
# by the story's own page and by other pages only as the card's text (listings, neighbours' links,
# feeds, the corrections page, open data: the rebuild makes those). The index orders stories by
# date and slug, and the slug comes from the file's name or `slug:`, never from the title.
# Whatever else differs may change other stories' pages (their order, related lists, addresses):
# the rebuild alone can tell.
OWN_FIELDS = (
    *("digest", "summary", "word_count", "media", "signature", "lines", "body_line"),
    *("title", "author", "location", "sources", "corrections", "updated", "same_source_ok", "not_duplicate_of"),
    *("image_alt", "image_caption", "image_credit"),
)


def story_page(site_dir: Path, relative: str, site: Site, config: SiteConfig, memory: Memory) -> OutputFile | None:
    """The page of the story at `relative` (a path under content/stories/, just saved) in the
    archive of the last good build (`site`, `config`), or None if only a rebuild can tell."""
    parts = PurePosixPath(relative).parts
    if parts[:2] != ("content", "stories"):
        return None
    published = next((card for card in site.stories if card.path == relative), None)
    if published is None:
        return None
    source, problem = load.read_markdown(site_dir / relative, relative)
    if source is None or problem is not None:
        return None
    result = parse.parse_all([source], config)[0]
    story = result.item
    if not isinstance(story, Story) or any(found.is_error for found in result.problems):
        return None
    card = story.card
    if not _index_reads_the_same(card, published) or not _pictures_known(card, published, site):
        return None
    theme = templates.theme_dir(site_dir, config.theme)
    if theme is None:
        return None
    env, facts = memory.templates(dirs := templates.template_dirs(site_dir, theme))
    if not facts.cacheable or facts.bodies_in_listings:
        return None  # a template reads the whole site, or other stories' bodies: the rebuild makes them
    _, manifest = assets.theme_assets(theme)
    renderer = render.Renderer(env, site, config, manifest, dirs, site_dir, facts, KnownBodies([story]))
    job = pages.story_page_job(site, config, renderer.urls, card)
    if job is None:
        return None
    output, problem = renderer.render(job)
    return output if problem is None else None


def _index_reads_the_same(card: Card, published: Card) -> bool:
    return dataclasses.replace(card, **{name: getattr(published, name) for name in OWN_FIELDS}) == published


def _pictures_known(card: Card, published: Card, site: Site) -> bool:
    """Every picture the body now shows was shown before, or is a media file the index measured."""
    known = {published.image, *published.media, *site.image_sizes}
    return all(path in known for path in card.media)

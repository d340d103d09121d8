"""What a page computes from its declared data when it is made (its `view`, see pages.py):
the story or page with its body's pictures sized and offered in smaller copies, and the story's
schema.org metadata. Nothing here is part of a page's cache key: everything it reads is in the
page's data or the config.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from builder.config import SiteConfig
from builder.images import with_image_sizes
from builder.model import Citation, Department, ImageSize, Page, Story, Tag
from builder.pictures import with_picture_copies
from builder.urls import Urls


def story_view(data: dict[str, Any], config: SiteConfig, urls: Urls) -> dict[str, Any]:
    """A story page's variables from its data (the story given with its body)."""
    story: Story = data["story"]
    sizes = data["image_sizes"]
    return {
        "story": _sized_body(story, sizes, config, urls),
        "image_size": sizes.get(story.image),  # of the front matter's image, if it is one
        "json_ld": news_article(story, data["department"], data["tags"], config, urls),
    }


def page_view(data: dict[str, Any], config: SiteConfig, urls: Urls) -> dict[str, Any]:
    return {"page": _sized_body(data["page"], data["image_sizes"], config, urls)}


def _sized_body(item: Story | Page, sizes: Mapping[str, ImageSize], config: SiteConfig, urls: Urls) -> Story | Page:
    """The story or page with width and height on its body's media images (see images.py), and
    their resized copies offered (pictures.py)."""
    sized = with_image_sizes(item.body_html, sizes, config.base_path)
    return replace(item, body_html=with_picture_copies(sized, sizes, config.base_path, urls.url))


def news_article(story: Story, department: Department, tags: Sequence[Tag], config: SiteConfig, urls: Urls) -> dict[str, Any]:
    """schema.org NewsArticle metadata; the template prints it with |tojson."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.date.isoformat(),
        "dateModified": story.last_modified.isoformat(),
        "url": urls.absolute(story),
        "mainEntityOfPage": urls.absolute(story),
        "articleSection": department.name,
        "keywords": [tag.title for tag in tags],
        "publisher": {"@type": "Organization", "name": config.title, "url": config.base_url},
        "wordCount": story.word_count,
    }
    if story.author:
        data["author"] = {"@type": "Person", "name": story.author}
    if story.location:
        data["contentLocation"] = {"@type": "Place", "name": story.location}
    if story.image:
        data["image"] = urls.absolute(story.image)
    if story.sources:
        data["isBasedOn"] = [source.url for source in story.sources]
        data["citation"] = [citation(source) for source in story.sources]
    if story.corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.isoformat()} for c in story.corrections
        ]
    return data


def citation(source: Citation) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "url": source.url,
        "publisher": {"@type": "Organization", "name": source.name},
    }
    if source.date:
        work["datePublished"] = source.date.isoformat()
    if source.archived:
        work["archivedAt"] = source.archived
    return work

"""Markdown bodies -> sanitised HTML, with internal links made to honour the base URL path.

Python-Markdown passes raw HTML through untouched, so every body goes through nh3's allowlist
afterwards: no script, frame, event handler or `javascript:` URL survives into a page or feed.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markupsafe import Markup

from builder.inline import speed_up

EXTENSIONS = ["extra", "sane_lists", "smarty"]
EXTENSION_CONFIGS = {"smarty": {"smart_angled_quotes": False}}

# ammonia's defaults, less what the HTML standard made obsolete (the validator rejects it).
ALLOWED_TAGS = nh3.ALLOWED_TAGS - {"acronym", "center", "strike", "tt", "map", "area", "rtc"} | {"tfoot"}
_OBSOLETE_ATTRIBUTES = {"align", "char", "charoff", "size", "summary", "width"}
ALLOWED_ATTRIBUTES = {tag: attrs - _OBSOLETE_ATTRIBUTES for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()} | {
    "*": {"id", "class", "lang", "title", "dir"},
    "img": {"src", "alt", "width", "height"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_HEADING = re.compile(r"<(/?)h([1-6])\b")
_TAG = re.compile(r"<[^>]+>")
_IMG_END = re.compile(r"(<img\b[^>]*?)\s*/?>")  # nh3 writes ">" inside attribute values as &gt;


@dataclass(slots=True)
class RenderedBody:
    html: Markup
    text: str  # the visible text, for excerpts, word counts and search
    media: tuple[str, ...]  # media output paths the body refers to, e.g. "media/bike.svg"
    bad_links: tuple[str, ...] = field(default_factory=tuple)  # links that leave content/media/


class MarkdownRenderer:
    """One converter reused across documents (reset between them): building one is costly."""

    def __init__(self, base_path: str):
        self.base_path = base_path
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
        speed_up(self._md)

    def render(self, source: str) -> RenderedBody:
        self._md.reset()
        raw = self._md.convert(source)
        media: list[str] = []
        bad: list[str] = []

        def rewrite(tag: str, attribute: str, value: str) -> str | None:
            if (tag, attribute) not in (("a", "href"), ("img", "src")):
                return value
            return self._internal_url(value, media, bad)

        clean = nh3.clean(
            raw,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            attribute_filter=rewrite,
            link_rel=None,
        )
        clean = _lazy_images(clean)
        clean = _demote_headings(clean)
        text = html.unescape(_TAG.sub(" ", clean))
        text = " ".join(text.split())
        return RenderedBody(Markup(clean), text, tuple(dict.fromkeys(media)), tuple(dict.fromkeys(bad)))

    def _internal_url(self, value: str, media: list[str], bad: list[str]) -> str | None:
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path:
            return value  # external, or a fragment or query on the same page
        path = parts.path
        if not path.startswith("/"):
            if not path.startswith("media/"):
                return value  # an ordinary relative link: left as the editor wrote it
            path = "/" + path
        normal = posixpath.normpath(unquote(path)).lstrip("/")
        if path.lstrip("/").startswith("media/") or normal.startswith("media"):
            if not normal.startswith("media/"):
                bad.append(value)
                return None
            media.append(normal)
        suffix = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
        return self.base_path + path.lstrip("/") + suffix


def _lazy_images(fragment: str) -> str:
    """Images load only as they scroll into view. Added here, not with nh3's
    set_tag_attribute_values: that writes the two attributes in a random order on every call,
    so the same story would give different bytes from one build to the next."""
    return _IMG_END.sub(r'\1 loading="lazy" decoding="async">', fragment)


def _demote_headings(fragment: str) -> str:
    """The page's title is its only h1, so a body that uses `# Heading` moves down one level."""
    levels = [int(m.group(2)) for m in _HEADING.finditer(fragment)]
    if not levels or min(levels) > 1:
        return fragment
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", fragment)


def excerpt(text: str, words: int = 40) -> str:
    """The first `words` words of plain text, with an ellipsis when cut."""
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(".,;:!?") + "…"

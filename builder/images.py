"""The intrinsic width and height of media images, so pages can reserve their space.

A browser that knows an image's size before it arrives lays the page out once; without it the
text jumps when the picture loads. Sizes are read from the file's header (the imagesize
library for raster formats; the root element for SVG), never by decoding the whole image.
"""

from __future__ import annotations

import html as html_text
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from builder.model import ImageSize

RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
SVG_SUFFIX = ".svg"
IMAGE_SUFFIXES = (*RASTER_SUFFIXES, SVG_SUFFIX)
_SVG_HEAD_BYTES = 64 * 1024  # the root element's start tag is far shorter; a file may begin with a long comment
_SVG_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$")  # user units; %, em and cm have no pixel size of their own
_IMG_TAG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')
_SIZE_ATTRIBUTE = re.compile(r"\s(?:width|height)=")


class UnreadableImage(ValueError):
    """The file's width and height cannot be read; the message says why, for the editor."""


def is_image(path: str) -> bool:
    return path.lower().endswith(IMAGE_SUFFIXES)


def read_image_size(path: Path) -> ImageSize:
    """The image's width and height in CSS pixels; UnreadableImage if the file does not say."""
    if path.suffix.lower() == SVG_SUFFIX:
        return _svg_size(path)
    import imagesize  # here: it imports urllib.request and with it http, email and ssl, a tenth of Beat's start

    width, height = imagesize.get(path)
    if width <= 0 or height <= 0:
        raise UnreadableImage("not a PNG, JPEG, GIF or WebP image the builder can read")
    return ImageSize(int(width), int(height))


def _svg_size(path: Path) -> ImageSize:
    root = _svg_root(path)
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    view_box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(view_box) == 4:
        try:
            box_width, box_height = float(view_box[2]), float(view_box[3])
        except ValueError:
            raise UnreadableImage(f'viewBox="{root.get("viewBox")}" is not four numbers') from None
        if box_width > 0 and box_height > 0:
            # A missing width or height follows the viewBox's proportions, as a browser draws it.
            if width and not height:
                height = width * box_height / box_width
            elif height and not width:
                width = height * box_width / box_height
            elif not width and not height:
                width, height = box_width, box_height
    if not width or not height:
        raise UnreadableImage("an SVG image needs width and height in pixels, or a viewBox, on its <svg> element")
    return ImageSize(max(1, round(width)), max(1, round(height)))


def _svg_root(path: Path) -> ElementTree.Element:
    # Only the first start tag is parsed: an SVG may be large, and only its root says its size.
    parser = ElementTree.XMLPullParser(events=("start",))
    try:
        with path.open("rb") as handle:
            parser.feed(handle.read(_SVG_HEAD_BYTES))
        for _, element in parser.read_events():
            if element.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
                raise UnreadableImage(f"the first element is <{element.tag}>, not <svg>")
            return element
    except ElementTree.ParseError as exc:
        raise UnreadableImage(f"not well-formed SVG ({exc})") from None
    raise UnreadableImage("no <svg> element at the start of the file")


def _svg_length(value: str | None) -> float | None:
    match = _SVG_LENGTH.match(value or "")
    return float(match.group(1)) if match and float(match.group(1)) > 0 else None


def with_image_sizes(html: Markup, sizes: Mapping[str, ImageSize], base_path: str) -> Markup:
    """Sanitised body HTML with width and height on every <img> of a media file that has neither.

    Done when a page is rendered, not when the body is parsed: parse results are cached by the
    story file alone, and an image file can be replaced without the story changing.
    """
    if "<img" not in html:
        return html
    prefix = base_path + "media/"

    def add_size(match: re.Match) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        if src is None or _SIZE_ATTRIBUTE.search(tag):
            return tag
        # The same normal form as the media paths prose.py collects: unquoted, no "./" or "../".
        path = posixpath.normpath(unquote(urlsplit(html_text.unescape(src.group(1))).path))
        size = sizes.get(path.removeprefix(base_path)) if path.startswith(prefix) else None
        return tag if size is None else f'<img width="{size.width}" height="{size.height}"{tag[4:]}'

    return Markup(_IMG_TAG.sub(add_size, str(html)))


def sizes_of(paths: tuple[str, ...], sizes: Mapping[str, ImageSize]) -> tuple[ImageSize | None, ...]:
    """The sizes a page shows, for its cache key: a new image file of another size re-renders it."""
    return tuple(sizes.get(path) for path in paths)

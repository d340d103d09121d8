"""Accessibility of a story's body: pictures without a description, headings out of order, and
links whose words do not say where they go (WCAG 1.1.1, 1.3.1, 2.4.4)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

from builder.checks.text import Hit

_FENCE = re.compile(r"^ {0,3}(```|~~~)", re.MULTILINE)
# Tried only at the start of a run of backticks, taken whole, and at most 500 characters long:
# a pasted run of thousands of backticks stays linear.
_CODE_SPAN = re.compile(r"(?<!`)(`++)[^`\n]{1,500}?\1(?!`)")
_IMAGE = re.compile(r"!\[([^\]\n]*)\](?:\(\s*<?([^)\s>]*)|\[[^\]\n]*\])")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_FILE_NAME = re.compile(
    r"^[\w.-]+\.(?:jpe?g|png|gif|svg|webp|avif|tiff?|bmp|heic)$|^(?:img|dsc|dscn|pxl|photo|image)[-_ ]?\d+$", re.I
)

# Lines are found by their "\n", which the regex engine scans for fast (a line start `^` is
# tried at every character: six times slower); they are searched in "\n" + the text, so that
# a match starts where its line starts in the text.
_ATX = re.compile(r"\n {0,3}(#{1,6})(?=[ \t\n]|\Z)")
_UNDERLINE = re.compile(r"\n {0,3}(=+|-+)[ \t]*(?=\n|\Z)")  # under a paragraph's line: a setext heading
_NOT_PARAGRAPH = re.compile(r" {0,3}(?:[-*+>#]|\d+[.)])(?:\s|$)|\s*$|    ")
_HTML_HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)

_LINK = re.compile(r"\[([^\]\n]{0,300})\](?:\(|\[)")  # not an image's "![": checked by hand, which is faster
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|www\.[^>\s]+)>")
_VAGUE = frozenset(
    ["click here", "here", "read more", "more", "click", "this", "this link", "link", "learn more", "continue reading",
     "go here", "see here", "details", "more info", "more information", "read this", "this page", "click this link"]
)  # fmt: skip


def code_free(markdown: str) -> str:
    """The body with code blanked, fenced blocks and `code spans`: a `#` or `[` there is code,
    not structure. Lines stay where they were."""
    if "`" not in markdown and "~~~" not in markdown:
        return markdown
    lines, inside, marker = markdown.split("\n"), False, ""
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fence and (not inside or fence.group(1) == marker):
            inside, marker = not inside, fence.group(1)
            lines[index] = ""
        elif inside:
            lines[index] = ""
    return _CODE_SPAN.sub(lambda span: " " * len(span.group()), "\n".join(lines))


def image_problems(text: str) -> Iterator[Hit]:
    for match in _IMAGE.finditer(text):
        yield from _alt_problem(match.start(), match.group(1), match.group(2) or "")
    if "<" in text:
        for match in _HTML_IMAGE.finditer(text):
            alt = _ALT.search(match.group())
            src = _SRC.search(match.group())
            source = next((g for g in src.groups() if g is not None), "") if src else ""
            yield from _alt_problem(match.start(), next((g for g in alt.groups() if g is not None), "") if alt else "", source)


def _alt_problem(offset: int, alt: str, source: str) -> Iterator[Hit]:
    shown = source or "the picture"
    alt = " ".join(alt.split())
    if not alt:
        yield Hit("image-alt-missing", offset, f'picture "{shown}" has no alt text')
    elif is_file_name(alt, source):
        yield Hit("image-alt-filename", offset, f'the alt text of picture "{shown}" is its file name, "{alt}"')


def is_file_name(alt: str, source: str) -> bool:
    # Not urlsplit: it raises on a malformed address ("http://[x"), which the parser reports.
    name = posixpath.basename(unquote(source.split("#", 1)[0].split("?", 1)[0])) if source else ""
    stem = posixpath.splitext(name)[0]
    return bool(_FILE_NAME.match(alt)) or (bool(name) and alt.lower() in (name.lower(), stem.lower()))


def heading_problems(text: str) -> Iterator[Hit]:
    lines = "\n" + text  # a match's start: its line's start in `text`
    headings = [(m.start(), len(m.group(1))) for m in _ATX.finditer(lines)] if "#" in text else []
    for underline in _UNDERLINE.finditer(lines) if "\n=" in text or "\n-" in text or "\n " in text else ():
        if underline.start() == 0:
            continue
        start = text.rfind("\n", 0, underline.start() - 1) + 1
        if not _NOT_PARAGRAPH.match(text, start, underline.start() - 1):
            headings.append((start, 1 if underline.group(1)[0] == "=" else 2))
    if "<" in text:
        headings += [(m.start(), int(m.group(1))) for m in _HTML_HEADING.finditer(text)]
    previous = 1  # the story's title is the page's level-one heading
    for offset, level in sorted(headings):
        if level == 1:
            yield Hit("heading-level-one", offset, "a level-one heading (#) in the body")
        elif level > previous + 1:
            yield Hit(
                "heading-skip", offset, f"a level-{level} heading ({'#' * level}) after a level-{previous} one, skipping a level"
            )
        previous = level


def link_problems(text: str) -> Iterator[Hit]:
    if "[" in text:
        for match in _LINK.finditer(text):
            if match.start() and text[match.start() - 1] in "!\\":
                continue
            words = " ".join(re.sub(r"[*_`]", "", match.group(1)).split())
            plain = words.lower().strip(" .:!?…»→>")
            if plain in _VAGUE:
                yield Hit("link-text", match.start(), f'link text "{words}" does not say where the link goes')
            elif re.match(r"(?:https?://|www\.)\S+$", words, re.IGNORECASE):
                yield Hit("link-text", match.start(), f'link text "{words}" is a bare web address')
    if "<" in text:
        for match in _AUTOLINK.finditer(text):
            yield Hit("link-text", match.start(), f'link text "{match.group(1)}" is a bare web address')

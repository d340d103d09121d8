"""Markdown bodies -> sanitised HTML, with internal links made to honour the base URL path.

Python-Markdown passes raw HTML through untouched, so every body goes through nh3's allowlist
afterwards: no script, frame, event handler or `javascript:` URL survives into a page or feed.
"""

from __future__ import annotations

import html
import importlib
import posixpath
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import markdown
import markdown.extensions.extra
import nh3
from markupsafe import Markup

from builder import blocks, inline

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

# Python-Markdown parses nested lists, quotes and `<div markdown="1">` blocks by recursion: about
# 400 levels end in RecursionError, and well before that the time grows steeply (lists 400 deep
# took 1.4 s, 800 deep 9 s). No story needs more than a handful of levels, so deeper nesting is
# refused before conversion by a linear scan of the source.
MAX_NESTING = 100
_TAB_COLUMNS = 4  # Python-Markdown's tab_length: each 4 columns of indentation can open a level
_CONTAINER_MARKER = re.compile(r"[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]|[-*+]$|\d{1,9}[.)]$)")
_THEMATIC_BREAK = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # "- - -" is a rule, not three lists
# Attributes stop at "<" and ">" even inside quotes, so every attempt ends at the next bracket
# and a line of "<a " repeated stays linear.
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^<>\"']|\"[^<>\"]*\"|'[^<>']*')*)>")
_MARKDOWN_ATTRIBUTE = re.compile(r"\bmarkdown\s*=", re.IGNORECASE)
_VOID_TAGS = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])


# Other shapes whose conversion time grows faster than the text: the smarty extension's pass
# grows with the square of a story's paragraphs (20,000 short ones: 8.7 s; 10,000: 2.6 s) and of
# a paragraph's links (20,000: 7.9 s; 5,000: 0.6 s); brackets that never close, 4,000 in one
# paragraph, take 2 to 8 s; a million `&`, 10 s in the sanitiser. No real story comes near these
# limits; a pasted data dump does. (smartypants in one linear pass over the HTML instead of
# smarty removed the first two, but doubled every story's conversion: a 10,000-story build
# went from 0.24x to 0.35x Pelican's time.)
MAX_LINES = 20_000
MAX_ESCAPED = 100_000  # characters that become entities: & and <
MAX_BRACKET_DEPTH = 1_000  # "[" still open at once in one paragraph, outside code
MAX_BRACKETS_PER_PARAGRAPH = 5_000  # "[" in one paragraph, outside code: links, footnotes
_FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
_BRACKET = re.compile(r"[\[\]]")


class BeyondLimits(Exception):
    """A body Beat will not convert: the message says which limit and what to do."""

    def __init__(self, line: int, message: str):
        super().__init__(line, message)
        self.line = line  # 1-based, within the body
        self.message = message


class NestingTooDeep(BeyondLimits):
    """A body nests lists, quotes or Markdown-in-HTML blocks deeper than MAX_NESTING."""

    def __init__(self, line: int, depth: int):
        super().__init__(line, "")
        self.message = (
            f"the story nests lists, quotes or blocks more than {MAX_NESTING} levels deep (at least {depth} here); "
            "Beat refuses deeper nesting, which no reader can follow and which would stall the build: "
            "flatten the lists or quotes, or put text meant literally in a code block"
        )


@dataclass(slots=True)
class RenderedBody:
    html: Markup
    text: str  # the visible text, for excerpts, word counts and search
    media: tuple[str, ...]  # media output paths the body refers to, e.g. "media/bike.svg"
    bad_links: tuple[str, ...] = field(default_factory=tuple)  # links that leave content/media/


class MarkdownRenderer:
    """One converter reused across documents (reset between them): building one is costly."""

    def __init__(self, base_path: str):
        self._md = converter()
        self._links = _Links(base_path)
        # Built once: nh3.clean() builds its allowlists anew on every call, about half of its time.
        self._cleaner = nh3.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            attribute_filter=self._links.rewrite,
            link_rel=None,
        )

    def render(self, source: str) -> RenderedBody:
        """Markdown -> sanitised HTML; raises BeyondLimits for what Markdown cannot take in time."""
        check_size(source)
        check_nesting(source)
        self._md.reset()
        try:
            raw = self._md.convert(source)
        except RecursionError:
            # A backstop: the scan above is meant to refuse everything that gets this deep.
            self._md = converter()
            raise NestingTooDeep(1, MAX_NESTING + 1) from None
        media, bad = self._links.start()
        clean = self._cleaner.clean(raw)
        clean = _lazy_images(clean)
        clean = _demote_headings(clean)
        text = html.unescape(_TAG.sub(" ", clean))
        text = " ".join(text.split())
        return RenderedBody(Markup(clean), text, tuple(dict.fromkeys(media)), tuple(dict.fromkeys(bad)))


class _Links:
    """The sanitiser's attribute filter: internal links and images made to honour the base URL
    path, and the media files the body being rendered refers to written down (`media`, and in
    `bad` the links that leave content/media/)."""

    def __init__(self, base_path: str):
        self.base_path = base_path
        self.media: list[str] = []
        self.bad: list[str] = []

    def start(self) -> tuple[list[str], list[str]]:
        """Fresh lists for the next body; the same ones `rewrite` fills."""
        self.media, self.bad = [], []
        return self.media, self.bad

    def rewrite(self, tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) not in (("a", "href"), ("img", "src")):
            return value
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
                self.bad.append(value)
                return None
            self.media.append(normal)
        suffix = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
        return self.base_path + path.lstrip("/") + suffix


def converter() -> markdown.Markdown:
    """Python-Markdown with Beat's extensions, made to skip the work that cannot change its output."""
    md = markdown.Markdown(extensions=_extensions(), output_format="html")
    inline.speed_up(md)
    blocks.speed_up(md)
    return md


def _extensions() -> list[markdown.extensions.Extension]:
    """EXTENSIONS, made here, with "extra" as the extensions it stands for (in its order, with its
    empty config): by name, Python-Markdown looks each one up among every installed package's
    entry points first (importlib.metadata), 10-20 ms in each process that converts."""
    names = [part for name in EXTENSIONS for part in (markdown.extensions.extra.extensions if name == "extra" else [name])]
    return [
        importlib.import_module(f"markdown.extensions.{name}").makeExtension(**EXTENSION_CONFIGS.get(name, {})) for name in names
    ]


def check_size(source: str) -> None:
    """Raise BeyondLimits for a body longer, or made of more entities or unclosed brackets,
    than any story (see MAX_LINES and the others). One pass, linear in the text."""
    lines = source.split("\n")
    if len(lines) > MAX_LINES:
        raise BeyondLimits(
            MAX_LINES + 1,
            f"the story has {len(lines):,} lines; Beat converts at most {MAX_LINES:,}: split it into several stories, "
            "or publish a long table or list as a file in content/media/ and link to it",
        )
    escaped = source.count("&") + source.count("<")
    if escaped > MAX_ESCAPED:
        raise BeyondLimits(
            1,
            f'the story holds {escaped:,} "&" and "<" characters; Beat converts at most {MAX_ESCAPED:,}: '
            "it looks like pasted data rather than prose; publish it as a file in content/media/ and link to it",
        )
    # Python-Markdown looks for the "]" of every "[" it meets: time that grows with the square
    # of the brackets open at once (unclosed, or nested).
    depth, count, start, fenced = 0, 0, 1, False
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            fenced = not fenced
        elif not line.strip():
            depth, count, start = 0, 0, number + 1
        elif not fenced and not line.startswith(("    ", "\t")) and "[" in line:
            count += line.count("[")
            if count > MAX_BRACKETS_PER_PARAGRAPH:
                raise BeyondLimits(
                    start,
                    f'a paragraph holds more than {MAX_BRACKETS_PER_PARAGRAPH:,} links or other "[" characters; Beat refuses '
                    "more, which would stall the build: split the paragraph, or publish the list as a file in content/media/",
                )
            for bracket in _BRACKET.finditer(line):
                depth = depth + 1 if bracket.group() == "[" else max(0, depth - 1)
                if depth > MAX_BRACKET_DEPTH:
                    raise BeyondLimits(
                        start,
                        f'a paragraph has more than {MAX_BRACKET_DEPTH:,} "[" open at once (not closed by "]"); Beat refuses '
                        "that, which would stall the build: put text meant literally in a code block (between ``` lines)",
                    )


def check_nesting(source: str) -> None:
    """Raise NestingTooDeep at the first line nested more than MAX_NESTING levels deep: the
    blocks opened by `markdown` attributes (`<div markdown="1">`) around the line, plus its own
    indentation (4 columns a level) and list and quote markers. One pass, linear in the text.
    It overcounts a little (an indented code block counts its indentation), never undercounts."""
    open_tags: list[tuple[str, bool]] = []  # HTML elements open so far: (name, has a markdown attribute)
    open_names: Counter[str] = Counter()
    markdown_depth = 0
    for number, line in enumerate(source.split("\n"), start=1):
        depth = markdown_depth + _line_depth(line)
        if depth > MAX_NESTING:
            raise NestingTooDeep(number, depth)
        if "<" not in line:
            continue
        for tag in _HTML_TAG.finditer(line):
            closing, name, attributes = tag.group(1), tag.group(2).lower(), tag.group(3)
            if closing:
                if open_names[name]:  # close it and whatever was left open inside it
                    while True:
                        popped, had_markdown = open_tags.pop()
                        open_names[popped] -= 1
                        markdown_depth -= had_markdown
                        if popped == name:
                            break
            elif name not in _VOID_TAGS and not attributes.rstrip().endswith("/"):
                has_markdown = bool(_MARKDOWN_ATTRIBUTE.search(attributes))
                open_tags.append((name, has_markdown))
                open_names[name] += 1
                markdown_depth += has_markdown
                if markdown_depth > MAX_NESTING:
                    raise NestingTooDeep(number, markdown_depth)


def _line_depth(line: str) -> int:
    """How many levels one line can open: its indentation, 4 columns a level, and its leading
    list and quote markers ("> - 1. x" opens three)."""
    stripped = line.lstrip(" \t")
    indent = len(line[: len(line) - len(stripped)].expandtabs(_TAB_COLUMNS)) // _TAB_COLUMNS
    if _THEMATIC_BREAK.match(line):
        return indent
    markers, position = 0, 0
    while match := _CONTAINER_MARKER.match(line, position):
        markers += 1
        position = match.end()
        if markers > MAX_NESTING:
            break  # enough to refuse; a longer count would only cost time
    return indent + markers


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


# An excerpt is cut at a number of words, and also at this many characters a word: a text
# without spaces (Chinese, Japanese, Thai, a run of symbols) is one "word" however long, and
# would otherwise go whole into every meta description, listing and feed. About 8 characters
# a word keeps English excerpts as they were (40 words rarely reach 320 characters).
CHARACTERS_PER_WORD = 8
_TRAILING_PUNCTUATION = ".,;:!?、。，．；：！？"
_ZERO_WIDTH_JOINER = "\u200d"


def excerpt(text: str, words: int = 40) -> str:
    """The first `words` words of plain text, and at most `words * CHARACTERS_PER_WORD`
    characters, with an ellipsis when cut. Cut at a space where the text has spaces near the
    limit; otherwise between characters, never inside one (a letter and its accents, an emoji
    sequence)."""
    limit = words * CHARACTERS_PER_WORD
    parts = text.split(maxsplit=words)
    if len(parts) > words:
        parts.pop()  # the rest of the text, unsplit: splitting a megabyte into words costs time
        cut = True
    else:
        cut = False
    kept = " ".join(parts)
    if len(kept) > limit:
        kept = _cut_characters(kept, limit)
        cut = True
    if not cut:
        return kept
    return kept.rstrip().rstrip(_TRAILING_PUNCTUATION).rstrip() + "…"


def _cut_characters(text: str, limit: int) -> str:
    """At most `limit` characters of `text`: at its last space if that is past half the
    limit (a script written with spaces), else at the last whole character before the limit."""
    end = _character_start(text, limit)
    space = text.rfind(" ", 0, end + 1)
    if space > limit // 2:
        return text[:space]
    return text[:end]


def _character_start(text: str, index: int) -> int:
    """`index`, moved back to the start of the user-perceived character it falls in: before the
    base letter of combining marks, a joined emoji sequence, a skin-tone modifier, the second
    half of a flag, or the vowels of a decomposed Hangul syllable."""
    while 0 < index < len(text) and (_continues(text[index]) or text[index - 1] == _ZERO_WIDTH_JOINER):
        index -= 1
    if 0 < index < len(text) and _is_regional_indicator(text[index]):
        run = 0
        while index - run - 1 >= 0 and _is_regional_indicator(text[index - run - 1]):
            run += 1
        index -= run % 2  # flags are pairs: an odd run before the cut means a flag is split
    return index


def _continues(char: str) -> bool:
    """Whether `char` belongs to the character before it rather than starting one."""
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char == _ZERO_WIDTH_JOINER
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin-tone modifiers
        or "\u1160" <= char <= "\u11ff"  # Hangul vowel and final jamo
        or "\ud7b0" <= char <= "\ud7ff"
    )


def _is_regional_indicator(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"

"""The texts a story's checks read, and where each lies in the file.

Checks read the source (Markdown, or the raw front-matter lines of a key) rather than the
rendered HTML, so that every finding names the line of the file it is on.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check found: its rule, where it starts in the text it read, and what it is."""

    rule: str
    offset: int
    what: str


@dataclass(frozen=True, slots=True)
class Text:
    """Text to scan; `first_line` is the file line its first character is on."""

    text: str
    first_line: int

    def line_at(self, offset: int) -> int:
        return self.first_line + self.text.count("\n", 0, offset)

    def lines_at(self, offsets: list[int]) -> list[int]:
        """The lines of many offsets, with one pass over the text."""
        if len(offsets) < 8:
            return [self.line_at(offset) for offset in offsets]
        ends = list(itertools.accumulate(len(line) + 1 for line in self.text.split("\n")))
        return [self.first_line + bisect.bisect_right(ends, offset) for offset in offsets]


def blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) replaced by spaces, newlines kept: offsets and lines stay put."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def blank_all(text: str, pattern: re.Pattern, group: int = 0) -> str:
    """`text` with every match of `pattern` (or of its `group`) blanked."""
    pieces, last = [], 0
    for match in pattern.finditer(text):
        # A link to mailto: or tel: publishes the address or number: only its scheme goes.
        start, end = match.span(1) if pattern is _LINK_TARGET and match.group(1) else match.span(group)
        if start < 0 or start == end:
            continue
        pieces.append(text[last:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)  # never published: the sanitiser drops comments
_LINK_TARGET = re.compile(r"\]\(\s*<?((?:mailto:|tel:)?)([^)\s>]*)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]*)>")
_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?(\S+)", re.MULTILINE)
_HTML_ATTRIBUTE_URL = re.compile(r"\b(?:href|src)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)


def without_comments(markdown: str) -> str:
    return blank_all(markdown, _COMMENT) if "<!--" in markdown else markdown


def prose(markdown: str) -> str:
    """What readers read of a body, for personal-data checks: comments and web addresses
    blanked (a number in an address is not a phone number), while `mailto:` and `tel:` targets
    keep the address or number they publish."""
    text = without_comments(markdown)
    if "](" in text:
        text = blank_all(text, _LINK_TARGET, 2)
    # Each pattern runs only where its marks are: most stories have few links.
    for pattern, mark in (
        (_AUTOLINK, "<"),
        (_BARE_URL, "://"),
        (_BARE_URL, "www."),
        (_REFERENCE, "]:"),
        (_HTML_ATTRIBUTE_URL, "<"),
    ):
        if mark in text:
            text = blank_all(text, pattern, 1 if pattern.groups else 0)
    return text


SENTENCE_REACH = 400  # characters looked at on each side: a sentence longer than that is cut there


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from after the last sentence end (or blank line) before
    it to the next one after it, at most SENTENCE_REACH characters away (so a check stays
    linear in a story of one endless sentence)."""
    low, high = max(0, start - SENTENCE_REACH), min(len(text), end + SENTENCE_REACH)
    marks = (". ", "! ", "? ", "\n\n")
    before = max(text.rfind(mark, low, start) for mark in marks)
    after = [i for i in (text.find(mark, end, high) for mark in marks) if i >= 0]
    return (before + 1 if before >= 0 else low), (min(after) if after else high)

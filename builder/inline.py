"""Python-Markdown's inline stage, made to skip work that cannot change the result.

Python-Markdown tries every inline pattern on every piece of text, each a regular-expression
search wrapped in Python bookkeeping; smarty runs a second pass with eighteen more. That was
two thirds of the time a story took. Yet each pattern can only match text holding a certain
character or pair: a link needs "[", a curly quote a straight one. A pattern is skipped where
its needle is absent, and a piece of text holding no needle at all is left as it is, which is
exactly what trying the patterns in vain would have done.

This is sound only for the patterns listed in NEEDLES, so a converter with any other pattern
(an added extension, a new release of Python-Markdown) keeps the library's own processor.
"""

from __future__ import annotations

import re

import markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry

# The inline patterns of the extensions prose.py enables (Python-Markdown 3.8 to 3.11): for
# each, strings of which a text must hold at least one for the pattern to match in it.
NEEDLES: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "not_strong": ("*", "_"),
    "em_strong": ("*", "_"),
    "em_strong2": ("_",),
    "smarty-em-dashes": ("--",),
    "smarty-en-dashes": ("--",),
    "smarty-ellipses": ("...",),
    "smarty-left-angle-quotes": ("<<",),
    "smarty-right-angle-quotes": (">>",),
}
_QUOTES = ("'", '"')  # every smarty-quotes-N pattern


def _needles(name: str) -> tuple[str, ...] | None:
    return _QUOTES if name.startswith("smarty-quotes-") else NEEDLES.get(name)


class SkippingInlineProcessor(InlineProcessor):
    """An InlineProcessor with the same patterns, that does not try a pattern on text without
    its needle. Python-Markdown calls its private (name-mangled) methods for each piece of text;
    these overrides only add the test in front."""

    def __init__(self, md: markdown.Markdown, patterns: Registry, needles: list[tuple[str, ...]]):
        super().__init__(md)
        self.inlinePatterns = patterns
        self._needles = needles  # by pattern index, in the registry's order
        self._any = re.compile("|".join(re.escape(needle) for group in needles for needle in group))

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if self._any.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[misc]

    def _InlineProcessor__applyPattern(self, pattern, data: str, patternIndex: int, startIndex: int = 0):
        for needle in self._needles[patternIndex]:
            if needle in data:
                return super()._InlineProcessor__applyPattern(pattern, data, patternIndex, startIndex)  # type: ignore[misc]
        return data, False, 0


def speed_up(md: markdown.Markdown) -> None:
    """Swap each inline processor of `md` for a skipping one, where all its patterns are known."""
    for item in list(md.treeprocessors._priority):
        processor = md.treeprocessors[item.name]
        if type(processor) is not InlineProcessor:
            continue
        patterns = processor.inlinePatterns
        patterns._sort()
        needles = [_needles(entry.name) for entry in patterns._priority]
        if all(needles):
            skipping = SkippingInlineProcessor(md, patterns, needles)  # type: ignore[arg-type]
            md.treeprocessors.register(skipping, item.name, item.priority)

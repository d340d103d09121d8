"""Python-Markdown's block stage, made to skip processors that cannot apply.

Python-Markdown offers every block (the text between blank lines) to each of its seventeen
block processors in turn until one takes it; a paragraph, the commonest block, is offered to
all of them, each a method call and most a regular-expression search. That was two fifths of
the time a story's conversion took. Yet each processor can only take a block holding a
certain string: a heading needs "#", a quote ">", a table "|". A processor is skipped for a
block without any of its needles, which is exactly what its own test (or, for the processors
whose test always passes, its run returning False) would have decided.

This is sound only for the processors listed in NEEDLES, so a converter with any other
processor (an added extension, a new release of Python-Markdown) keeps the library's parser.
"""

from __future__ import annotations

import markdown
from markdown.blockparser import BlockParser
from markdown.util import STX

_INDENT = "    "  # Python-Markdown's tab_length, which prose.py leaves at its default

# The block processors of the extensions prose.py enables (Python-Markdown 3.8 to 3.11): for
# each, strings of which a block must hold at least one for the processor to take it; None
# where the processor is always tried.
NEEDLES: dict[str, tuple[str, ...] | None] = {
    "empty": None,  # its test is a comparison, cheaper than any needle
    "paragraph": None,  # takes whatever is left
    "markdown_block": (STX,),  # an HTML block's placeholder, at the block's start
    "indent": (_INDENT,),  # these three test that the block starts with an indent
    "defindent": (_INDENT,),
    "code": (_INDENT,),
    "table": ("|",),
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),
    "hr": ("-", "_", "*"),
    "olist": (". ",),  # "1. ", the number's dot and a space
    "ulist": ("* ", "+ ", "- "),
    "deflist": (": ",),
    "quote": (">",),
    "footnote": ("[^",),  # "[^1]: the note"
    "abbr": ("*[",),  # "*[HTML]: Hyper Text Markup Language"
    "reference": ("]:",),  # "[id]: https://…"
}


class SkippingBlockParser(BlockParser):
    """A BlockParser with the same processors, that does not offer a block to a processor
    whose needles it lacks. Processors parse nested blocks through `parseBlocks`, so lists and
    quotes go through it too."""

    _processors: list[tuple[markdown.blockprocessors.BlockProcessor, tuple[str, ...] | None]]

    def parseBlocks(self, parent, blocks: list[str]) -> None:
        processors = self._processors
        while blocks:
            block = blocks[0]
            for processor, needles in processors:
                if needles is not None:
                    for needle in needles:
                        if needle in block:
                            break
                    else:
                        continue
                if processor.test(parent, block):
                    if processor.run(parent, blocks) is not False:
                        break
                    block = blocks[0]  # a run that declines puts the block back; read it again


def speed_up(md: markdown.Markdown) -> None:
    """Make `md` parse blocks with a SkippingBlockParser, where all its processors are known."""
    parser = md.parser
    if type(parser) is not BlockParser or md.tab_length != len(_INDENT):
        return
    parser.blockprocessors._sort()
    names = [entry.name for entry in parser.blockprocessors._priority]
    if not all(name in NEEDLES for name in names):
        return
    processors = [(parser.blockprocessors[name], NEEDLES[name]) for name in names]
    parser.__class__ = SkippingBlockParser  # the processors hold this very parser: keep the object
    parser._processors = processors

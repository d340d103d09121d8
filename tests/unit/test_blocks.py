from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor

from builder import blocks
from builder.blocks import SkippingBlockParser
from builder.prose import converter
from tests.unit.test_inline import convert, plain

SAMPLES = [
    "A paragraph of plain words.\n\nAnother one, with a hyphen-ated word - and a dash.",
    "# One\n\n## Two ##\n\nText # not a heading\n\n####### seven",
    "Setext one\n==========\n\nSetext two\n----------\n\nNot setext\n= sign",
    "---\n\n* * *\n\n_ _ _\n\n- - -\n\nA line -- not a rule",
    "1. first\n2. second\n\n    indented inside the second\n\n3. third\n\n1.no space\n\n2020. A year and a sentence.",
    "- one\n- two\n    - nested\n        - deeper\n\n* star\n+ plus\n\n-not a list\n\n*emphasis* here",
    "> a quote\n> > nested\n\n>no space\n\nx > y",
    "    code block\n    more code\n\nafter\n\n\tcode with a tab",
    "Term\n:   Definition\n\n    more of the definition\n\nTerm two\n: short\n\nA time: 10:30",
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n\n| one column |\n|---|\n| x |\n\na | b\n--|--\n1 | 2\n\nNo | table here",
    "Text[^1] and[^note].\n\n[^1]: First.\n[^note]: Second,\n    continued.\n\n[^ not a note",
    "*[HTML]: Hyper Text Markup Language\n*[W3C]:  World Wide Web Consortium\n\nHTML by the W3C. *[not]",
    "[a link][id] and [b][] and [c]\n\n[id]: https://example.org/ 'Title'\n[b]: <https://example.org/b>\n  \"Title on the next line\"\n\n[not]: a ref",
    '<div markdown="1">\n*inside* a div\n\n- a list\n</div>\n\n<div>raw <b>html</b></div>\n\n<p markdown="block">x</p>',
    "```\nfenced\n\n# not a heading\n```\n\n~~~ {.python}\nx = 1\n~~~",
    "\n\n\nleading blank lines\n\n\n\n\ntrailing\n\n\n",
    "1. item\n\n    > quote in item\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n\n2. item\n\n    Term\n    :   Def",
    "- a\n\n    ```\n    fenced in a list\n    ```\n\n- b\n    1. c\n    2. d",
    "Para\n    indented continuation\n\n    code after a paragraph",
    "[c]\n\n[c]:https://example.org/c\n\n[d]:\n    https://example.org/d",
    "A ||| pipe run\n\n#hashtag at the start\n\n>>> triple",
]


def test_beats_converter_parses_blocks_with_the_skipping_parser():
    md = converter()
    assert type(md.parser) is SkippingBlockParser
    names = [entry.name for entry in md.parser.blockprocessors._priority]
    assert set(names) == set(blocks.NEEDLES), "every processor of Beat's extensions has its needles listed"


def test_an_unknown_block_processor_keeps_the_librarys_parser():
    class Mystery(BlockProcessor):
        def test(self, parent, block):
            return block.startswith("%%")

        def run(self, parent, blocks_):
            blocks_.pop(0)

    md = plain()
    md.parser.blockprocessors.register(Mystery(md.parser), "mystery", 55)
    blocks.speed_up(md)
    assert type(md.parser) is BlockParser
    assert convert(md, "%% gone\n\nkept") == "<p>kept</p>"


def test_the_output_is_the_librarys_on_tricky_samples():
    slow, quick = plain(), converter()
    for text in [*SAMPLES, "\n\n".join(SAMPLES)]:
        assert convert(quick, text) == convert(slow, text), text


MARKUP = st.sampled_from(
    [*"#=-_*+>:|[]^<`~.  \n", "\n\n", "    ", "1. ", "- ", "* ", "> ", ": ", "]: ", "[^1]", "*[", "```", "|---|"]
)
WORDS = st.sampled_from(["word", "10", "x", "HTML", '<div markdown="1">', "</div>", "<p>", "https://e.org", "Term"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(MARKUP, WORDS), max_size=50))
def test_the_output_is_the_librarys_on_generated_text(parts):
    text = "".join(parts)
    assert convert(converter(), text) == convert(plain(), text)

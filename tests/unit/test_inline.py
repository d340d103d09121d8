import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from builder import prose
from builder.inline import SkippingInlineProcessor, speed_up
from builder.prose import EXTENSION_CONFIGS, EXTENSIONS

SAMPLES = [
    "Plain words only, nothing to do.",
    "She said \"hello\" and 'goodbye' -- then left --- quickly... or not.",
    "The '80s, rock 'n' roll, \"'quoted' within\", '\"the other way\"'",
    "*em* **strong** ***both*** _under_ __dunder__ snake_case_word 2 * 3 * 4",
    "`code 'quote' -- dash` and \\`not code\\` and \\*not em\\*",
    '[link](https://example.org/a_b) ![img](media/a.png "title\'s") [ref][r] [short]\n\n[r]: /x\n[short]: /y',
    "<https://example.org> <me@example.org> <span class='x'>html \"attr\"</span> &amp; &copy; &#8212;",
    "line with break  \nnext line -- and << angled >>",
    "Footnote[^1] here.\n\n[^1]: The note's text -- with *emphasis*.",
    "*[HTML]: Hyper Text\n\nHTML abbreviation... and `a_b`",
    "| a | 'b' |\n|---|---|\n| *c* | \"d\" |",
    "Term\n:   Definition with 'quotes' and [a link](/x)",
    "```\nfenced 'code' -- stays\n```\n\n- item *one*\n- item 'two'\n\n1. first\n2. second",
    '> "Quoted," said someone\'s friend.\n\n## Heading with "quotes" {: #id }',
    '<div markdown="1">*inside* "html"</div>',
    "Ends with a quote'",
    '"',
    "'s",
]


def plain() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


def fast() -> markdown.Markdown:
    md = plain()
    speed_up(md)
    return md


def convert(md: markdown.Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


def test_both_inline_passes_are_replaced_for_the_extensions_beat_uses():
    md = fast()
    assert isinstance(md.treeprocessors["inline"], SkippingInlineProcessor)
    assert isinstance(md.treeprocessors["smarty"], SkippingInlineProcessor)


def test_an_unknown_inline_pattern_keeps_the_librarys_own_processor():
    md = plain()
    md.inlinePatterns.register(md.inlinePatterns["entity"], "mystery", 85)
    speed_up(md)
    assert type(md.treeprocessors["inline"]) is InlineProcessor
    assert isinstance(md.treeprocessors["smarty"], SkippingInlineProcessor)


def test_the_output_is_the_librarys_on_tricky_samples():
    slow, quick = plain(), fast()
    for text in [*SAMPLES, "\n\n".join(SAMPLES)]:
        assert convert(quick, text) == convert(slow, text), text


MARKUP = st.sampled_from([*"'\"-.*_`\\[]()!<>&#:|^ \n", "--", "...", "  \n", "**", "](/x)", "&amp;", "<b>", "'s"])
WORDS = st.sampled_from(["word", "it", "80s", "a_b", "x", "Cafe", "media/p.png", "https://e.org"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MARKUP, WORDS), max_size=40))
def test_the_output_is_the_librarys_on_generated_text(parts):
    text = "".join(parts)
    assert convert(fast(), text) == convert(plain(), text)


def test_the_converter_names_no_extension_so_markdown_never_scans_the_installed_packages(monkeypatch):
    """prose.converter() hands Python-Markdown its extensions made (a name costs a scan of every
    installed package's entry points, in each process); they are exactly what the names give."""

    def scan():
        raise AssertionError("Python-Markdown looked an extension up by name")

    monkeypatch.setattr(markdown.util, "get_installed_extensions", scan)
    made = prose.converter()
    monkeypatch.undo()
    named = fast()
    stages = ("preprocessors", "treeprocessors", "inlinePatterns", "postprocessors")
    for registries in [(getattr(made, stage), getattr(named, stage)) for stage in stages] + [
        (made.parser.blockprocessors, named.parser.blockprocessors)
    ]:
        made_here, by_name = (
            [(name, priority, type(registry[name])) for name, priority in registry._priority] for registry in registries
        )
        assert made_here == by_name
    for text in SAMPLES:
        assert convert(made, text) == convert(named, text)

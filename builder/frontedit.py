"""Editing one value of a file's front matter in place, every other byte as it was.

The parsers give values, not where they are written; this module finds the spans: for YAML,
the composer's marks (character offsets into the block); for TOML, a small scanner for a key's
string or array of strings (all the front-matter fields it edits are). A value is rewritten in
the style it was written in where the new text allows it (plain, 'single' or "double" quoted).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass

import yaml


class EditError(Exception):
    """A value that cannot be rewritten safely (the message says why, for the editor)."""


@dataclass(frozen=True, slots=True)
class Block:
    """Where a file's front matter is: text[start:end] is the block between its delimiters."""

    text: str
    start: int
    end: int
    toml: bool
    newline: str  # "\n" or "\r\n", as the file writes it

    @property
    def source(self) -> str:
        return self.text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # offsets into the whole file's text
    end: int
    value: str  # the text it holds, decoded
    style: str  # "plain", "'", '"' (YAML), "toml" (a basic string) or "toml'" (a literal one)


def front_block(text: str) -> Block:
    """The front matter of a file's whole text (a BOM and CRLF line ends are kept as they are)."""
    offset = 1 if text.startswith("\ufeff") else 0
    first_end = text.find("\n", offset)
    opening = text[offset : first_end if first_end >= 0 else len(text)].strip()
    if opening not in ("---", "+++") or first_end < 0:
        raise EditError("has no front matter to edit")
    newline = "\r\n" if text[first_end - 1 : first_end] == "\r" else "\n"
    position = first_end + 1
    while position <= len(text):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        if text[position:line_end].rstrip() == opening:
            return Block(text, first_end + 1, position, opening == "+++", newline)
        position = line_end + 1
    raise EditError(f"front matter opened with {opening} is never closed")


# ---- reading spans ----


def value_spans(block: Block, key: str) -> tuple[str, list[Span]]:
    """How `key` is written ("scalar", "list" or "absent") and the spans of its text values."""
    return _toml_spans(block, key) if block.toml else _yaml_spans(block, key)


def _yaml_root(block: Block) -> yaml.MappingNode | None:
    try:
        node = yaml.compose(block.source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditError(f"front matter is not valid YAML ({exc})") from None
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        raise EditError("front matter is not a set of `key: value` lines")
    return node


def _yaml_entry(block: Block, key: str):
    root = _yaml_root(block)
    for key_node, value_node in root.value if root else ():
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None, None


def _yaml_span(block: Block, node: yaml.ScalarNode) -> Span:
    style = {None: "plain", "'": "'", '"': '"'}.get(node.style)
    if style is None:
        raise EditError(f"a {node.style!r} block scalar cannot be rewritten in place; write it on one line")
    return Span(block.start + node.start_mark.index, block.start + node.end_mark.index, node.value, style)


def _yaml_spans(block: Block, key: str) -> tuple[str, list[Span]]:
    _, node = _yaml_entry(block, key)
    if node is None:
        return "absent", []
    if isinstance(node, yaml.ScalarNode):
        return "scalar", [_yaml_span(block, node)]
    if isinstance(node, yaml.SequenceNode):
        return "list", [_yaml_span(block, item) for item in node.value if isinstance(item, yaml.ScalarNode)]
    raise EditError(f'"{key}" is neither a text nor a list')


_TOML_KEY = r"^[ \t]*{key}[ \t]*=[ \t]*"
_TOML_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def _toml_spans(block: Block, key: str) -> tuple[str, list[Span]]:
    source = block.source
    match = re.search(_TOML_KEY.format(key=re.escape(key)), source, re.MULTILINE)
    if not match:
        return "absent", []
    at = match.end()
    if source.startswith("[", at):
        spans, _ = _toml_array(block, at)
        return "list", spans
    string = _TOML_STRING.match(source, at)
    if not string:
        raise EditError(f'"{key}" is not written as a string or an array of strings')
    return "scalar", [_toml_span(block, string.start(), string.end())]


def _toml_span(block: Block, start: int, end: int) -> Span:
    token = block.source[start:end]
    if token.startswith(('"""', "'''")):
        raise EditError("a multi-line TOML string cannot be rewritten in place")
    value = tomllib.loads(f"v = {token}")["v"]
    return Span(block.start + start, block.start + end, value, "toml'" if token.startswith("'") else "toml")


def _toml_array(block: Block, at: int) -> tuple[list[Span], int]:
    """The strings of the array opening at `at` (inside the block), and where its ] is."""
    source, position, spans = block.source, at + 1, []
    while position < len(source):
        char = source[position]
        if char == "]":
            return spans, position
        if char in " \t\r\n,":
            position += 1
        elif char == "#":
            newline = source.find("\n", position)
            position = len(source) if newline < 0 else newline
        else:
            string = _TOML_STRING.match(source, position)
            if not string:
                raise EditError("the array holds something other than strings")
            spans.append(_toml_span(block, string.start(), string.end()))
            position = string.end()
    raise EditError("the array is never closed")


# ---- writing values ----

DOUBLE = '"'
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .()/'’&-]*$")


def quoted(value: str, style: str) -> str:
    """`value` written as a YAML or TOML scalar in the given style, if that style can hold it."""
    if style == "plain":
        if _PLAIN_SAFE.match(value) and not value.endswith(" ") and value.lower() not in ("true", "false", "null", "yes", "no"):
            return value
        style = '"'
    if style == "toml'" and "'" not in value and "\n" not in value:
        return "'" + value + "'"
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted and TOML basic string


def replace_items(text: str, spans: list[Span], replacements: dict[int, str]) -> str:
    """`text` with span number i replaced by replacements[i] (already written as YAML or TOML)."""
    for index in sorted(replacements, key=lambda i: spans[i].start, reverse=True):
        span = spans[index]
        text = text[: span.start] + replacements[index] + text[span.end :]
    return text


def rewrite_in_commas(span: Span, old_names: set[str], new: str, text: str) -> str | None:
    """A comma-separated text value ("a, b") with the items in `old_names` (casefolded) made
    `new`, written in the span's own style; None if no item matched."""
    raw = text[span.start : span.end]
    inner = raw[1:-1] if span.style != "plain" else raw
    if span.style != "plain" and inner != span.value:
        raise EditError("a comma-separated value with escapes cannot be rewritten in place; write it as a list")
    parts = inner.split(",")
    changed = False
    for index, part in enumerate(parts):
        if " ".join(part.split()).casefold() in old_names:
            if "," in new:
                raise EditError("a name with a comma cannot go into a comma-separated value")
            lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()) :]
            parts[index] = lead + new + trail
            changed = True
    if not changed:
        return None
    joined = ",".join(parts)
    if span.style == "plain":
        written = joined if _PLAIN_SAFE.match(joined.replace(",", "")) else json.dumps(joined, ensure_ascii=False)
    else:
        written = quoted(joined, span.style)
    return text[: span.start] + written + text[span.end :]


def add_to_list(block: Block, key: str, value: str) -> str:
    """The file's text with `value` added to the list under `key` (made if absent)."""
    text = block.text
    if block.toml:
        kind, _ = _toml_spans(block, key)
        written = json.dumps(value, ensure_ascii=False)
        if kind == "absent":
            return text[: block.end] + f"{key} = [{written}]{block.newline}" + text[block.end :]
        if kind != "list":
            raise EditError(f'"{key}" is not an array')
        match = re.search(_TOML_KEY.format(key=re.escape(key)), block.source, re.MULTILINE)
        spans, closing = _toml_array(block, match.end())
        at = block.start + closing
        return text[:at] + (", " if spans else "") + written + text[at:]
    _, node = _yaml_entry(block, key)
    if node is None:
        return text[: block.end] + f"{key}: [{quoted(value, DOUBLE)}]{block.newline}" + text[block.end :]
    if not isinstance(node, yaml.SequenceNode):
        raise EditError(f'"{key}" is not a list')
    if node.flow_style:
        at = block.start + node.end_mark.index - 1  # the closing ]
        return text[:at] + (", " if node.value else "") + quoted(value, DOUBLE) + text[at:]
    last = node.value[-1]
    at = block.start + last.end_mark.index
    indent = " " * max(0, last.start_mark.column - 2)
    return text[:at] + f"{block.newline}{indent}- {quoted(value, 'plain')}" + text[at:]

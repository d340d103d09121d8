"""Split a Markdown file into front matter and body; load YAML (safely) or TOML with real lines.

Reading goes through PyYAML and tomllib directly rather than python-frontmatter's `loads`,
because that one silently returns empty metadata for an unclosed block, a BOM, a list, or
`+++` without the old `toml` package: each of those must be a reported problem here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

import yaml

try:  # the C loader is the same grammar, several times faster
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

DELIMITERS = {"---": "YAML", "+++": "TOML"}


class _Loader(_BaseLoader):
    """Safe YAML where only true/false are booleans (YAML 1.2), so `department: no` stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class ImpossibleDate(str):
    """A value shaped like a date that is not one (2024-02-30): kept as text for the field check."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return ImpossibleDate(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    data: dict
    body: str
    body_line: int  # the file line the body starts on
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> file line
    raw_scalars: dict[str, str] = field(default_factory=dict)  # top-level key -> text as written
    # top-level key holding a list -> each item's (line, {its keys -> their lines}), for messages about one item
    item_lines: dict[str, tuple[tuple[int, dict[str, int]], ...]] = field(default_factory=dict)


class FrontMatterError(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def split(text: str) -> FrontMatter:
    """Parse the front matter of `text` (already decoded, LF line ends). Raises FrontMatterError."""
    lines = text.split("\n")
    opening = lines[0].strip()
    if opening not in DELIMITERS:
        raise FrontMatterError("has no front matter: the file must start with a line of --- (YAML) or +++ (TOML)", 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() == opening:
            break
    else:
        raise FrontMatterError(f"front matter opened with {opening} on line 1 is never closed with {opening}", 1)
    block = "\n".join(lines[1:index])
    body = "\n".join(lines[index + 1 :])
    if opening == "---":
        data, key_lines, raw, items = _load_yaml(block)
    else:
        data, key_lines, raw, items = _load_toml(block)
    return FrontMatter(data=data, body=body, body_line=index + 2, key_lines=key_lines, raw_scalars=raw, item_lines=items)


def _load_yaml(block: str) -> tuple[dict, dict[str, int], dict[str, str], dict]:
    loader = _Loader(block)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}, {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(f"front matter must be a set of `key: value` lines, not a {_node_kind(node)}", 2)
        _reject_aliases(node)
        key_lines, raw, items = {}, {}, {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_lines[key_node.value] = key_node.start_mark.line + 2
                if isinstance(value_node, yaml.ScalarNode):
                    raw[key_node.value] = value_node.value
                elif isinstance(value_node, yaml.SequenceNode):
                    items[key_node.value] = tuple(_yaml_item_lines(item) for item in value_node.value)
        return loader.construct_document(node), key_lines, raw, items
    except yaml.MarkedYAMLError as exc:
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc.problem):
            message = f"YAML tag not allowed here ({exc.problem}); front matter holds plain values only"
            mark = exc.problem_mark or exc.context_mark
            raise FrontMatterError(message, mark.line + 2 if mark else None) from None
        line = yaml_error_line(block, exc)
        raise FrontMatterError(f"invalid YAML: {exc.problem or exc.context}", line + 1 if line else None) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _yaml_item_lines(item: yaml.Node) -> tuple[int, dict[str, int]]:
    keys = {}
    if isinstance(item, yaml.MappingNode):
        keys = {key.value: key.start_mark.line + 2 for key, _ in item.value if isinstance(key, yaml.ScalarNode)}
    return item.start_mark.line + 2, keys


def _node_kind(node: yaml.Node) -> str:
    return "list" if isinstance(node, yaml.SequenceNode) else "single value"


def _reject_aliases(root: yaml.Node) -> None:
    # The composer makes an alias the very same node object; seeing one twice means an alias.
    # Aliases can expand exponentially ("billion laughs"), and front matter never needs them.
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise FrontMatterError("YAML aliases (*name) are not allowed in front matter", node.start_mark.line + 2)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _load_toml(block: str) -> tuple[dict, dict[str, int], dict[str, str], dict]:
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        reason = re.sub(r" \(at (line|end).*", "", str(exc))
        raise FrontMatterError(f"invalid TOML: {reason}", toml_error_line(block, exc) + 1) from None
    key_lines: dict[str, int] = {}
    items: dict[str, list[tuple[int, dict[str, int]]]] = {}
    item_keys: dict[str, int] | None = None  # the keys of the [[table]] being read
    for number, line in enumerate(block.split("\n"), start=2):
        if header := re.match(r"\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]", line):  # an item of a list of tables
            key_lines.setdefault(header.group(1), number)
            item_keys = {}
            items.setdefault(header.group(1), []).append((number, item_keys))
            continue
        match = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)
        if match and item_keys is not None:
            item_keys.setdefault(match.group(1), number)
        elif match and match.group(1) not in key_lines:
            key_lines[match.group(1)] = number
    return data, key_lines, {}, {key: tuple(found) for key, found in items.items()}


# Where a mistake is. The parsers say where they noticed it, which is often later: an unclosed
# quote or bracket is noticed lines after it, at a key that cannot be one; a block mapping's
# error names the line it began on. When a parser fails, these look for the shapes of the
# usual mistakes first, each on the line that holds it.
_TAB_IN_INDENT = re.compile(r"^ *\t")
_VALUE = re.compile(r"^\s*(?:-\s+|[^:#\s][^:#]*:\s+)(.*)$")  # what follows "key: " or "- "
_TOML_VALUE = re.compile(r"^\s*[A-Za-z0-9_.\"'-]+\s*=\s*(.*)$")


def yaml_error_line(block: str, exc: yaml.MarkedYAMLError) -> int | None:
    """The line (1-based, within `block`) of the mistake that made YAML fail."""
    lines = block.split("\n")
    first = next((n for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")), None)
    for number, line in enumerate(lines, 1):
        if _TAB_IN_INDENT.match(line) or (number == first and line[:1] == " "):
            return number
        value = _VALUE.match(line)
        if value and _left_open(value.group(1)):
            return number
    if exc.context_mark and exc.context and exc.context.startswith(("while scanning a quoted", "while parsing a flow")):
        return exc.context_mark.line + 1
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark else None


def toml_error_line(text: str, exc: tomllib.TOMLDecodeError) -> int:
    """The line (1-based) of the mistake that made TOML fail."""
    match = re.search(r"at line (\d+)", str(exc))
    # Without a line number the error is "at end of document": the text's last line.
    noticed = int(match.group(1)) if match else text.rstrip("\n").count("\n") + 1
    if "Unclosed" in str(exc):  # an array or table left open is noticed at the next key
        lines = text.split("\n")
        for number in range(min(noticed, len(lines)), 0, -1):
            value = _TOML_VALUE.match(lines[number - 1])
            if value and _left_open(value.group(1)):
                return number
    return noticed


def _left_open(value: str) -> bool:
    """Whether a value opens a quote, [ or { that the same line does not close."""
    value = value.strip()
    if value[:1] in ("'", '"'):
        quote = value[0]
        rest = value[1:].replace("\\\\", "").replace(f"\\{quote}", "") if quote == '"' else value[1:].replace("''", "")
        return quote not in rest
    if value[:1] in ("[", "{"):
        depth = 0
        for char in re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', "", value):
            depth += char in "[{"
            depth -= char in "]}"
        return depth > 0
    return False

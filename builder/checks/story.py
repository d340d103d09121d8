"""One story's content checks: personal data in its title, summary and body, the accessibility of
its body, and text `beat new` wrote that was never replaced. Run by the parser, per story, so
their findings are remembered with the story and an edit checks only the story edited.

An editor silences a rule for one story with a reason, in its front matter:
`allow: [{rule: phone-number, reason: "the department's public front desk"}]`.
"""

from __future__ import annotations

import difflib
import itertools
from collections import Counter

from builder.checks import access, personal
from builder.checks.rules import RULES, finding
from builder.checks.text import Hit, Text, prose, without_comments
from builder.frontmatter import FrontMatter
from builder.problems import Problem, error
from builder.scaffold import BODY, PLACEHOLDERS

ALLOW_KEY = "allow"
MAX_HITS = 200  # looked at of one check in one text: past this the count is "more than"
MAX_PER_RULE = 20  # findings of one rule in one text reported; then one line says how many more
_BODY_START = BODY.split(". ")[0]  # "Write the story here"


def story_findings(path: str, source_text: str, front: FrontMatter, *, draft: bool, region: str) -> list[Problem]:
    """Every finding of the content checks for one story, less the rules its front matter allows."""
    allowed, problems = read_allow(path, front)
    found: list[Problem] = []
    for text in _front_texts(source_text, front):
        found += _located(path, text, _personal_hits(prose(text.text), region))
    body = Text(without_comments(front.body), front.body_line)
    spoken = prose(front.body)
    found += _located(path, Text(spoken, front.body_line), _personal_hits(spoken, region))
    structure = access.code_free(body.text)
    checks = (access.image_problems(structure), access.heading_problems(structure), access.link_problems(structure))
    hits = [hit for check in checks for hit in itertools.islice(check, MAX_HITS)]
    found += _located(path, body, hits)
    found += _front_image_alt(path, front)
    if not draft:
        found += _placeholders(path, front, body)
    unique = {(p.rule, p.line, p.message): p for p in found if p.rule not in allowed}
    return problems + list(unique.values())


def _personal_hits(text: str, region: str) -> list[Hit]:
    checks = (
        personal.phone_numbers(text, region),
        personal.email_addresses(text),
        personal.street_addresses(text),
        personal.licence_plates(text),
        personal.dates_of_birth(text),
        personal.minor_names(text),
    )
    return [hit for check in checks for hit in itertools.islice(check, MAX_HITS)]


def _located(path: str, text: Text, hits: list[Hit]) -> list[Problem]:
    counts = Counter(hit.rule for hit in hits)
    kept: Counter[str] = Counter()
    shown = []
    for hit in sorted(hits, key=lambda h: h.offset):
        kept[hit.rule] += 1
        if kept[hit.rule] <= MAX_PER_RULE:
            shown.append(hit)
    lines = text.lines_at([hit.offset for hit in shown])
    found = [finding(hit.rule, path, line, hit.what) for hit, line in zip(shown, lines, strict=True)]
    for rule, count in counts.items():
        if count > MAX_PER_RULE:
            last = max(p.line or 0 for p in found if p.rule == rule)
            more = f"{count - MAX_PER_RULE:,}" if count < MAX_HITS else f"more than {MAX_HITS - MAX_PER_RULE:,}"
            found.append(finding(rule, path, last, f"and {more} more like these"))
    return found


def _front_texts(source_text: str, front: FrontMatter) -> list[Text]:
    """The title's and the summary's lines as written in the front matter (a summary may fold
    over several lines), with the key itself blanked."""
    lines = source_text.split("\n")
    starts = sorted(front.key_lines.values())
    texts = []
    for key in ("title", "summary"):
        first = front.key_lines.get(key)
        if first is None or not isinstance(front.data.get(key), str):
            continue
        following = [line for line in starts if line > first]
        end = following[0] if following else front.body_line - 1  # the closing --- or +++
        segment = "\n".join(lines[first - 1 : end - 1])
        segment = segment.replace(key, " " * len(key), 1)
        texts.append(Text(segment, first))
    return texts


def _placeholders(path: str, front: FrontMatter, body: Text) -> list[Problem]:
    """The example text `beat new` writes, still there in a story about to be published."""
    found = [
        finding("placeholder-text", path, front.key_lines.get(key), f'"{key}" still holds the example `beat new` wrote')
        for key, example in PLACEHOLDERS.items()
        if isinstance(front.data.get(key), str) and " ".join(front.data[key].split()) == example
    ]
    if (at := body.text.find(_BODY_START)) >= 0:
        found.append(finding("placeholder-text", path, body.line_at(at), "the story still holds the text `beat new` wrote"))
    return found


def _front_image_alt(path: str, front: FrontMatter) -> list[Problem]:
    image, alt = front.data.get("image"), front.data.get("image_alt")
    if isinstance(image, str) and isinstance(alt, str) and alt.strip() and access.is_file_name(alt.strip(), image):
        line = front.key_lines.get("image_alt")
        return [finding("image-alt-filename", path, line, f'"image_alt" of "{image}" is its file name, "{alt.strip()}"')]
    return []


def read_allow(path: str, front: FrontMatter) -> tuple[set[str], list[Problem]]:
    """The rules the story's `allow` list silences, and a problem for each entry that is not
    a known rule with a reason."""
    value = front.data.get(ALLOW_KEY)
    line = front.key_lines.get(ALLOW_KEY)
    if value is None:
        return set(), []
    entries = [value] if isinstance(value, dict) else value
    if not isinstance(entries, list):
        return set(), [error(path, _ALLOW_SHAPE, line)]
    allowed: set[str] = set()
    problems: list[Problem] = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str):
            problems.append(error(path, _ALLOW_SHAPE, line))
            continue
        rule, reason = entry["rule"].strip(), entry.get("reason")
        unknown = set(entry) - {"rule", "reason"}
        if rule not in RULES:
            hint = difflib.get_close_matches(rule, RULES, n=1)
            suggestion = f'; did you mean "{hint[0]}"?' if hint else f"; the rules are {', '.join(RULES)}"
            problems.append(error(path, f'"allow" names an unknown rule "{rule}"{suggestion}', line))
        elif not isinstance(reason, str) or not reason.strip():
            problems.append(
                error(path, f'"allow" for {rule} needs a reason: {{rule: {rule}, reason: "why it may be published"}}', line)
            )
        elif unknown:
            problems.append(
                error(path, f'"allow" entries hold only rule and reason, not {", ".join(sorted(map(str, unknown)))}', line)
            )
        else:
            allowed.add(rule)
    return allowed, problems


_ALLOW_SHAPE = '"allow" must be a list of {rule: ..., reason: "..."}, like allow: [{rule: phone-number, reason: "a public line"}]'

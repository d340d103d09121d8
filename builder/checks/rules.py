"""Every content check's rule id, its default severity and how to fix what it finds: the one place.

A rule id is what an editor writes to silence a finding in a story's front matter
(`allow: [{rule: phone-number, reason: "..."}]`) and what `site.toml` `[checks]` sets to
`error`, `warning` or `off`. A check elsewhere may add its own rules here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from builder.problems import Problem, Severity


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    level: Level  # the default; site.toml [checks] may change it
    fix: str  # what the editor can do, said after each finding


_SILENCE = 'or, if it may be published, add `allow: [{rule: %s, reason: "why"}]` to the front matter'

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("phone-number", Level.WARNING, "remove it or point readers to the department's public line, " + _SILENCE),
        Rule("email-address", Level.WARNING, "remove it or use the department's public address, " + _SILENCE),
        Rule(
            "street-address", Level.WARNING, 'name the block or the street instead ("the 400 block of Elm Street"), ' + _SILENCE
        ),
        Rule("license-plate", Level.WARNING, "leave the plate number out, " + _SILENCE),
        Rule("date-of-birth", Level.WARNING, "give an age or leave it out, " + _SILENCE),
        Rule("minor-name", Level.WARNING, "use the young person's first name only, or no name, " + _SILENCE),
        Rule(
            "image-alt-missing",
            Level.ERROR,
            "write what the picture shows between the brackets: ![A girl on a red bike](/media/bike.jpg)",
        ),
        Rule("image-alt-filename", Level.WARNING, "describe what the picture shows for readers who cannot see it"),
        Rule("heading-skip", Level.WARNING, "use the next level down (## for a section, ### inside it), without skipping one"),
        Rule("heading-level-one", Level.WARNING, "the story's title is its only level-one heading: start sections at ##"),
        Rule(
            "link-text",
            Level.WARNING,
            'make the link\'s words say where it goes: [the bike rodeo schedule](...) rather than "click here" or an address',
        ),
        Rule("placeholder-text", Level.ERROR, "replace the text `beat new` wrote with the story, or keep `draft: true`"),
    )
}


def finding(rule_id: str, path: str, line: int | None, what: str) -> Problem:
    """A check's finding as a problem with its rule's default severity and its fix; `[checks]`
    in site.toml may change the severity later (see policy.apply_policy)."""
    rule = RULES[rule_id]
    severity = Severity.ERROR if rule.level is Level.ERROR else Severity.WARNING
    fix = rule.fix % rule_id if "%s" in rule.fix else rule.fix
    return Problem(path, line, f"{what}: {fix}", severity, rule=rule_id)

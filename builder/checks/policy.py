"""`site.toml` `[checks]`: each rule set to error, warning or off for the whole site.

    [checks]
    phone-number = "error"
    heading-skip = "off"

Applied to the problems of a whole build (after every stage), so a changed setting never needs
a story parsed again: findings are remembered with their rule's default severity.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from builder.checks.rules import RULES, Level
from builder.problems import Problem, Severity, error

CONFIG_FILE = "site.toml"
SECTION = "checks"


@dataclass(frozen=True, slots=True)
class CheckPolicy:
    levels: tuple[tuple[str, Level], ...] = ()  # rule id -> level, only where site.toml sets one


def load_policy(site_dir: Path) -> tuple[CheckPolicy, list[Problem]]:
    """The [checks] table of site.toml; problems (at their line) for unknown rules and levels.
    A site.toml that cannot be read is config.py's to report."""
    try:
        text = (site_dir / CONFIG_FILE).read_text(encoding="utf-8-sig")
        table = tomllib.loads(text).get(SECTION)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return CheckPolicy(), []
    if table is None:
        return CheckPolicy(), []
    if not isinstance(table, dict):
        return CheckPolicy(), [error(CONFIG_FILE, f"[{SECTION}] must be a table of rule = level lines", _line_of(text, SECTION))]
    levels, problems = [], []
    choices = ", ".join(f'"{level}"' for level in Level)
    for rule, value in table.items():
        line = _line_of(text, rule)
        if rule not in RULES:
            problems.append(error(CONFIG_FILE, f'[{SECTION}]: unknown rule "{rule}"; the rules are {", ".join(RULES)}', line))
        elif value not in {level.value for level in Level}:
            problems.append(error(CONFIG_FILE, f"[{SECTION}] {rule} must be {choices}, not {value!r}", line))
        else:
            levels.append((rule, Level(value)))
    return CheckPolicy(tuple(sorted(levels))), problems


def _line_of(text: str, key: str) -> int | None:
    """The line a key of the [checks] table (or the table itself) is written on."""
    in_section = False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if key == SECTION and re.match(rf"\[\s*{SECTION}\s*\]", stripped):
                return number
            in_section = bool(re.match(rf"\[\s*{SECTION}\s*\]", stripped))
        else:
            wanted = in_section != (key == SECTION)  # a rule inside [checks], or `checks = ...` outside any table
            if wanted and re.match(rf"""["']?{re.escape(key)}["']?\s*=""", stripped):
                return number
    return None


def apply_policy(problems: Iterable[Problem], policy: CheckPolicy) -> list[Problem]:
    """The problems with each rule's severity as site.toml sets it; a rule set to off is dropped."""
    levels = dict(policy.levels)
    result = []
    for problem in problems:
        level = levels.get(problem.rule) if problem.rule else None
        if level is None:
            result.append(problem)
        elif level is not Level.OFF:
            result.append(replace(problem, severity=Severity.ERROR if level is Level.ERROR else Severity.WARNING))
    return result

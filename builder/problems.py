"""Content problems as values: every stage returns them beside its results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # relative to the site, POSIX separators
    line: int | None
    message: str
    severity: Severity = Severity.ERROR
    rule: str = ""  # a content check's rule id (builder/checks/rules.py), which site.toml [checks] and `allow` name

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        named = f" [{self.rule}]" if self.rule else ""
        return f"{where}: {self.severity}: {self.message}{named}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str, message: str, line: int | None = None) -> Problem:
    return Problem(path, line, message, Severity.ERROR)


def warning(path: str, message: str, line: int | None = None) -> Problem:
    return Problem(path, line, message, Severity.WARNING)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable report order: by file, then line, then message; duplicates dropped."""
    unique = set(problems)
    return sorted(unique, key=lambda p: (p.path, p.line or 0, p.severity != Severity.ERROR, p.message))


def has_errors(problems: Iterable[Problem], *, strict: bool = False) -> bool:
    return any(p.is_error or strict for p in problems)


DRAFT_NOTE = "; the story is a draft, so this does not stop the build: fix it before publishing the story"


def held_back(problems: Iterable[Problem], drafts: frozenset[str]) -> list[Problem]:
    """The errors of draft stories as warnings, for a build that publishes no drafts: nothing of
    a draft reaches readers, so an unfinished one (a `beat new` story still without its
    department) must not stop the rest of the archive from being published. `--drafts` keeps
    them errors, and `--strict` fails on them as on every warning."""
    return [
        replace(problem, severity=Severity.WARNING, message=problem.message + DRAFT_NOTE)
        if problem.is_error and problem.path in drafts
        else problem
        for problem in problems
    ]

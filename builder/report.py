"""`beat report`: the state of the whole archive, from one build's result (pure; the clock is passed in).

`archive_report` gathers it into plain values; `as_json` (its schema is docs/report.schema.json)
and `as_github` (GitHub Actions annotations) write it; reportpage.py makes the HTML page the
command writes and the preview serves at /_beat/report/.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from builder.model import Card
from builder.problems import Problem
from builder.terms import Term, near_pairs

if TYPE_CHECKING:
    from builder.pipeline import BuildResult

REPORT_VERSION = 1
QUIET_DAYS = 365  # a department with no story for this long is listed as quiet


@dataclass(frozen=True, slots=True)
class Finding:
    line: int | None
    severity: str  # "error" or "warning"
    message: str
    rule: str = ""  # a content check's rule id (builder/checks/rules.py); "" for other problems


@dataclass(frozen=True, slots=True)
class FileProblems:
    path: str
    problems: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class StoryRef:
    path: str
    title: str
    date: str  # ISO 8601 with offset


@dataclass(frozen=True, slots=True)
class Missing:
    path: str
    title: str
    lacks: tuple[str, ...]  # of "picture", "summary", "source"


@dataclass(frozen=True, slots=True)
class TermRef:
    kind: str  # "department" or "tag"
    name: str
    slug: str
    stories: int
    profile: str  # its path, "" if none


@dataclass(frozen=True, slots=True)
class LookAlike:
    kind: str
    first: str
    second: str
    similarity: int  # percent


@dataclass(frozen=True, slots=True)
class QuietDepartment:
    name: str
    slug: str
    last_story: str  # ISO date of its newest story, "" if it has none


@dataclass(frozen=True, slots=True)
class Month:
    month: str  # "2026-01"
    stories: int


@dataclass(frozen=True, slots=True)
class ArchiveReport:
    version: int
    title: str
    generated: str  # ISO 8601
    errors: int
    warnings: int
    problems: tuple[FileProblems, ...]  # by path
    drafts: tuple[StoryRef, ...]
    scheduled: tuple[StoryRef, ...]
    missing: tuple[Missing, ...]
    singleton_tags: tuple[TermRef, ...]
    look_alike_names: tuple[LookAlike, ...]
    departments_without_profile: tuple[TermRef, ...]
    quiet_departments: tuple[QuietDepartment, ...]
    stories_per_month: tuple[Month, ...]


def archive_report(title: str, problems: list[Problem], stories: tuple[Card, ...], vocabulary, now: datetime) -> ArchiveReport:
    """The report of an archive: `stories` are all of them (drafts and scheduled too), `vocabulary`
    the guard's (terms.Vocabulary), `now` the moment that decides what is scheduled."""
    by_path: dict[str, list[Finding]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(Finding(problem.line, str(problem.severity), problem.message, problem.rule))
    ordered = sorted(stories, key=lambda s: (s.date, s.path))
    drafts = tuple(_ref(s) for s in ordered if s.draft)
    scheduled = tuple(_ref(s) for s in ordered if not s.draft and s.date > now)
    live = [s for s in ordered if not s.draft and s.date <= now]
    missing = tuple(Missing(s.path, s.title, lacks) for s in sorted(live, key=lambda s: s.path) if (lacks := _lacks(s)))
    tags = vocabulary.tags if vocabulary else ()
    departments = vocabulary.departments if vocabulary else ()
    look_alikes = tuple(
        LookAlike(pair.first.kind, pair.first.name, pair.second.name, round(pair.score))
        for terms in (departments, tags)
        for pair in near_pairs(terms)
    )
    return ArchiveReport(
        version=REPORT_VERSION,
        title=title,
        generated=now.isoformat(),
        errors=sum(p.is_error for p in problems),
        warnings=sum(not p.is_error for p in problems),
        problems=tuple(FileProblems(path, tuple(found)) for path, found in sorted(by_path.items())),
        drafts=drafts,
        scheduled=scheduled,
        missing=missing,
        singleton_tags=tuple(_term_ref(t) for t in tags if t.count == 1),
        look_alike_names=look_alikes,
        departments_without_profile=tuple(_term_ref(t) for t in departments if not t.profile and t.count),
        quiet_departments=_quiet(departments, {s.path: s for s in live}, now),
        stories_per_month=_months(live),
    )


def _ref(story: Card) -> StoryRef:
    return StoryRef(story.path, story.title, story.date.isoformat())


def _lacks(story: Card) -> tuple[str, ...]:
    lacks = []
    if not story.image:
        lacks.append("picture")
    if story.line_of("summary") is None:  # Card.summary falls back to an excerpt: was one written?
        lacks.append("summary")
    if not story.sources:
        lacks.append("source")
    return tuple(lacks)


def _term_ref(term: Term) -> TermRef:
    return TermRef(term.kind, term.name, term.slug, term.count, term.profile)


def _quiet(departments, live: dict[str, Card], now: datetime) -> tuple[QuietDepartment, ...]:
    quiet = []
    for term in departments:
        dates = [live[use.path].date for use in term.uses if use.path in live]
        newest = max(dates, default=None)
        if newest is None or now - newest > timedelta(days=QUIET_DAYS):
            quiet.append(QuietDepartment(term.name, term.slug, newest.date().isoformat() if newest else ""))
    return tuple(quiet)


def _months(live: list[Card]) -> tuple[Month, ...]:
    """Every month from the first story's to the last one's, empty months too."""
    counts = Counter(story.date.strftime("%Y-%m") for story in live)
    if not counts:
        return ()
    year, month = map(int, min(counts).split("-"))
    last = max(counts)
    months = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append(Month(key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def as_json(report: ArchiveReport) -> str:
    return json.dumps(asdict(report), ensure_ascii=False, indent=2) + "\n"


def as_github(report: ArchiveReport) -> str:
    """GitHub Actions workflow commands: one annotation a problem, on its file and line."""
    lines = []
    for entry in report.problems:
        for finding in entry.problems:
            where = f"file={_property(entry.path)}" + (f",line={finding.line}" if finding.line else "")
            lines.append(f"::{finding.severity} {where}::{_data(finding.message)}")
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    # The escapes GitHub's runner reads back (actions/toolkit, command.ts: escapeData / escapeProperty).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def from_build(result: BuildResult, now: datetime) -> ArchiveReport:
    """The report of what a build (or check) found."""
    title = result.config.title if result.config else ""
    stories = result.content.stories if result.content else ()
    vocabulary = result.review.vocabulary if result.review else None
    return archive_report(title, result.problems, stories, vocabulary, now)

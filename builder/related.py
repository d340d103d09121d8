"""Related stories: for each published story, 3 to 5 others its reader may want next.

The score of a candidate is what it shares with the story, each shared term weighted by its
rarity (log(1 + stories / stories with the term): a tag on 5 stories says more than one on
5,000), the department counting as one more term; times a nearness in time, from 1 (the same
day) down towards 1/2 (years apart): (1 + 1 / (1 + years apart)) / 2.

Ties (equal scores) go to the story nearer in time, then the newer, then the
slug in alphabetical order: the order of the archive. Stories pinned with `related:` come
first, in their order. A story sharing nothing with enough others is given the stories nearest
to it in time, so every page shows at least 3 (when the archive has that many).

No pair of stories is compared unless they share a term, and within a term's stories only the
CANDIDATES_PER_TERM nearest in time are looked at: the work grows with the archive, not with
its square (benchmarks/related.py).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from builder.model import Card
from builder.problems import Problem, error, warning

MOST = 5
LEAST = 3
CANDIDATES_PER_TERM = 16  # of a term's stories, the ones nearest in time to the story looked at
SECONDS_A_YEAR = 365.25 * 86400


class Candidate(NamedTuple):
    """What relating reads of one published story: plain values only, so a memory can tell
    cheaply that nothing it reads changed (an edit to a story's text changes none of them)."""

    slug: str
    path: str
    moment: float  # the date, in years
    terms: tuple[tuple[str, str], ...]  # ("department", slug), then ("tag", slug) for each tag
    pins: tuple[str, ...]  # its `related:` slugs
    pins_line: int | None  # the line of `related:`, for problems with the pins


def candidates(
    stories: Sequence[Card],
    department_of: Mapping[str, str],
    tags_of: Mapping[str, Sequence[str]],
    pins: Mapping[str, Sequence[str]],
) -> tuple[tuple, ...]:
    """The published stories (newest first) as relate() reads them, each a plain tuple of a
    Candidate's fields (a memory tells a named tuple from an earlier one several times slower:
    pickle calls Python code for each); `pins`: by story file."""
    return tuple(
        [
            (
                story.slug,
                story.path,
                story.date.timestamp() / SECONDS_A_YEAR,
                (("department", department_of[story.slug]), *[("tag", tag) for tag in tags_of[story.slug]]),
                tuple(pins.get(story.path, ())),
                story.line_of("related") if story.path in pins else None,
            )
            for story in stories
        ]
    )


def relate(rows: Sequence[tuple], known: tuple[str, ...]) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """Story slug -> related story slugs, for the stories `candidates()` gives (published,
    newest first); the problems of their `related:` pins (`known`: every story's slug,
    published or not)."""
    stories = [Candidate._make(row) for row in rows]
    terms_of: list[list[tuple[tuple[str, str], int]]] = []  # per story: (term, its place in the term's stories)
    postings: dict[tuple[str, str], list[int]] = {}  # term -> stories (by index), newest first
    for index, story in enumerate(stories):
        mine = []
        for term in story.terms:
            posting = postings.setdefault(term, [])
            mine.append((term, len(posting)))
            posting.append(index)
        terms_of.append(mine)
    total = len(stories)
    weight = {term: math.log(1 + total / len(posting)) for term, posting in postings.items()}
    moments = [story.moment for story in stories]  # in years
    place = {story.slug: index for index, story in enumerate(stories)}
    every_slug = frozenset(known)
    half = CANDIDATES_PER_TERM // 2

    related: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for index, story in enumerate(stories):
        chosen = _pinned(story, place, every_slug, problems) if story.pins else []
        shared: dict[int, float] = {}
        for term, at in terms_of[index]:
            posting = postings[term]
            if len(posting) == 1:
                continue
            start = max(0, min(at - half, len(posting) - CANDIDATES_PER_TERM - 1))
            amount = weight[term]
            for other in posting[start : start + CANDIDATES_PER_TERM + 1]:
                shared[other] = shared.get(other, 0.0) + amount
        shared.pop(index, None)
        for other in chosen:
            shared.pop(other, None)
        if len(chosen) < MOST:
            moment = moments[index]
            wanted = MOST - len(chosen)
            # Nearness at most halves a score: one below half the wanted-th best cannot be chosen.
            floor = sorted(shared.values(), reverse=True)[wanted - 1] / 2 if len(shared) > wanted else 0.0
            keyed = []
            for other, score in shared.items():  # the hot loop, inlined: (1 + nearness) orders as the docstring's rule
                if score >= floor:
                    gap = abs(moments[other] - moment)
                    keyed.append((-score * (1 + 1 / (1 + gap)), gap, other))
            chosen += [other for *_, other in heapq.nsmallest(wanted, keyed)]
        if len(chosen) < LEAST:
            chosen += _nearest(index, moments, set(chosen), LEAST - len(chosen))
        related[story.slug] = tuple(stories[other].slug for other in chosen)
    return related, problems


def _pinned(story: Candidate, place: Mapping[str, int], known: frozenset[str], problems: list[Problem]) -> list[int]:
    """The published stories `story` pins, in order (at most MOST); a problem for each pin that is no story."""
    line = story.pins_line
    chosen: list[int] = []
    for slug in story.pins:
        if slug == story.slug:
            problems.append(warning(story.path, f'related story "{slug}" is this story itself', line))
        elif slug not in known:
            problems.append(error(story.path, f'related story "{slug}" is not the slug of any story', line))
        elif slug in place:  # a draft or a story dated in the future is left out until it is published
            chosen.append(place[slug])
    if len(chosen) > MOST:
        problems.append(warning(story.path, f"{len(chosen)} related stories are pinned; only the first {MOST} are shown", line))
    return chosen[:MOST]


def _nearest(index: int, moments: Sequence[float], taken: set[int], wanted: int) -> list[int]:
    """Up to `wanted` stories nearest in time to story `index` and not `taken`; on a tie, the newer."""
    found: list[int] = []
    newer, older = index - 1, index + 1
    while len(found) < wanted and (newer >= 0 or older < len(moments)):
        before = moments[index] - moments[older] if older < len(moments) else math.inf
        after = moments[newer] - moments[index] if newer >= 0 else math.inf
        if after <= before:
            candidate, newer = newer, newer - 1
        else:
            candidate, older = older, older + 1
        if candidate not in taken:
            found.append(candidate)
    return found

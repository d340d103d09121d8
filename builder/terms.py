"""The archive's vocabulary: every department and tag, how many stories use it, and names that
look like misspellings of one another (the vocabulary guard, `beat terms`, `beat report`).

A stage after the index: pure, from the parsed Content and the config. Every story counts,
drafts and scheduled ones too, since the guard is for editors. Names are compared after
`normalised` (accents, case, punctuation and word order ignored; "PD", "Police Dept." and
"Police Department" one), by rapidfuzz's edit-distance ratio.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from builder.config import TermPolicy
from builder.model import Card, Content
from builder.problems import Problem, error, warning
from builder.slugs import make_slug

DEPARTMENT, TAG = "department", "tag"
KINDS = (DEPARTMENT, TAG)
CLOSE = 85.0  # rapidfuzz ratio (0-100) from which two normalised names are taken for one

# Words written in several ways, as one: applied to the normalised words, longest phrase first.
_SAME_WORDS = (
    (("police", "department"), ("pd",)),
    (("police", "dept"), ("pd",)),
    (("dept",), ("department",)),
    (("sheriffs", "office"), ("so",)),
    (("&",), ("and",)),
)
_NOT_WORD = re.compile(r"[^\w&]+")


def normalised(name: str) -> str:
    """A name as the guard compares it: "Sprinfield Police Dept." -> "pd sprinfield"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", plain.casefold().replace("'", "").replace("’", "")).replace("_", " ").split()
    for phrase, replacement in _SAME_WORDS:
        size = len(phrase)
        at = 0
        while at <= len(words) - size:
            if tuple(words[at : at + size]) == phrase:
                words[at : at + size] = replacement
            at += 1
    return " ".join(sorted(words))


class Use(NamedTuple):
    """A story's use of a term: the story, and the term as that story writes it."""

    story: Card
    spelling: str
    key: str  # "department" or "tags": the front-matter key it is written under

    @property
    def path(self) -> str:
        return self.story.path

    @property
    def line(self) -> int | None:  # looked up only for a message: most uses never need it
        return self.story.line_of(self.key)


@dataclass(frozen=True, slots=True)
class Term:
    kind: str  # DEPARTMENT or TAG
    slug: str
    name: str  # the profile's name (title), else the spelling most stories use
    uses: tuple[Use, ...]  # one per story, in path order
    profile: str = ""  # the profile's path, if it has one
    aliases: tuple[str, ...] = ()  # the profile's

    @property
    def count(self) -> int:
        return len(self.uses)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way the term is written: name, aliases, and as stories write it."""
        return tuple(dict.fromkeys([self.name, *self.aliases, *(use.spelling for use in self.uses)]))


@dataclass(frozen=True, slots=True)
class TermPair:
    first: Term
    second: Term
    score: float  # 0-100: how alike their closest spellings are, normalised


@dataclass(frozen=True, slots=True)
class Vocabulary:
    departments: tuple[Term, ...]  # sorted by slug
    tags: tuple[Term, ...]

    def of_kind(self, kind: str) -> tuple[Term, ...]:
        return self.departments if kind == DEPARTMENT else self.tags


def vocabulary(content: Content) -> Vocabulary:
    """Every department and tag of every story and profile, resolved the way the index resolves them."""
    stories = sorted(content.stories, key=lambda s: s.path)
    department_lookup = {}
    for profile in sorted(content.departments, key=lambda p: p.slug):
        for name in (profile.slug, profile.name, *profile.aliases):
            department_lookup.setdefault(name.casefold(), profile.slug)
            department_lookup.setdefault(make_slug(name), profile.slug)
    department_uses: dict[str, list[Use]] = defaultdict(list)
    resolved: dict[str, str] = {}  # a name -> its slug: an archive writes few names many times
    for story in stories:
        name = story.department_name
        if (slug := resolved.get(name)) is None:
            slug = department_lookup.get(name.casefold()) or department_lookup.get(make_slug(name)) or make_slug(name)
            resolved[name] = slug
        if slug:
            department_uses[slug].append(Use(story, name, "department"))
    departments = _terms(DEPARTMENT, department_uses, {p.slug: (p.name, p.path, p.aliases) for p in content.departments})

    tag_alias = {}
    for profile in sorted(content.tags, key=lambda p: p.slug):
        for alias in profile.aliases:
            tag_alias.setdefault(make_slug(alias), profile.slug)
    tag_uses: dict[str, list[Use]] = defaultdict(list)
    for story in stories:
        if not tag_alias or tag_alias.keys().isdisjoint(story.tags):  # the usual case: the slugs are the tags
            for name, slug in zip(story.tag_names, story.tags, strict=True):
                tag_uses[slug].append(Use(story, name, "tags"))
            continue
        seen = set()
        for name, slug in zip(story.tag_names, story.tags, strict=True):
            slug = tag_alias.get(slug, slug)
            if slug not in seen:
                seen.add(slug)
                tag_uses[slug].append(Use(story, name, "tags"))
    tags = _terms(TAG, tag_uses, {p.slug: (p.title, p.path, p.aliases) for p in content.tags})
    return Vocabulary(departments, tags)


def _terms(kind: str, uses: dict[str, list[Use]], profiles: dict[str, tuple[str, str, tuple[str, ...]]]) -> tuple[Term, ...]:
    terms = []
    for slug in sorted(set(uses) | set(profiles)):
        found = tuple(uses.get(slug, ()))
        if slug in profiles:
            name, path, aliases = profiles[slug]
            terms.append(Term(kind, slug, name, found, path, aliases))
        else:
            counts = Counter(map(itemgetter(1), found))  # the spellings
            name = min(counts, key=lambda spelling: (-counts[spelling], spelling))
            terms.append(Term(kind, slug, name, found))
    return tuple(terms)


class Matcher:
    """Every spelling of every term of one kind, normalised once, to find the closest to a name."""

    def __init__(self, terms: Iterable[Term]):
        self.keys: list[str] = []
        self.owner: list[Term] = []
        for term in terms:
            for spelling in dict.fromkeys(normalised(s) for s in term.spellings):
                self.keys.append(spelling)
                self.owner.append(term)

    def closest(self, term: Term, cutoff: float = CLOSE) -> tuple[Term, float] | None:
        """The other term closest to one of `term`'s spellings, if one is close enough; ties go to
        a term with a profile, then to the most used, then to the first by slug."""
        best: dict[str, tuple[float, Term]] = {}
        for spelling in dict.fromkeys(normalised(s) for s in term.spellings):
            for _, score, index in _close(spelling, self.keys, cutoff):
                other = self.owner[index]
                if other.slug != term.slug and score > best.get(other.slug, (-1.0, other))[0]:
                    best[other.slug] = (score, other)
        if not best:
            return None
        score, other = min(best.values(), key=lambda pair: (-pair[0], not pair[1].profile, -pair[1].count, pair[1].slug))
        return other, score


def _close(spelling: str, keys: list[str], cutoff: float) -> list[tuple[str, float, int]]:
    """Every key at least `cutoff` close to `spelling`: (key, score, index), as rapidfuzz gives them."""
    # Imported on the first name to match (15-20 ms): most builds have none, and an edit's rebuild counts.
    from rapidfuzz import fuzz, process

    return process.extract(spelling, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)


def near_pairs(terms: tuple[Term, ...], cutoff: float = CLOSE) -> list[TermPair]:
    """Every pair of terms of one kind that are close, each pair once, closest first."""
    matcher = Matcher(terms)
    pairs: dict[tuple[str, str], TermPair] = {}
    for term in terms:
        for spelling in dict.fromkeys(normalised(s) for s in term.spellings):
            for _, score, index in _close(spelling, matcher.keys, cutoff):
                other = matcher.owner[index]
                if other.slug == term.slug:
                    continue
                first, second = sorted((term, other), key=lambda t: t.slug)
                key = (first.slug, second.slug)
                if key not in pairs or pairs[key].score < score:
                    pairs[key] = TermPair(first, second, score)
    return sorted(pairs.values(), key=lambda p: (-p.score, p.first.slug, p.second.slug))


def term_problems(words: Vocabulary, policy: TermPolicy) -> list[Problem]:
    """The guard: a name no profile and no other story uses, close to a known one, is a warning
    with the suggestion; with `departments = "profiles"` (or tags), a name without a profile is an error."""
    problems = []
    for kind, rule in ((DEPARTMENT, policy.departments), (TAG, policy.tags)):
        terms = words.of_kind(kind)
        matcher = None
        for term in terms:
            if term.profile or (term.count != 1 and rule != "profiles"):
                continue
            matcher = matcher or Matcher(terms)
            match = matcher.closest(term)
            hint = f'; did you mean "{match[0].name}"?' if match else ""
            for use in term.uses:
                if rule == "profiles":
                    folder = "departments" if kind == DEPARTMENT else "tags"
                    message = f'{kind} "{use.spelling}" has no profile in content/{folder}/{hint or "; add content/" + folder + "/" + term.slug + ".md"}'
                    problems.append(error(use.path, message, use.line))
                elif match:
                    problems.append(warning(use.path, f'unknown {kind} "{use.spelling}"{hint}', use.line))
    return problems

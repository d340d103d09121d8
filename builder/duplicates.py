"""Near-duplicate stories: the same event filed twice, a syndicated copy, a reworded title.

Each story's text gets a MinHash signature when it is parsed (`signature`, a pure function of
the text, so the memory keeps it with the story's parse result); the index stage then finds
candidate pairs by LSH banding (stories that agree on every value of some band) without
comparing all pairs, and estimates each candidate's similarity from the two signatures.

The signature is one-permutation MinHash (Li, Owen and Zhang 2012): every shingle of five words
is hashed once (CRC-32: unlike Python's str hash, the same in every process, so a signature
remembered on disk compares with a fresh one) and falls into one of `SLOTS` bins by its low
bits; a bin keeps its smallest hash. An empty bin borrows the next full one's value (rotation
densification). A signature is a hex string of `SLOTS` 16-bit values: compact in the cache.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from operator import itemgetter

from builder.model import Card
from builder.problems import Problem, warning
from builder.slugs import make_slug

SHINGLE_WORDS = 5
SLOTS = 64  # values in a signature
BAND_ROWS = 3  # values a band holds: 21 bands find a pair of similarity 0.6 with probability 0.99, 0.45 with 0.87
HEX = 4  # hex digits a value
ANCHOR_LETTERS = 6
MIN_SHINGLES = 16  # fewer (a story of a few lines): too little text to call two stories the same

# A warning when the text's estimated similarity, plus what corroborates it, reaches THRESHOLD.
THRESHOLD = 0.6
BOOST = 0.1  # for each of: same department, dates within CLOSE_DATES, a shared source address
CLOSE_DATES = timedelta(days=14)

_SLOT_BITS = SLOTS - 1  # a shingle's bin: its hash's low bits
_EMPTY = 1 << 32  # above every CRC-32


def signature(text: str) -> str:
    """The MinHash signature of a story's visible text ("" if it is too short to compare)."""
    words = text.casefold().encode().split()
    last = len(words) - SHINGLE_WORDS
    # Shingles start only at words of ANCHOR_LETTERS or more: content words, chosen by the text
    # itself (so a reordered paragraph keeps its shingles), and a quarter of the hashing.
    hashes = {
        zlib.crc32(b" ".join(words[i : i + SHINGLE_WORDS]))
        for i, size in enumerate(map(len, words))
        if size >= ANCHOR_LETTERS and i <= last
    }
    if len(hashes) < MIN_SHINGLES:
        return ""
    descending = sorted(hashes, reverse=True)
    # dict() keeps the last value written for each bin: in descending order, the smallest.
    smallest = dict(zip(map(_SLOT_BITS.__and__, descending), descending, strict=True))
    values = [smallest.get(slot, _EMPTY) for slot in range(SLOTS)]
    for slot in range(SLOTS - 1, -1, -1):  # right to left, so a run of empty bins borrows one value
        if values[slot] == _EMPTY:
            values[slot] = values[(slot + 1) % SLOTS] if values[(slot + 1) % SLOTS] != _EMPTY else min(smallest.values())
    return "".join(f"{(value >> 6) & 0xFFFF:04x}" for value in values)


def similarity(first: str, second: str) -> float:
    """The share of signature values two signatures agree on: an estimate of the Jaccard
    similarity of the two texts' shingles."""
    count = min(len(first), len(second)) // HEX
    if not count:
        return 0.0
    same = sum(first[i : i + HEX] == second[i : i + HEX] for i in range(0, count * HEX, HEX))
    return same / count


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    first: Card  # the earlier story (by date, then path)
    second: Card
    text_similarity: float
    reasons: tuple[str, ...]  # what corroborates it: "same department", ...

    @property
    def score(self) -> float:
        return min(1.0, self.text_similarity + BOOST * len(self.reasons))


def candidate_pairs(stories: Sequence[Card]) -> set[tuple[int, int]]:
    """Index pairs of stories that agree on every value of at least one band.

    Every build bands every story (the signatures are remembered, so this is all an edit
    costs), in C-level steps: a dict of each band value's last story, and the set of stories
    that are not the last with their value (in an archive without copies, none)."""
    signatures = [story.signature for story in stories]
    everyone = set(range(len(signatures)))
    pairs: set[tuple[int, int]] = set()
    band = BAND_ROWS * HEX
    for start in range(0, (SLOTS // BAND_ROWS) * band, band):
        keys = list(map(itemgetter(slice(start, start + band)), signatures))
        last = dict(zip(keys, range(len(keys)), strict=True))
        if len(last) == len(keys):
            continue
        members: dict[str, set[int]] = defaultdict(set)
        for index in everyone.difference(last.values()):
            if keys[index]:
                members[keys[index]].update((index, last[keys[index]]))
        for group in members.values():
            ordered = sorted(group)
            pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    return pairs


def near_duplicates(stories: Iterable[Card], department_of: Mapping[str, str] | None = None) -> list[DuplicatePair]:
    """Pairs of stories whose texts are mostly the same, unless either says `not_duplicate_of` the other."""
    stories = [story for story in stories if len(story.signature) >= SLOTS * HEX]
    department_of = department_of or {}

    def department(story: Card) -> str:
        return department_of.get(story.slug) or make_slug(story.department_name)

    found = []
    for a, b in candidate_pairs(stories):
        first, second = sorted((stories[a], stories[b]), key=lambda s: (s.date, s.path))
        if first.slug in second.not_duplicate_of or second.slug in first.not_duplicate_of:
            continue
        reasons = []
        if department(first) == department(second):
            reasons.append("same department")
        if (apart := abs(second.date - first.date)) <= CLOSE_DATES:
            reasons.append(f"dated {apart.days} days apart" if apart.days else "dated the same day")
        if {c.url for c in first.sources} & {c.url for c in second.sources}:
            reasons.append("same source")
        pair = DuplicatePair(first, second, similarity(first.signature, second.signature), tuple(reasons))
        if pair.score >= THRESHOLD:
            found.append(pair)
    return sorted(found, key=lambda p: (p.second.path, p.first.path))


def duplicate_problems(pairs: Iterable[DuplicatePair]) -> list[Problem]:
    """A warning on the later story of each pair, naming the other file."""
    problems = []
    for pair in pairs:
        why = f"; {', '.join(pair.reasons)}" if pair.reasons else ""
        message = (
            f"may be the same story as {pair.first.path} (text {round(100 * pair.text_similarity)}% the same{why}); "
            f"if it is not, add `not_duplicate_of: [{pair.first.slug}]`"
        )
        problems.append(warning(pair.second.path, message, pair.second.line_of("title")))
    return problems

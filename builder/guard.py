"""Stage 3b, after the index: the editor's guard over the whole archive (pure, no clock).

The checks that need every story at once: names that look like misspellings of a known
department or tag (terms.py), and stories that look like the same event filed twice
(duplicates.py). What they found is kept beside the problems for `beat terms` and `beat report`.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder import duplicates, terms
from builder.config import TermPolicy
from builder.model import Content, Site
from builder.problems import Problem


@dataclass(frozen=True, slots=True)
class Review:
    vocabulary: terms.Vocabulary
    duplicates: tuple[duplicates.DuplicatePair, ...]


def review_archive(content: Content, site: Site, policy: TermPolicy) -> tuple[Review, list[Problem]]:
    """Every story is reviewed, drafts and scheduled ones too: they are the ones still being edited."""
    vocabulary = terms.vocabulary(content)
    pairs = tuple(duplicates.near_duplicates(content.stories, site.story_department))
    return Review(vocabulary, pairs), terms.term_problems(vocabulary, policy) + duplicates.duplicate_problems(pairs)

"""Stories' bodies, given back to their cards: the one service later stages ask for a body."""

from __future__ import annotations

from collections.abc import Iterable

from builder.model import Card, Story


class KnownBodies:
    """The bodies of stories parsed in this build."""

    def __init__(self, stories: Iterable[Story]):
        self._stories = {(story.path, story.digest): story for story in stories}

    def __call__(self, card: Card) -> Story:
        return self._stories[card.path, card.digest]

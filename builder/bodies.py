"""Stories' bodies, given back to their cards: the one service later stages ask for a body."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from builder import load, parse
from builder.config import SiteConfig
from builder.model import Card, OutOfStep, Story


class KnownBodies:
    """The bodies of stories parsed in this build."""

    def __init__(self, stories: Iterable[Story]):
        self._stories = {(story.path, story.digest): story for story in stories}

    def __call__(self, card: Card) -> Story:
        return self._stories[card.path, card.digest]


class RememberedBodies:
    """Stories' bodies for a build with memory (`incremental.Memory`: its `parsed` and `stored`).
    A story remembered on disk comes without its body (a rebuild shows few bodies: those of the
    pages and feeds it makes again), and gets it back here, once, when a page or feed needs it."""

    def __init__(self, memory: Any, settings: tuple, site_dir: Path, config: SiteConfig):
        self.memory = memory
        self.settings = settings
        self.site_dir = site_dir
        self.config = config

    def __call__(self, card: Card) -> Story:
        key = (card.path, card.digest, self.settings)
        result = self.memory.parsed.get(key)
        if result is not None and isinstance(result.item, Story):
            return result.item
        stored = self.memory.stored.get(key) if self.memory.stored is not None else None
        if stored is None or not isinstance(stored.item, Story):
            stored = self._parse_again(card)  # its shard on disk is missing or damaged
        self.memory.parsed[key] = stored  # saved in full, and not read again
        return stored.item

    def _parse_again(self, card: Card) -> parse.ParseResult:
        source, _ = load.read_markdown(self.site_dir / card.path, card.path)
        if source is not None and source.digest == card.digest:
            result = parse.parse_all([source], self.config, 1)[0]
            if isinstance(result.item, Story):
                return result
        raise OutOfStep(card.path)

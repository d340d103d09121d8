"""Cache keys derived from what an output is declared to be made of, never written by hand.

An output (a page, a feed, a search shard) declares its path, its kind (template) and `data`:
the values it is made from. Its key is a fingerprint of those, through `StandIns.of`, which
turns each value into a cheap, equal-if-and-only-if-equal stand-in:

- a story's card: a digest of every shown field of `Card` (model.card_key, made once by the
  parser), with the department and tags the story resolves to (templates reach them through
  `department_of` and `tags_of`);
- `Full(card)`, a story with its body: the same, with the source file's path and digest (the
  body is a function of the file and the config, and the config is in every key);
- departments, tags, pages and any other dataclass: their fields, recursively;
- tuples, lists and mappings: their items; plain values: themselves.

A value of any other type is an error, so new kinds of data cannot slip past the keys.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Hashable, Mapping
from typing import Any

from markupsafe import Markup

from builder.model import Card, Full, Site

_PLAIN = (str, int, float, bool, type(None), datetime.datetime, datetime.date, Markup, bytes)


def fingerprint(value: Hashable, *, stable: bool) -> Hashable:
    """A short stand-in for `value`. Python's hash() is fastest, but differs from one process
    to the next; a digest of the value's repr is the same in every run, for caches on disk.
    (The model's dataclasses and tuples have deterministic reprs.)"""
    if stable:
        return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()
    return hash(value)


class StandIns:
    """Stand-ins for the values of one indexed site, computed once per build."""

    def __init__(self, site: Site, *, stable: bool):
        self.stable = stable
        self._terms: dict[int, Hashable] = {}  # id of a Department or Tag -> its stand-in
        department = {slug: self._term(d) for slug, d in site.departments.items()}
        tag = {slug: self._term(t) for slug, t in site.tags.items()}
        self._links = {
            slug: (department[site.story_department[slug]], tuple(tag[t] for t in site.story_tags[slug]))
            for slug in site.story_department
        }

    def _term(self, term: Any) -> Hashable:
        key = fingerprint(self._fields(term), stable=self.stable)
        self._terms[id(term)] = key
        return key

    def key(self, scope: Hashable, kind: str, path: str, data: Any) -> Hashable:
        return fingerprint((scope, kind, path, self.of(data)), stable=self.stable)

    def of(self, value: Any) -> Hashable:
        if isinstance(value, _PLAIN):
            return value
        if isinstance(value, Full):
            card = value.card
            return ("full", card.key, card.path, card.digest, self._links.get(card.slug))
        if isinstance(value, Card):  # a Story given whole (a theme shows bodies in listings) counts as full
            body = (value.path, value.digest) if type(value) is not Card else None
            return ("card", value.key, body, self._links.get(value.slug))
        if isinstance(value, tuple | list):
            return tuple(map(self.of, value))
        if isinstance(value, Mapping):
            return tuple((key, self.of(item)) for key, item in value.items())
        if id(value) in self._terms:
            return self._terms[id(value)]
        if dataclasses.is_dataclass(value):
            return self._fields(value)
        raise TypeError(f"no cache key for {type(value).__name__}: teach builder/incremental/keys.py how to stand for it")

    def _fields(self, value: Any) -> Hashable:
        return (type(value).__name__, tuple(self.of(getattr(value, f.name)) for f in dataclasses.fields(value)))

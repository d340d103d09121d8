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
- tuples, lists and mappings: their items; plain values: themselves; `Rows` (of plain values
  only): themselves, pickled whole.

A value of any other type is an error, so new kinds of data cannot slip past the keys.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import pickle
import threading
from collections.abc import Hashable, Mapping
from typing import Any

from markupsafe import Markup

from builder.model import Card, Full, Rows, Site

_PLAIN = (str, int, float, bool, type(None), datetime.datetime, datetime.date, Markup, bytes)
_PLAIN_TYPES = frozenset(_PLAIN)  # exact types, looked up first: tens of thousands of keys a build
SHARED_LENGTH = 256  # a sequence this long is remembered for the rest of the build, in case another output declares it too


def fingerprint(value: Hashable, *, stable: bool) -> Hashable:
    """A short stand-in for `value`. Python's hash() is fastest, but differs from one process
    to the next; for caches on disk, a digest of the value pickled without a memo, so equal
    values give equal bytes however their parts are shared (and faster than repr())."""
    return _digest(_pickler(), value) if stable else hash(value)


def _pickler() -> tuple[io.BytesIO, pickle.Pickler]:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: the bytes do not depend on which parts are shared
    return buffer, pickler


def _digest(pickling: tuple[io.BytesIO, pickle.Pickler], value: Hashable) -> bytes:
    buffer, pickler = pickling
    buffer.seek(0)
    buffer.truncate()
    pickler.dump(value)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()


class StandIns:
    """Stand-ins for the values of one indexed site, computed once per build."""

    def __init__(self, site: Site, *, stable: bool):
        self.stable = stable
        self._picklers = threading.local()  # a pickler is not safe to share: the search index's keys are made in a thread
        self._known: dict[int, tuple[Any, Hashable]] = {}  # id -> (the value, kept alive; its stand-in)
        self._full: dict[int, Hashable] = {}  # id of a card in the site -> the stand-in of Full(card)
        department = {slug: self._remember(d, self._fields(d)) for slug, d in site.departments.items()}
        tag = {slug: self._remember(t, self._fields(t)) for slug, t in site.tags.items()}
        self._links = {
            slug: (department[site.story_department[slug]], tuple(tag[t] for t in site.story_tags[slug]))
            for slug in site.story_department
        }

    def _remember(self, value: Any, stand_in: Hashable) -> Hashable:
        """The fingerprint of `stand_in` stands for `value` for the rest of the build (it is
        kept alive with it, so its id is not reused)."""
        short = self._fingerprint(stand_in)
        self._known[id(value)] = (value, short)
        return short

    def key(self, scope: Hashable, kind: str, path: str, data: Any) -> Hashable:
        """The key of an output: what every output of its kind depends on (`scope`), its kind,
        its path and its data."""
        known = self._known.get(id(scope))
        scope_key = known[1] if known else self._remember(scope, self.of(scope))  # large: fingerprinted once a build
        return self._fingerprint((scope_key, kind, path, self.of(data)))

    def _fingerprint(self, value: Hashable) -> Hashable:
        """fingerprint(), with one pickler a thread for the build: tens of thousands of keys a build."""
        if not self.stable:
            return hash(value)
        pickling = getattr(self._picklers, "pickling", None)
        if pickling is None:
            pickling = self._picklers.pickling = _pickler()
        return _digest(pickling, value)

    def of(self, value: Any) -> Hashable:
        kind = type(value)
        if kind in _PLAIN_TYPES:
            return value
        known = self._known.get(id(value))
        if known is not None:
            return known[1]
        if kind is Rows:  # plain all through: their pickle is their stand-in (before tuples: Rows is one)
            # Each row as a plain tuple: a named tuple is pickled through a call of Python code.
            return self._remember(value, tuple(map(tuple, value)))
        # Containers inline the two common cases, a plain value and a known one (a card, a term):
        # a large archive's pages hold hundreds of thousands of them.
        if kind is tuple or kind is list or isinstance(value, tuple):  # named tuples too
            get, of = self._known.get, self.of
            stand_in = tuple(
                [
                    item if type(item) in _PLAIN_TYPES else known[1] if (known := get(id(item))) is not None else of(item)
                    for item in value
                ]
            )
            if kind is not list and len(value) >= SHARED_LENGTH:  # a whole archive's rows, say, declared by more than one output
                return self._remember(value, stand_in)
            return stand_in
        if kind is dict:
            get, of = self._known.get, self.of
            return tuple(
                [
                    (key, item if type(item) in _PLAIN_TYPES else known[1] if (known := get(id(item))) is not None else of(item))
                    for key, item in value.items()
                ]
            )
        if kind is Full:
            card = value.card
            full = self._full.get(id(card))  # a story's page and its feeds' entries each make a Full of it
            if full is None:
                # Not fingerprinted on its own: most are declared once, by the story's page.
                full = self._full[id(card)] = ("full", card.key, card.path, card.digest, self._links.get(card.slug))
            return full
        if isinstance(value, Card):  # a Story given whole (a theme shows bodies in listings) stands for its body too
            body = (value.path, value.digest) if type(value) is not Card else None
            return self._remember(value, ("card", value.key, body, self._links.get(value.slug)))
        if isinstance(value, _PLAIN):
            return value
        if isinstance(value, list):
            return tuple(map(self.of, value))
        if isinstance(value, Mapping):
            return tuple((key, self.of(item)) for key, item in value.items())
        if dataclasses.is_dataclass(value):
            return self._fields(value)
        raise TypeError(f"no cache key for {type(value).__name__}: teach builder/incremental/keys.py how to stand for it")

    def _fields(self, value: Any) -> Hashable:
        return (type(value).__name__, tuple(self.of(getattr(value, f.name)) for f in dataclasses.fields(value)))

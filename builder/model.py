"""The content model: frozen values passed from stage to stage.

Stories refer to their department and tags by slug; `Site` resolves them. That keeps every
value hashable, picklable (for worker processes and the build cache) and free of cycles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, NamedTuple, Protocol, TypeVar

from markupsafe import Markup

EMPTY_HTML = Markup("")
Result = TypeVar("Result")


class Recall(Protocol):
    """Calls a pure function of plain values (str, numbers, None, tuples of them); a memory of
    earlier builds may hand back the result it had for the same arguments instead."""

    def __call__(self, function: Callable[..., Result], *args: Any) -> Result: ...


def call(function: Callable[..., Result], *args: Any) -> Result:
    """Recall without a memory: the function, called."""
    return function(*args)


class Compact:
    """Pickles as the class and its field values: several times faster to load than the
    default for frozen, slotted dataclasses, which matters for a build cache of whole archives."""

    __slots__ = ()

    def __reduce__(self):
        return type(self), tuple(getattr(self, name) for name in self.__match_args__)


@dataclass(frozen=True, slots=True)
class SourceFile(Compact):
    """A file under content/, decoded. `path` is relative to the site, POSIX separators."""

    path: str
    text: str
    digest: str  # sha256 of the raw bytes: the cache key for everything derived from this file


class ImageSize(NamedTuple):
    width: int  # CSS pixels
    height: int


@dataclass(frozen=True, slots=True)
class MediaFile(Compact):
    """A file under content/media/, published as it is."""

    path: str  # the output path, e.g. "media/bike.svg" (Unicode NFC)
    source: str  # the file on disk, relative to the site
    size: ImageSize | None = None  # an image's intrinsic size, if it is an image whose size could be read


@dataclass(frozen=True, slots=True)
class Citation(Compact):
    """One source a story is based on (see citations.py for the rules)."""

    url: str
    name: str  # the outlet or organisation: the given name, else the URL's host
    date: datetime | None = None  # when the source was published
    archived: str = ""  # an archived copy (web.archive.org or archive.today) of `url`


@dataclass(frozen=True, slots=True)
class Correction(Compact):
    """A change made to a story after it was published, shown at the top of its page."""

    date: datetime
    html: Markup  # one sanitised paragraph's inline HTML
    text: str  # the same as plain text (no Markdown), for feeds, JSON-LD and the open data


NOT_SHOWN = {"shown": False}  # field metadata: a value no page shows (where it came from, for messages)


@dataclass(frozen=True, slots=True)
class Card(Compact):
    """A story as the index, listings, feeds' neighbours and previous/next links know it: every
    field but the body. What a listing may show of a story is exactly the fields of this type
    (see `card_key`): a new field is shown, and keyed, without anyone listing it."""

    slug: str
    title: str
    date: datetime  # timezone-aware
    department_name: str  # as the front matter writes it; resolved to a Department by the index
    tag_names: tuple[str, ...]  # as written, deduplicated by slug, in front-matter order
    tags: tuple[str, ...]  # slugs before alias resolution; Site.story_tags gives the final ones
    summary: str  # plain text: the front matter's, else an excerpt of the body
    path: str  # the source file, relative to the site
    digest: str = field(default="", metadata=NOT_SHOWN)  # of the source file: with `path` and the config, it determines the story
    author: str = ""
    location: str = ""
    sources: tuple[Citation, ...] = ()  # `sources:`, or the older `source:` as one item
    corrections: tuple[Correction, ...] = ()  # oldest first
    same_source_ok: bool = False  # another story may cite the same source without a warning
    image: str = ""  # site-relative output path, e.g. "media/bike.svg"
    image_alt: str = ""
    image_caption: str = ""  # shown under the picture, with its credit
    image_credit: str = ""
    draft: bool = False
    featured: bool = False  # the front page's lead story (the newest featured one; else the newest story)
    updated: datetime | None = None
    word_count: int = 0
    media: tuple[str, ...] = ()  # media paths the body links to, e.g. ("media/bike.svg",)
    aliases: tuple[str, ...] = ()  # earlier addresses, as site paths ("stories/old-slug/"): see redirects.py
    signature: str = ""  # MinHash of the body's text (duplicates.signature), for the near-duplicate check
    not_duplicate_of: tuple[str, ...] = ()  # slugs of stories the editor says this one is not a copy of
    lines: tuple[tuple[str, int], ...] = field(default=(), metadata=NOT_SHOWN)  # front-matter key -> line, for messages
    body_line: int = field(default=0, metadata=NOT_SHOWN)  # the line the body starts on
    key: str = field(default="", compare=False, metadata=NOT_SHOWN)  # card_key(): set once, by the parser

    def line_of(self, key: str) -> int | None:
        return dict(self.lines).get(key)

    @property
    def reading_minutes(self) -> int:
        # 200 words a minute is the usual figure for reading on screen.
        return max(1, round(self.word_count / 200))

    @property
    def last_modified(self) -> datetime:
        return self.updated or self.date

    @property
    def latest_correction(self) -> Correction | None:
        return self.corrections[-1] if self.corrections else None

    @property
    def card(self) -> Card:
        return self


@dataclass(frozen=True, slots=True)
class Story(Card):
    """A story with its body: what its own page and the feeds show. Only the parser makes one;
    later stages that need a body ask a `Bodies` for it by the story's card."""

    body_html: Markup = field(kw_only=True)  # sanitised

    def __reduce__(self):
        return _story, (*(getattr(self, name) for name in Card.__match_args__), self.body_html)

    @property
    def card(self) -> Card:
        return Card(*(getattr(self, name) for name in Card.__match_args__))


def _story(*values) -> Story:
    return Story(*values[:-1], body_html=values[-1])


SHOWN_CARD_FIELDS = tuple(f.name for f in fields(Card) if f.metadata.get("shown", True))


def card_key(story: Card) -> str:
    """A digest of everything a listing may show of the story: every shown field of Card."""
    shown = tuple(getattr(story, name) for name in SHOWN_CARD_FIELDS)
    return hashlib.sha256(repr(shown).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Full:
    """A story to be shown with its body: what a page or feed declares in its data; the body is
    fetched (see Bodies) only when that page or feed is made."""

    card: Card


class Rows(tuple):
    """Rows, each a tuple (a named tuple too) of plain values only (text, numbers, dates, None,
    and tuples of those), as an output declares a whole archive of them (the open data): its
    cache key is a digest of the rows pickled whole, rather than a walk through every value of
    every row."""

    __slots__ = ()


class OutOfStep(Exception):
    """A story's file changed on disk while the build was using what it knew of it: a Bodies
    cannot give the body the card stands for. The build starts again from the files."""


class Bodies(Protocol):
    """Gives a story's card its body back: the one way later stages get a body (or OutOfStep)."""

    def __call__(self, card: Card) -> Story: ...


@dataclass(frozen=True, slots=True)
class DepartmentProfile(Compact):
    slug: str
    name: str
    path: str
    city: str = ""
    region: str = ""
    website: str = ""
    aliases: tuple[str, ...] = ()
    description_html: Markup = EMPTY_HTML


@dataclass(frozen=True, slots=True)
class TagProfile(Compact):
    slug: str
    title: str
    path: str
    aliases: tuple[str, ...] = ()
    description_html: Markup = EMPTY_HTML


@dataclass(frozen=True, slots=True)
class Page(Compact):
    slug: str
    title: str
    body_html: Markup
    path: str
    summary: str = ""
    media: tuple[str, ...] = ()
    lines: tuple[tuple[str, int], ...] = ()
    body_line: int = 0
    aliases: tuple[str, ...] = ()  # earlier addresses, as site paths: see redirects.py

    def line_of(self, key: str) -> int | None:
        return dict(self.lines).get(key)


@dataclass(frozen=True, slots=True)
class Content:
    """Everything the parse stage made of content/: the input of the index stage."""

    stories: tuple[Card, ...] = ()  # Story values from the parser; cards for the index
    departments: tuple[DepartmentProfile, ...] = ()
    tags: tuple[TagProfile, ...] = ()
    pages: tuple[Page, ...] = ()
    # A story's `related:` slugs, by its file: read by the index (related.py), shown by no page
    # themselves (a story page declares the related list they lead to), so not on the card.
    pins: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The files whose front matter says `draft: true`, read or not: a build that publishes no
    # drafts holds their problems back as warnings (see problems.held_back).
    drafts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Department:
    slug: str
    name: str
    count: int  # published stories
    city: str = ""
    region: str = ""
    website: str = ""
    description_html: Markup = EMPTY_HTML
    path: str = ""  # the profile, if there is one


@dataclass(frozen=True, slots=True)
class Tag:
    slug: str
    title: str
    count: int
    description_html: Markup = EMPTY_HTML
    path: str = ""


@dataclass(frozen=True, slots=True)
class Site:
    """The indexed archive. Every mapping and tuple is in its documented, stable order."""

    stories: tuple[Card, ...]  # published, newest first; ties broken by slug
    departments: Mapping[str, Department]  # by slug, sorted by name
    tags: Mapping[str, Tag]  # by slug, sorted by slug
    pages: tuple[Page, ...]  # sorted by slug
    story_department: Mapping[str, str] = field(default_factory=dict)  # story slug -> department slug
    story_tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # story slug -> tag slugs
    by_department: Mapping[str, tuple[Card, ...]] = field(default_factory=dict)
    by_tag: Mapping[str, tuple[Card, ...]] = field(default_factory=dict)
    by_year: Mapping[int, tuple[Card, ...]] = field(default_factory=dict)  # newest year first
    image_sizes: Mapping[str, ImageSize] = field(default_factory=dict)  # media path -> intrinsic size
    related: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # story slug -> related story slugs (related.py)

"""Stage 2: SourceFile -> Story | DepartmentProfile | TagProfile | Page, with problems.

Each file is parsed on its own (no cross-file checks here: those belong to the index stage),
so a file's result depends only on its text and the config: cacheable and parallelisable.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import multiprocessing
import posixpath
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from slugify import slugify

from builder.cache import BuildCache, CacheOutOfStep
from builder.config import SiteConfig
from builder.fields import FieldReader, is_web_url, slug_problem
from builder.frontmatter import FrontMatterError, split
from builder.load import read_markdown
from builder.model import Compact, Content, DepartmentProfile, Link, Page, SourceFile, Story, TagProfile
from builder.problems import Problem, error, warning
from builder.prose import MarkdownRenderer, excerpt

STORY_KEYS = (
    "title",
    "date",
    "department",
    "tags",
    "summary",
    "author",
    "location",
    "source",
    "image",
    "image_alt",
    "draft",
    "slug",
    "updated",
)
DEPARTMENT_KEYS = ("name", "city", "region", "website", "aliases")
TAG_KEYS = ("title", "aliases")
PAGE_KEYS = ("title", "summary", "slug")

Parsed = Story | DepartmentProfile | TagProfile | Page


@dataclass(frozen=True, slots=True)
class ParseResult(Compact):
    item: Parsed | None
    problems: tuple[Problem, ...]


@functools.lru_cache(maxsize=65536)  # a pure function, called for every department and tag of every story
def make_slug(text: str) -> str:
    """The ASCII slug of a name: "Café Outreach" -> "cafe-outreach"."""
    # Apostrophes join words ("Sheriff's" -> "sheriffs"), where slugify would split them.
    return slugify(text, max_length=100, word_boundary=True, replacements=[["'", ""], ["’", ""]])


def parse_sources(
    sources: Iterable[SourceFile], config: SiteConfig, cache: BuildCache | None = None, jobs: int = 1
) -> tuple[Content, list[Problem]]:
    """Parse every file; with a cache, only files not parsed before; with jobs > 1, spread over
    that many worker processes when there is enough to do."""
    settings = parse_settings(config)
    sources = list(sources)
    known = cache.parsed if cache else {}
    keys = [(source.path, source.digest, settings) for source in sources]
    todo = [source for source, key in zip(sources, keys, strict=True) if key not in known]
    fresh = dict(zip(((s.path, s.digest, settings) for s in todo), _parse_all(todo, config, jobs), strict=True))
    results = [known.get(key) or fresh[key] for key in keys]
    if cache is not None:
        cache.parsed = dict(zip(keys, results, strict=True))  # drops files that changed or went away
    return collect(results)


# Below this many files a process pool costs more (starting workers, sending results back)
# than it saves.
PARALLEL_THRESHOLD = 200


def _parse_all(sources: list[SourceFile], config: SiteConfig, jobs: int) -> list[ParseResult]:
    if jobs <= 1 or len(sources) < PARALLEL_THRESHOLD:
        return parse_chunk(sources, config)
    # Contiguous chunks, several per worker so an uneven one does not leave a core idle.
    size = max(1, math.ceil(len(sources) / (jobs * 24)))
    chunks = [sources[i : i + size] for i in range(0, len(sources), size)]
    # "spawn": the preview server has threads running, and forking a threaded process is unsafe.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return [result for chunk in pool.map(parse_chunk, chunks, [config] * len(chunks)) for result in chunk]


class StoryBodies:
    """Stories with their bodies. A story parsed by an earlier build comes from the disk cache
    without its body (a rebuild shows few bodies: those of the pages and feeds it renders
    again), and gets it back here, once, when a page or feed needs it."""

    def __init__(self, cache: BuildCache | None, site_dir: Path, config: SiteConfig):
        self.cache = cache
        self.site_dir = site_dir
        self.config = config
        self._full: dict[tuple[str, str], Story] = {}

    def __call__(self, story: Story) -> Story:
        ident = (story.path, story.digest)
        if ident in self._full:
            return self._full[ident]
        key = self.cache.hollow.pop(ident, None) if self.cache else None
        if key is None:
            return story
        result = self.cache.bodies.get(key) if self.cache.bodies else None
        if result is None or not isinstance(result.item, Story):
            result = self._parse_again(story)  # its shard on disk is missing or damaged
        self.cache.parsed[key] = result  # saved in full, and not read again
        self._full[ident] = result.item
        return result.item

    def _parse_again(self, story: Story) -> ParseResult:
        source, _ = read_markdown(self.site_dir / story.path, story.path)
        if source is not None and source.digest == story.digest:
            result = parse_source(source, self.config, MarkdownRenderer(self.config.base_path))
            if isinstance(result.item, Story):
                return result
        raise CacheOutOfStep(story.path)


def parse_chunk(sources: list[SourceFile], config: SiteConfig) -> list[ParseResult]:
    """Parse files one after another with one Markdown converter (run in a worker process too)."""
    renderer = MarkdownRenderer(config.base_path)
    return [parse_source(source, config, renderer) for source in sources]


def parse_settings(config: SiteConfig) -> tuple:
    """The settings a parse result depends on: links carry the base path, bare dates the zone."""
    return (config.base_path, config.timezone)


def collect(results: Iterable[ParseResult]) -> tuple[Content, list[Problem]]:
    """Sort parse results into a Content value; keeps the input order within each kind."""
    buckets: dict[type, list] = {Story: [], DepartmentProfile: [], TagProfile: [], Page: []}
    problems: list[Problem] = []
    for result in results:
        problems.extend(result.problems)
        if result.item is not None:
            buckets[type(result.item)].append(result.item)
    content = Content(
        stories=tuple(buckets[Story]),
        departments=tuple(buckets[DepartmentProfile]),
        tags=tuple(buckets[TagProfile]),
        pages=tuple(buckets[Page]),
    )
    return content, problems


def parse_source(source: SourceFile, config: SiteConfig, renderer: MarkdownRenderer) -> ParseResult:
    folder = PurePosixPath(source.path).parts[1]
    parser = _PARSERS[folder]
    try:
        front = split(source.text)
    except FrontMatterError as exc:
        return ParseResult(None, (error(source.path, exc.message, exc.line),))
    return parser(source, front, config, renderer)


def _file_slug(source: SourceFile) -> str:
    return unicodedata.normalize("NFC", PurePosixPath(source.path).stem)


def _parse_story(source, front, config, renderer) -> ParseResult:
    fields = FieldReader(source.path, front, STORY_KEYS)
    zone = config.tzinfo
    title = fields.text("title", required=True)
    published = fields.moment("date", zone, required=True)
    updated = fields.moment("updated", zone)
    department = fields.text("department", required=True)
    tag_names = _tag_names(fields)
    slug = fields.text("slug") or _file_slug(source)
    if reason := slug_problem(slug):
        hint = "" if "slug" in front.data else f"; rename the file or add `slug: {make_slug(slug) or 'a-slug'}`"
        fields.fail("slug", reason + hint)
    body = renderer.render(front.body)
    for link in body.bad_links:
        fields.problems.append(error(source.path, f'link "{link}" leaves content/media/', front.body_line))
    image = _media_path(fields, "image")
    image_alt = fields.text("image_alt")
    if image and not image_alt:
        fields.fail("image", '"image" needs "image_alt": a short description of the picture for readers who cannot see it')
    if not tag_names and "tags" not in fields.front.data:
        fields.problems.append(warning(source.path, "story has no tags; add `tags: [...]` so readers can find it"))
    if published is None or any(p.is_error for p in fields.problems):
        return ParseResult(None, tuple(fields.problems))
    summary = fields.text("summary") or excerpt(body.text)
    story = Story(
        slug=slug,
        title=title,
        date=published,
        department_name=department,
        tag_names=tuple(name for name, _ in tag_names),
        tags=tuple(slug for _, slug in tag_names),
        summary=summary,
        body_html=body.html,
        path=source.path,
        digest=source.digest,
        author=fields.text("author"),
        location=fields.text("location"),
        source=_source_link(fields),
        image=image,
        image_alt=image_alt,
        draft=fields.boolean("draft"),
        updated=updated,
        word_count=len(body.text.split()),
        media=body.media,
        lines=tuple(front.key_lines.items()),
        body_line=front.body_line,
    )
    card_digest = hashlib.sha256(repr(story.card_fields()).encode()).hexdigest()
    return ParseResult(dataclasses.replace(story, card_digest=card_digest), tuple(fields.problems))


def _tag_names(fields: FieldReader) -> list[tuple[str, str]]:
    """(name, slug) pairs, one per slug, in front-matter order."""
    seen: dict[str, str] = {}
    for name in fields.text_list("tags"):
        slug = make_slug(name)
        if not slug:
            fields.fail("tags", f'tag "{name}" has no letters or digits to make a web address from')
        elif slug not in seen:
            seen[slug] = name
    return [(name, slug) for slug, name in seen.items()]


def _source_link(fields: FieldReader) -> Link | None:
    value = fields.front.data.get("source")
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        unknown = set(value) - {"name", "url"}
        if unknown:
            fields.fail("source", f'"source" may hold only name and url, not {", ".join(sorted(map(str, unknown)))}')
        url, name = value.get("url"), value.get("name", "")
        if not isinstance(url, str) or not isinstance(name, str):
            fields.fail("source", '"source" needs a url (and may have a name), both as text')
            return None
    elif isinstance(value, str):
        url, name = value, ""
    else:
        fields.fail("source", '"source" must be a URL, or a mapping with name and url')
        return None
    url = url.strip()
    if not is_web_url(url):
        fields.fail("source", f'"source" must be an http:// or https:// address, not "{url}"')
        return None
    return Link(url=url, name=" ".join(name.split()) or urlsplit(url).hostname or url)


def _media_path(fields: FieldReader, key: str) -> str:
    """A path under content/media/ as its output path ("media/x.jpg"), or "" with a problem."""
    value = fields.text(key)
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        fields.fail(key, f'"{key}" must be a file in content/media/, like media/photo.jpg, not an address')
        return ""
    relative = unquote(parts.path).lstrip("/")
    if relative.startswith("content/"):
        relative = relative.removeprefix("content/")
    if not relative.startswith("media/"):
        relative = "media/" + relative
    normal = posixpath.normpath(relative)
    if not normal.startswith("media/"):
        fields.fail(key, f'"{key}" path "{value}" leaves content/media/')
        return ""
    return unicodedata.normalize("NFC", normal)


def _profile_fields(source: SourceFile, front, known: tuple[str, ...]) -> tuple[FieldReader, str]:
    """A profile's field reader and slug (its file name, which must be a valid slug)."""
    fields = FieldReader(source.path, front, known)
    slug = _file_slug(source)
    if reason := slug_problem(slug):
        fields.problems.append(error(source.path, f"file name: {reason}"))
    return fields, slug


def _parse_department(source, front, config, renderer) -> ParseResult:
    fields, slug = _profile_fields(source, front, DEPARTMENT_KEYS)
    profile = DepartmentProfile(
        slug=slug,
        name=fields.text("name", required=True),
        path=source.path,
        city=fields.text("city"),
        region=fields.text("region"),
        website=fields.web_url("website"),
        aliases=fields.text_list("aliases"),
        description_html=renderer.render(front.body).html,
    )
    return _result(profile, fields)


def _parse_tag(source, front, config, renderer) -> ParseResult:
    fields, slug = _profile_fields(source, front, TAG_KEYS)
    profile = TagProfile(
        slug=slug,
        title=fields.text("title") or slug.replace("-", " ").title(),
        path=source.path,
        aliases=fields.text_list("aliases"),
        description_html=renderer.render(front.body).html,
    )
    return _result(profile, fields)


def _parse_page(source, front, config, renderer) -> ParseResult:
    fields = FieldReader(source.path, front, PAGE_KEYS)
    slug = fields.text("slug") or _file_slug(source)
    if reason := slug_problem(slug):
        fields.fail("slug", reason)
    body = renderer.render(front.body)
    for link in body.bad_links:
        fields.problems.append(error(source.path, f'link "{link}" leaves content/media/', front.body_line))
    page = Page(
        slug=slug,
        title=fields.text("title", required=True),
        body_html=body.html,
        path=source.path,
        summary=fields.text("summary") or excerpt(body.text, 30),
        media=body.media,
        lines=tuple(front.key_lines.items()),
        body_line=front.body_line,
    )
    return _result(page, fields)


def _result(item: Parsed, fields: FieldReader) -> ParseResult:
    failed = any(p.is_error for p in fields.problems)
    return ParseResult(None if failed else item, tuple(fields.problems))


_PARSERS: dict[str, Callable[..., ParseResult]] = {
    "stories": _parse_story,
    "departments": _parse_department,
    "tags": _parse_tag,
    "pages": _parse_page,
}

"""Stage 2: SourceFile -> Story | DepartmentProfile | TagProfile | Page, with problems.

Each file is parsed on its own (no cross-file checks here: those belong to the index stage),
so a file's result depends only on its text and the config: cacheable and parallelisable.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from builder import checks, citations, duplicates, workers
from builder.config import SiteConfig
from builder.fields import FieldReader
from builder.frontmatter import FrontMatterError, split
from builder.model import Card, Compact, Content, DepartmentProfile, Page, SourceFile, Story, TagProfile, card_key
from builder.problems import Problem, error, warning
from builder.prose import BeyondLimits, MarkdownRenderer, excerpt
from builder.redirects import alias_paths
from builder.slugs import make_slug, slug_problem

STORY_KEYS = (
    "title",
    "date",
    "department",
    "tags",
    "summary",
    "author",
    "location",
    "source",
    "sources",
    "corrections",
    "same_source_ok",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "draft",
    "featured",
    "slug",
    "updated",
    "aliases",
    "related",
    "not_duplicate_of",
    checks.ALLOW_KEY,
)
DEPARTMENT_KEYS = ("name", "city", "region", "website", "aliases")
TAG_KEYS = ("title", "aliases")
PAGE_KEYS = ("title", "summary", "slug", "aliases")

Parsed = Story | Card | DepartmentProfile | TagProfile | Page  # a Card: a story remembered without its body


@dataclass(frozen=True, slots=True)
class ParseResult(Compact):
    item: Parsed | None
    problems: tuple[Problem, ...]
    pins: tuple[str, ...] = ()  # a story's `related:` slugs (see model.Content.pins)
    draft: bool = False  # the front matter says `draft: true`, whether or not the story could be read

    def carded(self) -> ParseResult:
        """The result as the build after parsing sees it: a story as its card (its body is
        fetched by the stages that show it, see model.Bodies)."""
        return replace(self, item=self.item.card) if isinstance(self.item, Story) else self


# Below this many files a process pool costs more (starting workers, sending results back)
# than it saves.
PARALLEL_THRESHOLD = 200


def parse_all(sources: Sequence[SourceFile], config: SiteConfig, jobs: int = 1) -> list[ParseResult]:
    """Parse every file, in order; with jobs > 1, spread over that many worker processes when
    there is enough to do."""
    if jobs <= 1 or len(sources) < PARALLEL_THRESHOLD:
        return parse_chunk(config, sources)
    return workers.run_all(parse_chunk, (config,), sources, jobs, per_worker=24)


def parse_sources(sources: Iterable[SourceFile], config: SiteConfig, jobs: int = 1) -> tuple[Content, list[Problem]]:
    """Parse every file and sort the results into a Content value."""
    return collect(parse_all(list(sources), config, jobs))


def parse_chunk(config: SiteConfig, sources: Sequence[SourceFile]) -> list[ParseResult]:
    """Parse files one after another with one Markdown converter (run in a worker process too)."""
    renderer = MarkdownRenderer(config.base_path)
    return [parse_source(source, config, renderer) for source in sources]


def parse_settings(config: SiteConfig) -> tuple:
    """The settings a parse result depends on: links carry the base path, bare dates the zone,
    phone numbers are read in the language's region, a story without sources is a problem or not
    by the sources policy."""
    return (config.base_path, config.timezone, config.language, config.sources)


def collect(results: Iterable[ParseResult]) -> tuple[Content, list[Problem]]:
    """Sort parse results into a Content value; keeps the input order within each kind."""
    buckets: dict[type, list] = {Card: [], DepartmentProfile: [], TagProfile: [], Page: []}
    problems: list[Problem] = []
    pins: dict[str, tuple[str, ...]] = {}
    drafts: set[str] = set()
    for result in results:
        problems.extend(result.problems)
        if result.draft:  # a file's problems all name the file
            drafts.update(problem.path for problem in result.problems)
            if result.item is not None:
                drafts.add(result.item.path)
        if result.item is not None:
            buckets[Card if isinstance(result.item, Card) else type(result.item)].append(result.item)
            if result.pins:
                pins[result.item.path] = result.pins
    content = Content(
        stories=tuple(buckets[Card]),
        departments=tuple(buckets[DepartmentProfile]),
        tags=tuple(buckets[TagProfile]),
        pages=tuple(buckets[Page]),
        pins=pins,
        drafts=frozenset(drafts),
    )
    return content, problems


def parse_source(source: SourceFile, config: SiteConfig, renderer: MarkdownRenderer) -> ParseResult:
    folder = PurePosixPath(source.path).parts[1]
    parser = _PARSERS[folder]
    try:
        front = split(source.text)
    except FrontMatterError as exc:
        return ParseResult(None, (error(source.path, exc.message, exc.line),))
    try:
        return parser(source, front, config, renderer)
    except BeyondLimits as exc:  # from any body rendered: story, page or profile
        return ParseResult(None, (error(source.path, exc.message, front.body_line + exc.line - 1),))


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
    sources = citations.read_sources(fields, published, zone, config.sources)
    corrections = citations.read_corrections(fields, published, zone, renderer)
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
        path=source.path,
        digest=source.digest,
        author=fields.text("author"),
        location=fields.text("location"),
        sources=sources,
        corrections=corrections,
        same_source_ok=fields.boolean("same_source_ok"),
        image=image,
        image_alt=image_alt,
        image_caption=fields.text("image_caption"),
        image_credit=fields.text("image_credit"),
        draft=fields.boolean("draft"),
        featured=fields.boolean("featured"),
        updated=citations.latest_update(published, updated, corrections),
        word_count=len(body.text.split()),
        media=body.media,
        aliases=alias_paths(fields, f"stories/{slug}/"),
        signature=duplicates.signature(body.text),
        not_duplicate_of=fields.text_list("not_duplicate_of"),
        lines=tuple(front.key_lines.items()),
        body_line=front.body_line,
        body_html=body.html,
    )
    pins = _related_pins(fields)
    if any(p.is_error for p in fields.problems):
        return ParseResult(None, tuple(fields.problems))
    return ParseResult(replace(story, key=card_key(story)), tuple(fields.problems), pins)


def _related_pins(fields: FieldReader) -> tuple[str, ...]:
    """`related:` story slugs, in order, each once; whether each is a story is the index's to say."""
    pins: list[str] = []
    for slug in fields.text_list("related"):
        if reason := slug_problem(slug):
            fields.fail("related", f"related story: {reason}")
        elif slug not in pins:
            pins.append(slug)
    return tuple(pins)


def _parse_checked_story(source, front, config, renderer) -> ParseResult:
    """A story, with the findings of the content checks (builder/checks/) beside its fields'
    problems. They are kept apart from the decision to build the story: site.toml may make a
    finding an error or a warning, so whether the story is there must not depend on them."""
    result = _parse_story(source, front, config, renderer)
    draft = front.data.get("draft") is True
    found = checks.story_findings(source.path, source.text, front, draft=draft, region=checks.region_of(config.language))
    return replace(result, problems=result.problems + tuple(found), draft=draft)


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


def _media_path(fields: FieldReader, key: str) -> str:
    """A path under content/media/ as its output path ("media/x.jpg"), or "" with a problem."""
    value = fields.text(key)
    if not value:
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:  # "http://[x": a malformed address, which a media path never is
        fields.fail(key, f'"{key}" is not a valid web address, and must be a file in content/media/, like media/photo.jpg')
        return ""
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
        region=_region(fields),
        website=fields.web_url("website"),
        aliases=fields.text_list("aliases"),
        description_html=renderer.render(front.body).html,
    )
    return _result(profile, fields)


def _region(fields: FieldReader) -> str:
    region = fields.text("region")
    if region and not make_slug(region):
        fields.fail("region", f'region "{region}" has no letters or digits to make a web address from')
    return region


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
        aliases=alias_paths(fields, f"{slug}/"),
    )
    return _result(page, fields)


def _result(item: Parsed, fields: FieldReader) -> ParseResult:
    failed = any(p.is_error for p in fields.problems)
    return ParseResult(None if failed else item, tuple(fields.problems))


_PARSERS: dict[str, Callable[..., ParseResult]] = {
    "stories": _parse_checked_story,
    "departments": _parse_department,
    "tags": _parse_tag,
    "pages": _parse_page,
}

"""Stage 3: group parsed content into the indexed Site: departments, tags, years, listings.

Also the checks that need more than one file: duplicate slugs, department and tag aliases,
media that stories refer to, page slugs that would take a generated section's address.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from builder.citations import citation_problems
from builder.model import Card, Content, Department, MediaFile, Recall, Site, Tag, call
from builder.problems import Problem, error
from builder.related import candidates, relate
from builder.slugs import make_slug

# Top-level addresses Beat generates itself; a page may not take one.
RESERVED_PAGE_SLUGS = frozenset(
    {
        "tags",
        "departments",
        "stories",
        "archive",
        "page",
        "media",
        "search",
        "pagefind",
        "static",
        "feed",
        "sitemap",
        "robots",
        "404",
        "assets",
        "corrections",
        "data",
    }
)


@dataclass(frozen=True, slots=True)
class Selection:
    """Which stories are published in this build."""

    now: datetime
    drafts: bool = False
    future: bool = False

    def includes(self, story: Card) -> bool:
        return (self.drafts or not story.draft) and (self.future or story.date <= self.now)


def newest_first(stories: Iterable[Card]) -> tuple[Card, ...]:
    """The one ordering of stories everywhere: newest first, ties broken by slug."""
    return tuple(sorted(stories, key=lambda s: (-s.date.timestamp(), s.slug)))


def index_site(
    content: Content, media: Iterable[MediaFile], selection: Selection, recall: Recall = call
) -> tuple[Site, list[Problem]]:
    """The Site the build publishes (`selection`), and the problems found across files.
    `recall` calls the one part worth remembering between builds: the related stories."""
    problems: list[Problem] = []
    media = tuple(media)
    stories = _unique_stories(content.stories, problems)
    problems += _missing_media(stories, content, {m.path for m in media})
    problems += citation_problems(stories, selection.now)
    published = newest_first(s for s in stories if selection.includes(s))

    department_of, departments = _departments(content, published, problems)
    tags_of, tags = _tags(content, published, problems)
    pages = _pages(content, problems)
    every_slug = tuple(sorted(s.slug for s in stories))
    related, related_problems = recall(relate, candidates(published, department_of, tags_of, content.pins), every_slug)
    problems += related_problems

    by_department: dict[str, list[Card]] = defaultdict(list)
    by_tag: dict[str, list[Card]] = defaultdict(list)
    by_year: dict[int, list[Card]] = defaultdict(list)
    for story in published:
        by_department[department_of[story.slug]].append(story)
        for tag in tags_of[story.slug]:
            by_tag[tag].append(story)
        by_year[story.date.year].append(story)

    site = Site(
        stories=published,
        departments=departments,
        tags=tags,
        pages=pages,
        story_department=department_of,
        story_tags=tags_of,
        by_department={slug: tuple(by_department[slug]) for slug in departments},
        by_tag={slug: tuple(by_tag[slug]) for slug in tags},
        by_year={year: tuple(by_year[year]) for year in sorted(by_year, reverse=True)},
        image_sizes={m.path: m.size for m in media if m.size},
        related=related,
    )
    return site, problems


def _unique_stories(stories: Iterable[Card], problems: list[Problem]) -> list[Card]:
    owners: dict[str, Card] = {}
    for story in sorted(stories, key=lambda s: s.path):
        if story.slug in owners:
            first = owners[story.slug]
            problems.append(
                error(
                    story.path,
                    f'slug "{story.slug}" is already used by {first.path}; give one of them its own `slug:`',
                    story.line_of("slug"),
                )
            )
        else:
            owners[story.slug] = story
    return list(owners.values())


def _missing_media(stories: Iterable[Card], content: Content, media: set[str]) -> list[Problem]:
    problems = []
    for item in [*stories, *content.pages]:
        wanted = [(path, item.body_line or None) for path in item.media]
        if isinstance(item, Card) and item.image:
            wanted.append((item.image, item.line_of("image")))
        for path, line in wanted:
            if path not in media:
                problems.append(error(item.path, f'"{path}" is not in content/media/ (looked for content/{path})', line))
    return problems


def tag_title(name: str) -> str:
    """A tag written as a slug ("traffic-safety") reads as words: "Traffic Safety"."""
    return name.replace("-", " ").title() if name == make_slug(name) else name


def _most_used(names: Iterable[str]) -> str:
    """The spelling most stories use; ties go to the first in alphabetical order."""
    counts = Counter(names)
    return min(counts, key=lambda name: (-counts[name], name))


def _departments(content: Content, published: tuple[Card, ...], problems: list[Problem]):
    profiles = {p.slug: p for p in content.departments}
    lookup: dict[str, str] = {}  # casefolded name, alias or slug -> profile slug
    claimed_by: dict[str, str] = {}
    for profile in sorted(content.departments, key=lambda p: p.slug):
        for key in {
            profile.slug,
            profile.name.casefold(),
            make_slug(profile.name),
            *(a.casefold() for a in profile.aliases),
            *(make_slug(a) for a in profile.aliases),
        }:
            if not key:
                continue
            if key in lookup and lookup[key] != profile.slug:
                problems.append(error(profile.path, f'name or alias "{key}" is also used by {claimed_by[key]}'))
                continue
            lookup[key] = profile.slug
            claimed_by[key] = profile.path

    department_of: dict[str, str] = {}
    spellings: dict[str, list[str]] = defaultdict(list)
    for story in published:
        name = story.department_name
        slug = lookup.get(name.casefold()) or lookup.get(make_slug(name)) or make_slug(name)
        if not slug:
            problems.append(
                error(
                    story.path,
                    f'department "{name}" has no letters or digits to make a web address from',
                    story.line_of("department"),
                )
            )
            slug = "unnamed-department"
        department_of[story.slug] = slug
        spellings[slug].append(name)

    counts = Counter(department_of.values())
    departments = []
    for slug, count in counts.items():
        profile = profiles.get(slug)
        if profile:
            departments.append(
                Department(
                    slug=slug,
                    name=profile.name,
                    count=count,
                    city=profile.city,
                    region=profile.region,
                    website=profile.website,
                    description_html=profile.description_html,
                    path=profile.path,
                )
            )
        else:
            departments.append(Department(slug=slug, name=_most_used(spellings[slug]), count=count))
    departments.sort(key=lambda d: (d.name.casefold(), d.slug))
    return department_of, {d.slug: d for d in departments}


def _tags(content: Content, published: tuple[Card, ...], problems: list[Problem]):
    profiles = {p.slug: p for p in content.tags}
    alias_of: dict[str, str] = {}
    for profile in sorted(content.tags, key=lambda p: p.slug):
        for alias in profile.aliases:
            key = make_slug(alias)
            if key in profiles and key != profile.slug:
                problems.append(error(profile.path, f'alias "{alias}" is the tag of {profiles[key].path}; a tag cannot be both'))
            elif key in alias_of and alias_of[key] != profile.slug:
                problems.append(error(profile.path, f'alias "{alias}" is also an alias in content/tags/{alias_of[key]}.md'))
            elif key:
                alias_of[key] = profile.slug

    tags_of: dict[str, tuple[str, ...]] = {}
    spellings: dict[str, list[str]] = defaultdict(list)
    for story in published:
        resolved = []
        for name, slug in zip(story.tag_names, story.tags, strict=True):
            slug = alias_of.get(slug, slug)
            if slug not in resolved:
                resolved.append(slug)
                spellings[slug].append(name)
        tags_of[story.slug] = tuple(resolved)

    tags = {}
    for slug in sorted(spellings):
        profile = profiles.get(slug)
        count = len(spellings[slug])
        if profile:
            tags[slug] = Tag(
                slug=slug, title=profile.title, count=count, description_html=profile.description_html, path=profile.path
            )
        else:
            tags[slug] = Tag(slug=slug, title=tag_title(_most_used(spellings[slug])), count=count)
    return tags_of, tags


def _pages(content: Content, problems: list[Problem]):
    owners: dict[str, str] = {}
    pages = []
    for page in sorted(content.pages, key=lambda p: p.path):
        if page.slug in RESERVED_PAGE_SLUGS:
            problems.append(
                error(
                    page.path,
                    f'page slug "{page.slug}" would replace the generated /{page.slug}/ section; choose another',
                    page.line_of("slug"),
                )
            )
        elif page.slug in owners:
            problems.append(error(page.path, f'page slug "{page.slug}" is already used by {owners[page.slug]}'))
        else:
            owners[page.slug] = page.path
            pages.append(page)
    return tuple(sorted(pages, key=lambda p: p.slug))

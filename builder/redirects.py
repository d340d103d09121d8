"""Redirects: a story's or page's earlier addresses (`aliases:`), and a merged tag's or
department's old address, each answered by a small page that sends the reader on, and all of
them listed in `_redirects` (the file Netlify and Cloudflare Pages read) as 301s.

An alias is a path on this site, checked where it is read (`alias_paths`, used by the parser);
`plan` declares the stub pages and the `_redirects` file, and reports an alias that would take
a real page's address, or another alias's, naming both files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from builder.config import SiteConfig
from builder.feeds import FeedJob
from builder.fields import FieldReader
from builder.model import Bodies, Content, Site
from builder.pages import PageJob
from builder.problems import Problem, error
from builder.slugs import make_slug
from builder.urls import Urls, output_path, site_path

TEMPLATE = "redirect.html"
REDIRECTS_FILE = "_redirects"
# Folders whose files Beat copies or generates as they are: an alias there would hide a file.
RESERVED_FOLDERS = ("media/", "static/", "pagefind/")
RESERVED_FILES = (REDIRECTS_FILE, "robots.txt")
UNSAFE_IN_FILE_NAMES = '<>:"|*'  # Windows refuses them; an editor there could not check the site out
MAX_ALIAS_LENGTH = 300


def alias_problem(value: str) -> tuple[str, str | None]:
    """(the site path an alias stands for, why it cannot be one or None).

    "/stories/old-slug" -> "stories/old-slug/"; a last part with a dot ("/2019/05/a.html") is a
    file and keeps its name. Percent-escapes are decoded first, so "%2e%2e" is "..", refused.
    """
    if len(value) > MAX_ALIAS_LENGTH:
        return "", f"is {len(value)} characters long; at most {MAX_ALIAS_LENGTH} are allowed"
    try:
        parts = urlsplit(value)
    except ValueError:
        return "", "is not a path on this site"
    if parts.scheme or parts.netloc or value.startswith("//"):
        return "", "must be a path on this site, like /stories/old-slug/, not an address on another"
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return "", "must be a path without ? or #"
    path = unicodedata.normalize("NFC", unquote(parts.path))
    if any(char == "\\" or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in path):
        return "", "holds a backslash or a control character"
    if any(char in UNSAFE_IN_FILE_NAMES for char in path):
        return "", f"holds one of {UNSAFE_IN_FILE_NAMES}, which some file systems refuse in a file name"
    segments = path.strip("/").split("/")
    if segments == [""]:
        return "", "is the home page's address, which cannot move"
    if any(segment in ("", ".", "..") for segment in segments):
        return "", 'must not hold "//", "." or ".." parts'
    if any(segment.strip() != segment for segment in segments):
        return "", "has a part that begins or ends with a space"
    relative = "/".join(segments)
    if "." not in segments[-1] or path.endswith("/"):
        relative += "/"
    if relative.startswith(RESERVED_FOLDERS) or relative.rstrip("/") in RESERVED_FILES:
        return "", f"would replace a file Beat publishes itself (/{relative})"
    return relative, None


def alias_paths(fields: FieldReader, own: str) -> tuple[str, ...]:
    """The `aliases:` of a story or page (whose own site path is `own`), as site paths; a
    problem at the key's line for each that cannot be one."""
    paths: list[str] = []
    for value in fields.text_list("aliases"):
        path, problem = alias_problem(value)
        if problem:
            fields.fail("aliases", f'alias "{value}" {problem}')
        elif path == own:
            fields.fail("aliases", f'alias "{value}" is this file\'s own address')
        elif path not in paths:
            paths.append(path)
    return tuple(paths)


class Redirect(NamedTuple):
    source: str  # the old site path
    target: str  # the site path it moved to
    title: str  # what is there now
    owner: str  # the file that asks for it, for messages
    line: int | None


def redirects_of(site: Site, content: Content) -> list[Redirect]:
    """Every redirect the site asks for: stories' and pages' aliases, then tag and department
    aliases (a merged tag, a department's short name) from their slug to the profile's page."""
    found = []
    for story in site.stories:
        found += [Redirect(alias, site_path(story), story.title, story.path, story.line_of("aliases")) for alias in story.aliases]
    for page in site.pages:
        found += [Redirect(alias, site_path(page), page.title, page.path, page.line_of("aliases")) for alias in page.aliases]
    profiles = [(p, site.tags, p.title) for p in content.tags] + [(p, site.departments, p.name) for p in content.departments]
    for profile, terms, name in sorted(profiles, key=lambda item: item[0].path):
        term = terms.get(profile.slug)
        if term is None:
            continue  # no published story: no page to send readers to
        for slug in dict.fromkeys(make_slug(alias) for alias in (name, *profile.aliases)):
            if slug and slug != term.slug and slug not in terms:
                found.append(Redirect(f"{site_path(term).split('/')[0]}/{slug}/", site_path(term), name, profile.path, None))
    return found


def plan(
    site: Site, content: Content, config: SiteConfig, urls: Urls, pages: Sequence[PageJob], files: Iterable[FeedJob]
) -> tuple[list[PageJob], list[FeedJob], list[Problem]]:
    """The stub pages and the `_redirects` file, and the problems: an alias on a real page's
    address or on another alias's."""
    taken = {output_path(job.path).casefold(): job.owner for job in pages}
    taken.update({job.path.casefold(): job.owner for job in files})
    claimed: dict[str, Redirect] = {}
    problems: list[Problem] = []
    for redirect in sorted(redirects_of(site, content), key=lambda r: (r.owner, r.source)):
        key = output_path(redirect.source).casefold()
        if key in taken:
            where = taken[key]
            problems.append(error(redirect.owner, f'alias "/{redirect.source}" is the address of {where}', redirect.line))
        elif key in claimed:
            first = claimed[key]
            if first.target != redirect.target or first.owner != redirect.owner:
                problems.append(
                    error(redirect.owner, f'alias "/{redirect.source}" is also an alias in {first.owner}', redirect.line)
                )
        else:
            claimed[key] = redirect
    stubs = [
        PageJob(
            r.source,
            TEMPLATE,
            r.owner,
            {
                "title": r.title,
                "section": "redirect",
                "description": "",
                "feed_url": urls.absolute("feed.xml"),
                "target": r.target,
            },
        )
        for r in sorted(claimed.values(), key=lambda r: r.source)
    ]
    listed = tuple((r.source, r.target) for r in sorted(claimed.values(), key=lambda r: r.source))
    return stubs, [FeedJob(REDIRECTS_FILE, "redirects", {"redirects": listed}, redirects_file)], problems


def redirects_file(job: FeedJob, site: Site, config: SiteConfig, urls: Urls, bodies: Bodies) -> bytes:
    """`_redirects`: one `old new 301` line an alias, both under the base URL's path."""
    lines = ["# Earlier addresses and where they moved (Netlify and Cloudflare Pages read this file)."]
    lines += [f"{urls.url(source)} {urls.url(target)} 301" for source, target in job.data["redirects"]]
    return ("\n".join(lines) + "\n").encode("utf-8")


def is_redirect(job: PageJob) -> bool:
    return job.template == TEMPLATE

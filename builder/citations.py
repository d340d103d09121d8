"""Sources and corrections: what a story is based on, and what was changed after it appeared.

The rules live here once, as values the checks below use and the open data's JSON Schema is
written from (opendata.py): which addresses count as archived copies, how long after a story
a source may be dated, how many sources the site's policy asks for.

Per file (the parse stage): the shape of `sources:` (or the older `source:`) and
`corrections:`, and each value's rules. Across files, or against the clock (the index stage):
two stories citing the same address, and corrections dated in the future.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from urllib.parse import urlsplit

from markupsafe import Markup

from builder.fields import FieldReader, kind_of, moment_value, web_url_problem
from builder.model import Card, Citation, Correction
from builder.problems import Problem, error, warning
from builder.prose import BeyondLimits, MarkdownRenderer

SOURCE_KEYS = ("url", "name", "date", "archived")
CORRECTION_KEYS = ("date", "text")
# A source may appear after the story it fed (a follow-up, a press release posted late), but
# not by more than this: a later date is almost always a typo in the year or the month.
SOURCE_LEAD = timedelta(days=30)
WEB_URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+"  # what web_url_problem accepts: http(s), the scheme in any case, a host
# An archived copy names its target inside its own address: the Wayback Machine's
# web.archive.org/web/<timestamp>[flags]/<url>, and archive.today's (under any of its domains)
# archive.ph/<timestamp>/<url> or archive.ph/newest/<url>. Short archive.today ids (archive.ph/AbCd)
# do not say what they copied, so they cannot be checked and are not accepted.
ARCHIVE_PATTERN = (
    r"^https?://(?:web\.archive\.org/web/[0-9]{1,14}[a-z_]*/"
    r"|archive\.(?:today|ph|is|li|vn|fo|md)/(?:[0-9]{4,14}|newest|oldest)/)"
    r"(https?://.+)$"
)
_ARCHIVE = re.compile(ARCHIVE_PATTERN)  # as the schema states it (opendata.py): no flags
LONG_CORRECTION = 600  # characters: more is no longer a short note at the top of a story

# What a story without sources is, by the site's `sources` setting.
POLICY_MESSAGE = "story has no sources; add `sources:` with the address of each report it is based on"


def same_address(url: str) -> str:
    """The form two addresses of one document share: the scheme (http or https), the host's
    case, a default port, a fragment and a trailing slash make no difference. (String work,
    not urlsplit: it runs for every source of the archive on every build.)"""
    rest = url.strip().split("#", 1)[0].partition("://")[2]
    host, slash, path = rest.partition("/")
    if "?" in host:
        host, path = host.split("?", 1)[0], "?" + host.split("?", 1)[1]
    host = host.rpartition("@")[2].casefold().removesuffix(":80").removesuffix(":443")
    path, question, query = (slash + path).partition("?")
    return host + path.rstrip("/") + question + query


def archived_target(address: str) -> str | None:
    """The address an archived copy is a copy of, or None if `address` is not one Beat knows."""
    match = _ARCHIVE.match(address.strip())
    return match.group(1) if match else None


def read_sources(fields: FieldReader, published: datetime | None, zone: tzinfo, policy: str) -> tuple[Citation, ...]:
    """`sources:` (a list) or `source:` (one address, or one mapping), checked item by item."""
    data = fields.front.data
    given = {key: data.get(key) not in (None, "", []) for key in ("source", "sources")}
    if given["source"] and given["sources"]:
        fields.fail("source", 'use either "sources" (a list) or "source" (one), not both')
        return ()
    key = "source" if given["source"] else "sources"
    value = data.get(key)
    if key == "source" and value not in (None, ""):
        value = [value]
    elif value in (None, ""):
        value = []
    if not isinstance(value, list):
        fields.fail(key, f'"{key}" must be a list of sources (each a url, or a mapping with url, name, date, archived)')
        return ()
    items = fields.front.item_lines.get(key, ())
    citations = []
    for number, item in enumerate(value, start=1):
        lines = items[number - 1] if number <= len(items) and key == "sources" else (None, {})
        citation = _citation(fields, key, number if key == "sources" else 0, item, lines, published, zone)
        if citation:
            citations.append(citation)
    if not value:
        if policy == "required":
            fields.problems.append(error(fields.path, POLICY_MESSAGE + ' (site.toml: sources = "required")', fields.line(key)))
        elif policy == "recommended":
            fields.problems.append(warning(fields.path, POLICY_MESSAGE, fields.line(key)))
    return tuple(citations)


def _citation(fields, key, number, item, lines, published, zone) -> Citation | None:
    item_line, key_lines = lines
    label = f'"{key}" item {number}: ' if number else f'"{key}": '

    def fail(message: str, subkey: str | None = None) -> None:
        line = key_lines.get(subkey) if subkey else None
        prefix = "" if message.startswith(f'"{key}"') else label  # a message that names the key already
        fields.problems.append(error(fields.path, prefix + message, line or item_line or fields.line(key)))

    if isinstance(item, str):
        item = {"url": item}
    if not isinstance(item, dict):
        fail(f"must be an address, or a mapping with url, name, date and archived, not {kind_of(item)}")
        return None
    unknown = sorted(str(k) for k in item if k not in SOURCE_KEYS)
    if unknown:
        fail(f"may hold only {', '.join(SOURCE_KEYS)}, not {', '.join(unknown)}", unknown[0])
    url, name, archived = item.get("url"), item.get("name", ""), item.get("archived", "")
    if not isinstance(url, str) or not url.strip():
        fail('needs a "url": the address of the report', "url")
        return None
    url = url.strip()
    if problem := web_url_problem("url" if number else key, url):
        fail(problem, "url")
        return None
    if not isinstance(name, str):
        fail(f'"name" must be text, not {kind_of(name)}', "name")
        return None
    when = None
    if item.get("date") is not None:
        when, problem = moment_value("date", item["date"], zone)
        if problem:
            fail(problem, "date")
        elif published is not None and when > published + SOURCE_LEAD:
            fail(
                f'"date" {_day(item["date"])} is more than {SOURCE_LEAD.days} days after the story\'s date '
                f"({published.date().isoformat()}); is the year or month right?",
                "date",
            )
    if archived is None:
        archived = ""
    if not isinstance(archived, str):
        fail(f'"archived" must be an address, not {kind_of(archived)}', "archived")
        return None
    archived = archived.strip()
    if archived:
        target = archived_target(archived)
        if target is None:
            fail(
                f'"archived" must be a copy on web.archive.org (https://web.archive.org/web/<date>/<url>) '
                f'or archive.today (https://archive.ph/<date>/<url>), not "{archived}"',
                "archived",
            )
        elif same_address(target) != same_address(url):
            fail(f'"archived" is a copy of {target}, not of the source\'s url {url}', "archived")
    name = " ".join(name.split()) or urlsplit(url).hostname or url
    return Citation(url=url, name=name, date=when, archived=archived)


def _day(value: object) -> str:
    return (
        value.date().isoformat() if isinstance(value, datetime) else value.isoformat() if isinstance(value, date) else str(value)
    )


def read_corrections(
    fields: FieldReader, published: datetime | None, zone: tzinfo, renderer: MarkdownRenderer
) -> tuple[Correction, ...]:
    """`corrections:`: a list of {date, text}, oldest first; each text one short Markdown paragraph."""
    value = fields.front.data.get("corrections")
    if value in (None, "", []):
        return ()
    if not isinstance(value, list):
        fields.fail("corrections", '"corrections" must be a list, each item with a date and a text')
        return ()
    items = fields.front.item_lines.get("corrections", ())
    corrections = []
    for number, item in enumerate(value, start=1):
        lines = items[number - 1] if number <= len(items) else (None, {})
        correction = _correction(fields, number, item, lines, published, zone, renderer)
        if correction:
            corrections.append(correction)
    return tuple(sorted(corrections, key=lambda c: c.date))


def _correction(fields, number, item, lines, published, zone, renderer) -> Correction | None:
    item_line, key_lines = lines

    def fail(message: str, subkey: str | None = None) -> None:
        where = (key_lines.get(subkey) if subkey else None) or item_line or fields.line("corrections")
        fields.problems.append(error(fields.path, f'"corrections" item {number}: {message}', where))

    if not isinstance(item, dict):
        fail(f"must be a mapping with date and text, not {kind_of(item)}")
        return None
    unknown = sorted(str(k) for k in item if k not in CORRECTION_KEYS)
    if unknown:
        fail(f"may hold only date and text, not {', '.join(unknown)}", unknown[0])
    when = None
    if item.get("date") is None:
        fail('needs a "date": the day the story was corrected', "date")
    else:
        when, problem = moment_value("date", item["date"], zone)
        if problem:
            fail(problem, "date")
        elif published is not None and _before(item["date"], when, published, zone):
            fail(f'"date" {_day(item["date"])} is before the story was published ({published.date().isoformat()})', "date")
            when = None
    html = _one_paragraph(item.get("text"), fail, renderer)
    plain = " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", html or "")).split())
    if html is not None and not plain:
        fail('"text" has no words once its HTML is cleaned: write what was wrong and what the story says now', "text")
        return None
    if when is None or html is None:
        return None
    return Correction(date=when, html=html, text=plain)


def _before(written: object, when: datetime, published: datetime, zone: tzinfo) -> bool:
    """A correction written as a day may be dated the story's day, whatever its time."""
    if (isinstance(written, date) and not isinstance(written, datetime)) or (isinstance(written, str) and len(written) <= 10):
        return when.date() < published.astimezone(zone).date()
    return when < published


def _one_paragraph(text: object, fail, renderer: MarkdownRenderer) -> Markup | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        fail('needs a "text": what was wrong and what the story says now', "text")
        return None
    if not isinstance(text, str):
        fail(f'"text" must be text, not {kind_of(text)}', "text")
        return None
    try:
        rendered = str(renderer.render(text.strip()).html).strip()
    except BeyondLimits as exc:
        fail(f'"text": {exc.message}', "text")
        return None
    inner = rendered.removeprefix("<p>").removesuffix("</p>")
    if not rendered.startswith("<p>") or "<p>" in inner or re.search(r"</?(?:ul|ol|h\d|blockquote|pre|table|div|hr)\b", inner):
        fail('"text" must be one short paragraph of Markdown (no lists, headings or blank lines)', "text")
        return None
    if len(text) > LONG_CORRECTION:
        fail(f'"text" is {len(text)} characters; a correction is a short note (at most {LONG_CORRECTION})', "text")
        return None
    return Markup(inner)


def latest_update(published: datetime, updated: datetime | None, corrections: tuple[Correction, ...]) -> datetime | None:
    """`updated` as given, else the latest correction's date (never before the story itself)."""
    if updated is not None or not corrections:
        return updated
    return max(corrections[-1].date, published)


def citation_problems(stories: Iterable[Card], now: datetime) -> list[Problem]:
    """Checks across stories and against the clock: two stories citing one address (often one
    event filed twice; `same_source_ok: true` on either says it is not), corrections dated
    after `now`."""
    problems = []
    cited: dict[str, Card] = {}
    for story in sorted(stories, key=lambda s: s.path):
        for citation in story.sources:
            address = same_address(citation.url)
            first = cited.setdefault(address, story)
            if first is not story and not (first.same_source_ok or story.same_source_ok):
                problems.append(
                    warning(
                        story.path,
                        f"cites {citation.url}, as {first.path} does: if they are one event filed twice, "
                        "merge them; if not, add `same_source_ok: true` to either",
                        story.line_of("sources") or story.line_of("source"),
                    )
                )
        for correction in story.corrections:
            if correction.date > now:
                problems.append(
                    error(
                        story.path,
                        f"correction dated {correction.date.date().isoformat()} is in the future; date it the day it was made",
                        story.line_of("corrections"),
                    )
                )
    return problems

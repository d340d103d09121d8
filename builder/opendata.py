"""Open data: /data/stories.json, stories.csv, departments.json, tags.json and schema.json, and
the /data/ page that describes them.

The schema is written from the rules that check front matter (slugs.SLUG_PATTERN, the source
and correction rules of citations.py, the site's sources policy), so what the files promise is
what the build enforces. Each file is declared (a FeedJob with the cards, departments and tags
it is made of) like any feed, and made only from that data and the config.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any, NamedTuple

from builder import citations, feeds
from builder.config import SiteConfig
from builder.model import Bodies, Department, Rows, Site
from builder.slugs import SLUG_PATTERN
from builder.urls import Urls, story_path

FOLDER = "data/"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
# Licences whose SPDX id a site may give as `data_license`, with the address of their text.
LICENSES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero 1.0 (public domain)", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-By-1.0": ("Open Data Commons Attribution 1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication 1.0", "https://opendatacommons.org/licenses/pddl/1-0/"),
}
CSV_COLUMNS = (
    "id",
    "title",
    "date",
    "updated",
    "department_id",
    "department",
    "tags",
    "summary",
    "url",
    "author",
    "location",
    "sources",
    "corrections",
    "last_corrected",
)
# (file, what it holds) in the order the /data/ page lists them.
FILES = (
    (
        "stories.json",
        "Every published story: id (its slug), title, dates, department, tags, summary, address, sources, corrections.",
    ),
    ("stories.csv", "The same stories as a spreadsheet, one row each (tags separated by ;, source addresses by spaces)."),
    ("departments.json", "Every department with stories: city, region, website, story count, first and latest story."),
    ("tags.json", "Every tag with its story count."),
    ("schema.json", "The JSON Schema (2020-12) the three JSON files follow."),
)


def license_of(config: SiteConfig) -> tuple[str, str]:
    """(name, address) of the data's licence: a known SPDX id gets its name and address."""
    name, url = LICENSES.get(config.data_license, (config.data_license, ""))
    return name, url


class Row(NamedTuple):
    """What the open data shows of one story, as plain values. The files about stories are
    declared with these rather than with cards: an edit that changes nothing they show (a
    story's body) does not make them again, which in a large archive costs a few tenths of a
    second an edit. Moments are given as the files write them, ISO 8601 text: the rows' cache key
    is their pickle (keys.py), and 10,000 rows of datetimes took 0.2 s to pickle, of text 0.03 s."""

    slug: str
    title: str
    date: str  # ISO 8601
    updated: str | None
    department: tuple[str, str]  # (slug, name)
    tags: tuple[tuple[str, str], ...]  # (slug, title) of each
    summary: str
    author: str
    location: str
    sources: tuple[tuple[str, str, str | None, str], ...]  # (url, name, date, archived) of each
    corrections: tuple[tuple[str, str], ...]  # (date, text) of each, oldest first


def rows(site: Site) -> Rows:
    departments = {slug: (slug, d.name) for slug, d in site.departments.items()}
    tags = {slug: (slug, t.title) for slug, t in site.tags.items()}
    story_department, story_tags = site.story_department, site.story_tags
    # A loop rather than generator expressions within a generator: 10,000 rows are made on
    # every build, and this way they take half the time.
    made = []
    for s in site.stories:
        slug = s.slug
        made.append(
            Row(
                slug,
                s.title,
                s.date.isoformat(),
                _when(s.updated),
                departments[story_department[slug]],
                tuple([tags[t] for t in story_tags[slug]]),
                s.summary,
                s.author,
                s.location,
                tuple([(c.url, c.name, _when(c.date), c.archived) for c in s.sources]) if s.sources else (),
                tuple([(c.date.isoformat(), c.text) for c in s.corrections]) if s.corrections else (),
            )
        )
    return Rows(made)


def export_jobs(site: Site, config: SiteConfig) -> list[feeds.FeedJob]:
    cards = rows(site)
    departments = tuple(
        (department, site.by_department[department.slug][-1].date, site.by_department[department.slug][0].date)
        for department in site.departments.values()
    )
    jobs = [
        (f"{FOLDER}stories.json", {"stories": cards}, stories_json),
        (f"{FOLDER}stories.csv", {"stories": cards}, stories_csv),
        (f"{FOLDER}departments.json", {"departments": departments}, departments_json),
        (f"{FOLDER}tags.json", {"tags": tuple(site.tags.values())}, tags_json),
        (f"{FOLDER}schema.json", {}, schema_json),
    ]
    return [feeds.FeedJob(path, "open data", data, make) for path, data, make in jobs]


def data_page(site: Site, config: SiteConfig, urls: Urls, page: Callable) -> Any:
    counts = {"stories": len(site.stories), "departments": len(site.departments), "tags": len(site.tags)}
    files = tuple((name, f"{FOLDER}{name}", about) for name, about in FILES)
    return page(
        FOLDER,
        "data.html",
        "open data page",
        {"files": files, "counts": counts, "license": license_of(config), "json_ld": dataset(config, urls, files)},
        title="Open data",
        section="data",
        description=f"The stories of {config.title} as open data: JSON, CSV and a JSON Schema.",
        lastmod=max((s.last_modified for s in site.stories), default=None),
    )


def dataset(config: SiteConfig, urls: Urls, files: tuple) -> dict[str, Any]:
    """schema.org Dataset metadata for the /data/ page."""
    name, url = license_of(config)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{config.title}: stories",
        "description": config.description or f"The stories of {config.title}.",
        "url": urls.absolute(FOLDER),
        "creator": {"@type": "Organization", "name": config.author or config.title, "url": config.base_url},
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv" if path.endswith(".csv") else "application/json",
                "contentUrl": urls.absolute(path),
            }
            for _, path, _ in files
        ],
    }
    if url or name:
        data["license"] = url or name
    return data


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def story_record(row: Row, urls: Urls) -> dict[str, Any]:
    return {
        "id": row.slug,
        "title": row.title,
        "date": row.date,
        "updated": row.updated,
        "department": {"id": row.department[0], "name": row.department[1]},
        "tags": [{"id": slug, "title": title} for slug, title in row.tags],
        "summary": row.summary,
        "url": urls.absolute(story_path(row.slug)),
        "author": row.author or None,
        "location": row.location or None,
        "sources": [
            {"url": url, "name": name, "date": when, "archived": archived or None} for url, name, when, archived in row.sources
        ],
        "corrections": [{"date": when, "text": text} for when, text in row.corrections],
    }


def _json(value: dict[str, Any]) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _listing_json(header: dict[str, Any], key: str, items: list[dict[str, Any]]) -> bytes:
    """A file's header, then its list one item a line: easy to read and to diff, and written by
    json's C encoder (indenting makes json use its pure-Python one, several times slower)."""
    head = json.dumps({**header, "count": len(items)}, ensure_ascii=False, indent=2)[:-2]
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for all: making one a call costs as much as using it
    lines = ",\n".join(["    " + encode(item) for item in items])
    body = f"[\n{lines}\n  ]" if items else "[]"
    return f'{head},\n  "{key}": {body}\n}}\n'.encode()


def _header(config: SiteConfig, urls: Urls) -> dict[str, Any]:
    name, url = license_of(config)
    return {
        "$schema": urls.absolute(f"{FOLDER}schema.json"),
        "title": config.title,
        "url": config.base_url,
        "license": {"name": name or None, "url": url or None},
    }


def stories_json(job: feeds.FeedJob, site: Site, config: SiteConfig, urls: Urls, bodies: Bodies) -> bytes:
    stories = [story_record(row, urls) for row in job.data["stories"]]
    return _listing_json(_header(config, urls), "stories", stories)


def stories_csv(job: feeds.FeedJob, site: Site, config: SiteConfig, urls: Urls, bodies: Bodies) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # RFC 4180: quoted where needed, lines ended by CRLF
    writer.writerow(CSV_COLUMNS)
    writer.writerows(
        [
            row.slug,
            row.title,
            row.date,
            row.updated or "",
            *row.department,
            ";".join(slug for slug, _ in row.tags),
            row.summary,
            urls.absolute(story_path(row.slug)),
            row.author,
            row.location,
            " ".join(url for url, *_ in row.sources),
            len(row.corrections),
            row.corrections[-1][0] if row.corrections else "",
        ]
        for row in job.data["stories"]
    )
    return buffer.getvalue().encode("utf-8")


def departments_json(job: feeds.FeedJob, site: Site, config: SiteConfig, urls: Urls, bodies: Bodies) -> bytes:
    departments = []
    for department, first, latest in job.data["departments"]:
        department: Department
        departments.append(
            {
                "id": department.slug,
                "name": department.name,
                "city": department.city or None,
                "region": department.region or None,
                "website": department.website or None,
                "url": urls.absolute(department),
                "stories": department.count,
                "first_story": first.isoformat(),
                "latest_story": latest.isoformat(),
            }
        )
    return _listing_json(_header(config, urls), "departments", departments)


def tags_json(job: feeds.FeedJob, site: Site, config: SiteConfig, urls: Urls, bodies: Bodies) -> bytes:
    tags = [{"id": t.slug, "title": t.title, "url": urls.absolute(t), "stories": t.count} for t in job.data["tags"]]
    return _listing_json(_header(config, urls), "tags", tags)


def schema_json(job: feeds.FeedJob, site: Site, config: SiteConfig, urls: Urls, bodies: Bodies) -> bytes:
    return _json(schema(config, urls))


def schema(config: SiteConfig, urls: Urls) -> dict[str, Any]:
    """The JSON Schema of the three JSON files, from the rules the build checks stories by."""
    text = {"type": "string"}
    optional_text = {"type": ["string", "null"]}
    moment = {"type": "string", "format": "date-time"}
    optional_moment = {"type": ["string", "null"], "format": "date-time"}
    web_url = {"type": "string", "format": "uri", "pattern": citations.WEB_URL_PATTERN}
    slug = {"type": "string", "pattern": SLUG_PATTERN.pattern}

    def record(properties: dict[str, Any], description: str) -> dict[str, Any]:
        return {
            "type": "object",
            "description": description,
            "additionalProperties": False,
            "required": list(properties),
            "properties": properties,
        }

    def file(key: str, item: str) -> dict[str, Any]:
        return record(
            {
                "$schema": {"const": urls.absolute(f"{FOLDER}schema.json")},
                "title": text,
                "url": web_url,
                "license": record({"name": optional_text, "url": {"type": ["string", "null"]}}, "The data's licence."),
                "count": {"type": "integer", "minimum": 0},
                key: {"type": "array", "items": {"$ref": f"#/$defs/{item}"}},
            },
            f"/data/{key}.json",
        )

    sources = {"type": "array", "items": {"$ref": "#/$defs/source"}}
    if config.sources == "required":
        sources["minItems"] = 1  # the site refuses a story without one
    sources["description"] = f"What the story is based on (site policy: sources are {config.sources})."
    defs = {
        "source": record(
            {
                "url": web_url,
                "name": {"type": "string", "minLength": 1},
                "date": optional_moment,
                "archived": {"type": ["string", "null"], "pattern": citations.ARCHIVE_PATTERN},
            },
            f"A report the story is based on; its date is at most {citations.SOURCE_LEAD.days} days after the story's.",
        ),
        "correction": record(
            {"date": moment, "text": {"type": "string", "minLength": 1, "maxLength": citations.LONG_CORRECTION}},
            "A change made after publication (Markdown text, one short paragraph).",
        ),
        "term": record({"id": slug, "name": text}, "A department as a story names it."),
        "tag": record({"id": slug, "title": text}, "A tag of a story."),
        "story": record(
            {
                "id": slug,
                "title": {"type": "string", "minLength": 1},
                "date": moment,
                "updated": optional_moment,
                "department": {"$ref": "#/$defs/term"},
                "tags": {"type": "array", "items": {"$ref": "#/$defs/tag"}},
                "summary": text,
                "url": web_url,
                "author": optional_text,
                "location": optional_text,
                "sources": sources,
                "corrections": {"type": "array", "items": {"$ref": "#/$defs/correction"}},
            },
            "A published story; its id is its slug, stable for as long as the story is published.",
        ),
        "department": record(
            {
                "id": slug,
                "name": text,
                "city": optional_text,
                "region": optional_text,
                "website": {"type": ["string", "null"], "pattern": citations.WEB_URL_PATTERN},
                "url": web_url,
                "stories": {"type": "integer", "minimum": 1},
                "first_story": moment,
                "latest_story": moment,
            },
            "A department with at least one published story.",
        ),
        "tagCount": record(
            {"id": slug, "title": text, "url": web_url, "stories": {"type": "integer", "minimum": 1}},
            "A tag with its number of published stories.",
        ),
        "storiesFile": file("stories", "story"),
        "departmentsFile": file("departments", "department"),
        "tagsFile": file("tags", "tagCount"),
    }
    return {
        "$schema": JSON_SCHEMA,
        "$id": urls.absolute(f"{FOLDER}schema.json"),
        "title": f"{config.title}: open data",
        "description": "The files under /data/: stories.json, departments.json and tags.json.",
        "oneOf": [{"$ref": "#/$defs/storiesFile"}, {"$ref": "#/$defs/departmentsFile"}, {"$ref": "#/$defs/tagsFile"}],
        "$defs": defs,
    }

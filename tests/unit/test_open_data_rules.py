"""The open data's schema cannot drift from the front-matter rules: whatever sources and
corrections the parser accepts, the exported record of the story is valid against the schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.config import SiteConfig
from builder.index import Selection, index_site
from builder.model import Content, SourceFile
from builder.opendata import CSV_COLUMNS, export_jobs, rows, schema, story_record
from builder.parse import parse_source
from builder.prose import MarkdownRenderer
from builder.urls import Urls

CONFIG = SiteConfig(base_url="https://example.org/", sources="optional")  # more stories accepted, more records checked
URLS = Urls(CONFIG)
RENDERER = MarkdownRenderer("/")
SCHEMA = schema(CONFIG, URLS)
STORY = jsonschema.Draft202012Validator(
    {**{k: v for k, v in SCHEMA.items() if k != "oneOf"}, "$ref": "#/$defs/story"},
    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
)

addresses = st.one_of(
    st.sampled_from(
        [
            "https://example.org/a",
            "HTTP://Example.org/a/",
            "http://example.org:8080/a?b=c#d",
            "https://example.org",
            "ftp://example.org/a",
            "https://",
            "http://@/a",
            "https://exa mple.org/",
            "javascript:alert(1)",
            "",
        ]
    ),
    st.text(max_size=30).map(lambda rest: "https://example.org/" + rest),
)
archives = st.one_of(
    st.none(),
    st.builds(
        str.__add__,
        st.sampled_from(
            [
                "https://web.archive.org/web/20250101000000/",
                "https://web.archive.org/web/2025id_/",
                "https://archive.ph/20250101/",
                "https://archive.today/newest/",
                "https://archive.ph/",
                "https://example.com/",
            ]
        ),
        addresses,
    ),
)
days = st.dates(min_value=datetime(2025, 5, 1).date(), max_value=datetime(2025, 6, 30).date()).map(str)
sources = st.lists(
    st.one_of(
        addresses,
        st.fixed_dictionaries(
            {"url": addresses},
            optional={"name": st.text(max_size=20), "date": days, "archived": archives},
        ),
    ),
    max_size=3,
)
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["<span></span>", "<script>x</script>", "*", "[x](javascript:y)", "a\n\nb", "&amp;", "x" * 601]),
)
corrections = st.lists(st.fixed_dictionaries({"date": days, "text": texts}), max_size=3)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources=sources, corrections=corrections)
def test_every_story_the_rules_accept_exports_a_record_the_schema_accepts(sources, corrections):
    front = {"title": "A", "date": "2025-05-10", "department": "D", "tags": ["x"], "sources": sources}
    front["corrections"] = corrections
    text = "---\n" + "\n".join(f"{key}: {json.dumps(value)}" for key, value in front.items()) + "\n---\nBody.\n"
    result = parse_source(SourceFile("content/stories/a.md", text, "d"), CONFIG, RENDERER)
    if result.item is None:
        return
    site, _ = index_site(Content(stories=(result.item,)), (), Selection(now=datetime(2030, 1, 1, tzinfo=UTC)))
    (row,) = rows(site)
    record = story_record(row, URLS)
    errors = [e.message for e in STORY.iter_errors(record)]
    assert errors == [], (front, record)


def test_an_empty_archive_exports_empty_files_the_schema_accepts():
    site, _ = index_site(Content(), (), Selection(now=datetime(2030, 1, 1, tzinfo=UTC)))
    made = {job.path: job.make(job, site, CONFIG, URLS, None) for job in export_jobs(site, CONFIG)}
    root = jsonschema.Draft202012Validator(SCHEMA)
    for name in ("stories", "departments", "tags"):
        document = json.loads(made[f"data/{name}.json"])
        assert document["count"] == 0 and document[name] == []
        root.validate(document)
    assert made["data/stories.csv"].decode().splitlines() == [",".join(CSV_COLUMNS)]

"""Sources, corrections and the open data, built end to end: what a reader, a feed reader, a
crawler and a data user each get."""

from __future__ import annotations

import csv
import io
import json

import feedparser
import jsonschema
import pytest

from tests.conftest import SITE_TOML, story
from tests.e2e.helpers import page, text

ARCHIVED = "https://web.archive.org/web/20260109000000/https://example.org/gazette/a"
SOURCES = f"""
  - name: The Gazette
    url: https://example.org/gazette/a
    date: 2026-01-09
    archived: {ARCHIVED}
  - https://example.net/release"""
CORRECTIONS = """
  - {date: 2026-01-12, text: "The officer's name is *Reyes*."}
  - {date: 2026-02-01, text: "The park is on Elm Street."}"""


def archive(count: int = 3) -> dict[str, str]:
    files = {
        "content/stories/sourced.md": story(title="Sourced", date="2026-01-10", sources=SOURCES, corrections=CORRECTIONS),
        "content/stories/draft.md": story(title="Draft", date="2026-01-11", draft="true", corrections=CORRECTIONS),
    }
    for n in range(count):
        files[f"content/stories/plain-{n}.md"] = story(
            title=f"Plain {n}",
            date=f"2026-03-{n + 1:02d}",
            department="Other Police Department" if n % 2 else "Test Police Department",
            tags=["alpha", "beta"][: n % 2 + 1],
            corrections=f"\n  - {{date: 2026-04-{n + 1:02d}, text: Fix {n}.}}",
        )
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import SiteFixture

    root = tmp_path_factory.mktemp("trust") / "site"
    site = SiteFixture(root)
    root.mkdir()
    site.write({"site.toml": SITE_TOML + 'paginate = 2\ndata_license = "CC-BY-4.0"\n', **archive()})
    result = site.build()
    assert result.ok, "\n".join(map(str, result.problems))
    return site


def json_ld(doc) -> dict:
    return json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)


def test_the_story_page_shows_its_sources_and_its_corrections_newest_first(built):
    doc = page(built.public, "stories/sourced/")
    sources = doc.xpath("//section[@class='story-sources']")[0]
    assert text(sources.xpath("h2")[0]) == "Sources"
    items = sources.xpath(".//li")
    assert [text(li) for li in items] == [
        "The Gazette, 9 January 2026 (archived copy of The Gazette)",
        "example.net",
    ]
    assert items[0].xpath("cite/a/@href") == ["https://example.org/gazette/a"]
    assert items[0].xpath("time/@datetime") == ["2026-01-09T00:00:00+00:00"]
    assert items[0].xpath("a/@href") == [ARCHIVED]
    notes = doc.xpath("//article//section[@class='story-corrections']/p")
    assert [text(p) for p in notes] == [
        "Corrected 1 February 2026: The park is on Elm Street.",
        "Corrected 12 January 2026: The officer’s name is Reyes.",
    ]
    assert notes[0].xpath(".//time/@datetime") == ["2026-02-01T00:00:00+00:00"]
    header = doc.xpath("//article/header")[0]
    assert header.getnext().get("class") == "story-corrections", "corrections come first, right under the headline"


def test_json_ld_carries_the_sources_and_the_corrections(built):
    data = json_ld(page(built.public, "stories/sourced/"))
    assert data["isBasedOn"] == ["https://example.org/gazette/a", "https://example.net/release"]
    assert [c["url"] for c in data["citation"]] == data["isBasedOn"]
    assert data["citation"][0]["archivedAt"] == ARCHIVED
    assert data["citation"][0]["publisher"]["name"] == "The Gazette"
    assert data["dateModified"] == "2026-02-01T00:00:00+00:00"
    assert [c["text"] for c in data["correction"]] == ["The officer’s name is Reyes.", "The park is on Elm Street."]
    assert {c["@type"] for c in data["correction"]} == {"CorrectionComment"}


def test_the_feed_entry_is_updated_links_its_sources_and_shows_the_corrections(built):
    feed = feedparser.parse(built.read("feed.xml"))
    assert not feed.bozo
    entry = next(e for e in feed.entries if e.title == "Sourced")
    assert entry.updated == "2026-02-01T00:00:00+00:00"
    via = [(link.href, link.get("title")) for link in entry.links if link.rel == "via"]
    assert via == [("https://example.org/gazette/a", "The Gazette"), ("https://example.net/release", "example.net")]
    assert "Corrected 1 February 2026:" in entry.content[0].value


def test_the_sitemap_dates_a_corrected_story_by_its_latest_correction(built):
    sitemap = built.read("sitemap.xml")
    entry = sitemap.split("https://example.org/stories/sourced/</loc>", 1)[1].split("</url>", 1)[0]
    assert "<lastmod>2026-02-01T00:00:00+00:00</lastmod>" in entry


def test_the_corrections_page_lists_corrected_stories_newest_correction_first_paginated(built):
    first = page(built.public, "corrections/")
    second = page(built.public, "corrections/page/2/")
    titles = [text(a) for doc in (first, second) for a in doc.xpath("//main//h2/a")]
    assert titles == ["Plain 2", "Plain 1", "Plain 0", "Sourced"], "newest correction first; drafts left out"
    assert "Corrected 1 February 2026: The park is on Elm Street." in text(second)
    assert first.xpath("//footer//a[text()='Corrections']/@href") == ["/corrections/"]
    assert first.xpath("//link[@rel='alternate']/@href") == ["https://example.org/corrections/feed.xml"]


def test_the_corrections_feed_has_one_entry_a_corrected_story(built):
    feed = feedparser.parse(built.read("corrections/feed.xml"))
    assert not feed.bozo and feed.version == "atom10"
    assert [e.title for e in feed.entries] == [
        "Correction: Plain 2",
        "Correction: Plain 1",
        "Correction: Plain 0",
        "Correction: Sourced",
    ]
    sourced = feed.entries[3]
    assert sourced.id == "https://example.org/stories/sourced/#corrections"
    assert sourced.link == "https://example.org/stories/sourced/"
    assert sourced.updated == "2026-02-01T00:00:00+00:00"
    assert "The officer’s name is <em>Reyes</em>." in sourced.content[0].value


@pytest.mark.parametrize(
    ("file", "definition"), [("stories", "storiesFile"), ("departments", "departmentsFile"), ("tags", "tagsFile")]
)
def test_every_json_export_is_valid_against_the_published_schema(built, file, definition):
    schema = json.loads(built.read("data/schema.json"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(built.read(f"data/{file}.json"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    jsonschema.Draft202012Validator(schema, format_checker=checker).validate(document)  # the root: one of the three files
    specific = {key: value for key, value in schema.items() if key != "oneOf"} | {"$ref": f"#/$defs/{definition}"}
    jsonschema.Draft202012Validator(specific, format_checker=checker).validate(document)


def test_the_schema_refuses_what_the_front_matter_rules_refuse(built):
    schema = json.loads(built.read("data/schema.json"))
    document = json.loads(built.read("data/stories.json"))
    validator = jsonschema.Draft202012Validator(schema)
    sourced = next(s for s in document["stories"] if s["id"] == "sourced")
    for broken in (
        {"url": "ftp://example.org/a"},
        {"archived": "https://example.com/copy"},
        {"name": ""},
    ):
        sourced["sources"][0] = {**sourced["sources"][0], **broken}
        assert not validator.is_valid(document), broken
        sourced["sources"][0] = json.loads(built.read("data/stories.json"))["stories"][-1]["sources"][0]
    sourced["corrections"][0]["text"] = ""
    assert not validator.is_valid(document)


def test_the_exports_count_the_published_stories_and_read_back(built):
    stories = json.loads(built.read("data/stories.json"))
    published = {p.parent.name for p in (built.public / "stories").glob("*/index.html")}
    assert stories["count"] == len(stories["stories"]) == len(published) == 4
    assert {s["id"] for s in stories["stories"]} == published
    assert stories["license"] == {
        "name": "Creative Commons Attribution 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    rows = list(csv.DictReader(io.StringIO(built.read("data/stories.csv"), newline="")))
    assert [row["id"] for row in rows] == [s["id"] for s in stories["stories"]]
    sourced = next(row for row in rows if row["id"] == "sourced")
    assert sourced["sources"] == "https://example.org/gazette/a https://example.net/release"
    assert (sourced["corrections"], sourced["last_corrected"]) == ("2", "2026-02-01T00:00:00+00:00")
    assert sourced["tags"] == "community"
    departments = json.loads(built.read("data/departments.json"))
    assert sum(d["stories"] for d in departments["departments"]) == len(published)
    assert {d["id"]: d["stories"] for d in departments["departments"]} == {
        "other-police-department": 1,
        "test-police-department": 3,
    }
    tags = json.loads(built.read("data/tags.json"))
    assert {t["id"]: t["stories"] for t in tags["tags"]} == {"alpha": 3, "beta": 1, "community": 1}


def test_the_data_page_describes_each_file_its_licence_and_how_to_cite(built):
    doc = page(built.public, "data/")
    files = [text(dt) for dt in doc.xpath("//main//dt")]
    assert files == ["stories.json", "stories.csv", "departments.json", "tags.json", "schema.json"]
    assert doc.xpath("//main//dt/a/@href") == [f"/data/{name}" for name in files]
    assert doc.xpath("//a[@rel='license']/@href") == ["https://creativecommons.org/licenses/by/4.0/"]
    assert "How to cite" in text(doc)
    assert json_ld(doc)["@type"] == "Dataset"
    assert doc.xpath("//footer//a[text()='Open data']/@href") == ["/data/"]


def test_a_site_requiring_sources_refuses_a_story_without_one_and_its_schema_says_so(make_site):
    files = {"content/stories/a.md": story(title="A", source="https://example.org/a")}
    site = make_site(files, site_toml=SITE_TOML.replace('sources = "optional"', 'sources = "required"'))
    result = site.build()
    assert result.ok
    assert json.loads(site.read("data/schema.json"))["$defs"]["story"]["properties"]["sources"]["minItems"] == 1
    site.write({"content/stories/b.md": story(title="B")})
    refused = site.cli("build")
    assert refused.returncode == 1
    assert "content/stories/b.md: error: story has no sources; add `sources:`" in refused.stderr


def test_same_source_in_two_stories_is_a_warning_naming_both(make_site):
    files = {
        "content/stories/a.md": story(title="A", source="https://example.org/same"),
        "content/stories/b.md": story(title="B", sources="\n  - https://example.org/same/"),
    }
    site = make_site(files)
    built = site.cli("build")
    assert built.returncode == 0
    assert "content/stories/b.md:6: warning: cites https://example.org/same/, as content/stories/a.md does" in built.stderr
    site.write({"content/stories/b.md": story(title="B", sources="\n  - https://example.org/same/", same_source_ok="true")})
    assert "cites" not in site.cli("build").stderr


def test_the_story_corrections_and_data_pages_are_valid_html(built):
    from tests.checks.tools import run_vnu

    report = run_vnu(built.public)
    assert report.errors == [], report.describe(built.public.resolve())
    checked = {p.relative_to(built.public.resolve()).as_posix() for p in report.checked}
    assert {"stories/sourced/index.html", "corrections/index.html", "corrections/page/2/index.html", "data/index.html"} <= checked

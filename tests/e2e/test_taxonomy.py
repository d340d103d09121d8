"""Tags and departments: names as editors write them end up on one page each (requirement 4)."""

from __future__ import annotations

import re

import feedparser

from tests.conftest import story
from tests.e2e.helpers import atom, exists, is_redirect, main, page, story_slugs, text, the_link, xml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def build(make_site, files: dict[str, str]):
    site = make_site(files)
    result = site.build()
    assert result.ok, "\n".join(map(str, result.problems))
    return site.public


def built_slugs(public, section: str) -> list[str]:
    """The tags or departments with a page of their own (not a redirect from an alias, nor the region pages)."""
    folders = [p for p in (public / section).iterdir() if p.is_dir() and (p / "index.html").is_file()]
    return sorted(p.name for p in folders if not is_redirect(page(public, f"{section}/{p.name}/")))


def probe_counts(public, section: str) -> dict[str, int]:
    """What a probe template printed: `slug=count;` for every tag or department."""
    raw = (public / section / "index.html").read_text(encoding="utf-8").strip()
    return {slug: int(count) for slug, count in (item.split("=") for item in raw.split(";") if item)}


PROBES = {
    "templates/tags.html": "{% for t in tags %}{{ t.slug }}={{ t.count }};{% endfor %}\n",
    "templates/departments.html": "{% for r, ds in regions %}{% for d in ds %}{{ d.slug }}={{ d.count }};{% endfor %}{% endfor %}\n",
}


def test_a_tag_with_accents_gets_an_ascii_address_and_keeps_its_spelling(make_site):
    public = build(make_site, {"content/stories/cafe.md": story("Coffee Morning", tags=["Café Outreach"])})
    assert built_slugs(public, "tags") == ["cafe-outreach"]
    assert [text(h) for h in main(page(public, "tags/cafe-outreach/")).iter("h1")] == ["Café Outreach"]
    assert text(the_link(main(page(public, "stories/cafe/")), "/tags/cafe-outreach/")) == "Café Outreach"


def test_tags_differing_in_case_and_punctuation_are_one_tag(make_site):
    public = build(
        make_site,
        {
            "content/stories/a.md": story("Story A", "2026-01-02", tags="COMMUNITY POLICING"),
            "content/stories/b.md": story("Story B", "2026-01-01", tags=["community-policing"]),
            **PROBES,
        },
    )
    assert built_slugs(public, "tags") == ["community-policing"]
    assert probe_counts(public, "tags") == {"community-policing": 2}
    assert story_slugs(main(page(public, "tags/community-policing/"))) == ["a", "b"]
    for slug in ("a", "b"):
        assert the_link(main(page(public, f"stories/{slug}/")), "/tags/community-policing/") is not None


def test_tag_profile_aliases_merge_into_the_tag_whose_title_and_description_are_shown(make_site):
    public = build(
        make_site,
        {
            "content/tags/youth-outreach.md": (
                '---\ntitle: Youth Outreach\naliases: ["youth programs", "Kids Programs"]\n---\n'
                "Officers spending time with young people.\n"
            ),
            "content/stories/a.md": story("Story A", "2026-01-03", tags=["Youth Programs"]),
            "content/stories/b.md": story("Story B", "2026-01-02", tags=["youth-outreach"]),
            "content/stories/c.md": story("Story C", "2026-01-01", tags=["kids programs"]),
        },
    )
    assert built_slugs(public, "tags") == ["youth-outreach"]
    content = main(page(public, "tags/youth-outreach/"))
    assert [text(h) for h in content.iter("h1")] == ["Youth Outreach"]
    assert "Officers spending time with young people." in text(content)
    assert story_slugs(content) == ["a", "b", "c"]
    assert len(atom(xml(public, "tags/youth-outreach/feed.xml"), "/a:feed/a:entry")) == 3
    assert text(the_link(main(page(public, "stories/a/")), "/tags/youth-outreach/")) == "Youth Outreach"


def test_a_story_naming_a_tag_and_its_alias_is_counted_once(make_site):
    public = build(
        make_site,
        {
            "content/tags/youth-outreach.md": '---\ntitle: Youth Outreach\naliases: ["youth programs"]\n---\n',
            "content/stories/a.md": story("Story A", tags=["Youth Programs", "youth-outreach"]),
            **PROBES,
        },
    )
    assert probe_counts(public, "tags") == {"youth-outreach": 1}
    assert len(main(page(public, "stories/a/")).xpath('.//a[@href="/tags/youth-outreach/"]')) == 1


def test_departments_match_a_profile_by_its_slug_its_name_in_any_case_the_slug_of_its_name_and_an_alias(make_site):
    public = build(
        make_site,
        {
            "content/departments/riverbend-pd.md": (
                '---\nname: Riverbend Police Department\ncity: Riverbend\naliases: ["The Riverbend Cops"]\n---\n'
            ),
            "content/stories/by-slug.md": story("By Slug", "2026-01-04", "riverbend-pd"),
            "content/stories/by-name.md": story("By Name", "2026-01-03", "RIVERBEND police DEPARTMENT"),
            "content/stories/by-name-slug.md": story("By Name Slug", "2026-01-02", "riverbend-police-department"),
            "content/stories/by-alias.md": story("By Alias", "2026-01-01", "the riverbend cops"),
            **PROBES,
        },
    )
    assert built_slugs(public, "departments") == ["riverbend-pd"]
    assert probe_counts(public, "departments") == {"riverbend-pd": 4}
    content = main(page(public, "departments/riverbend-pd/"))
    assert [text(h) for h in content.iter("h1")] == ["Riverbend Police Department"]
    assert story_slugs(content) == ["by-slug", "by-name", "by-name-slug", "by-alias"]
    for slug in ("by-slug", "by-name", "by-name-slug", "by-alias"):
        link = the_link(main(page(public, f"stories/{slug}/")), "/departments/riverbend-pd/")
        assert text(link) == "Riverbend Police Department"


def test_a_department_without_a_profile_is_named_as_written_at_a_slugified_address(make_site):
    public = build(make_site, {"content/stories/a.md": story("Story A", department="Cedar Point Sheriff's Office")})
    (slug,) = built_slugs(public, "departments")
    assert SLUG.match(slug) and slug.startswith("cedar-point-sheriff"), slug
    content = main(page(public, f"departments/{slug}/"))
    assert [text(h) for h in content.iter("h1")] == ["Cedar Point Sheriff's Office"]
    assert text(the_link(main(page(public, "stories/a/")), f"/departments/{slug}/")) == "Cedar Point Sheriff's Office"
    assert exists(public, f"departments/{slug}/") and (public / f"departments/{slug}/feed.xml").is_file()


def test_a_comma_separated_tags_string_gives_one_tag_per_item_in_order(make_site):
    public = build(make_site, {"content/stories/a.md": story("Story A", tags="parks, Bike Safety ,youth")})
    assert built_slugs(public, "tags") == ["bike-safety", "parks", "youth"]
    links = [a.get("href") for a in main(page(public, "stories/a/")).iter("a") if a.get("href", "").startswith("/tags/")]
    assert links == ["/tags/parks/", "/tags/bike-safety/", "/tags/youth/"]


def test_a_story_with_toml_front_matter_builds_like_any_other(make_site):
    toml_story = (
        "+++\n"
        'title = "A TOML Story"\n'
        "date = 2026-02-03T08:15:00-05:00\n"
        'department = "Test Police Department"\n'
        'tags = ["toml-tag"]\n'
        'author = "Toml Author"\n'
        "+++\n"
        "Written with plus signs around its front matter.\n"
    )
    public = build(make_site, {"content/stories/toml-story.md": toml_story})
    content = main(page(public, "stories/toml-story/"))
    assert [text(h) for h in content.iter("h1")] == ["A TOML Story"]
    assert content.xpath(".//time/@datetime")[0] == "2026-02-03T08:15:00-05:00"
    assert "Toml Author" in text(content)
    assert "Written with plus signs around its front matter." in text(content)
    assert exists(public, "tags/toml-tag/")
    assert exists(public, "departments/test-police-department/")


def test_a_datetime_with_an_offset_keeps_its_offset_in_the_feed_and_the_page(make_site):
    public = build(make_site, {"content/stories/a.md": story("Story A", "2026-03-01T09:30:00-06:00")})
    (published,) = atom(xml(public, "feed.xml"), "/a:feed/a:entry/a:published")
    assert published.text == "2026-03-01T09:30:00-06:00"
    (updated,) = atom(xml(public, "feed.xml"), "/a:feed/a:entry/a:updated")
    assert updated.text.endswith("-06:00")
    parsed = feedparser.parse((public / "feed.xml").read_bytes())
    assert parsed.entries[0].published == "2026-03-01T09:30:00-06:00"
    assert main(page(public, "stories/a/")).xpath(".//time/@datetime")[0] == "2026-03-01T09:30:00-06:00"

from datetime import UTC, datetime

from builder.config import SiteConfig
from builder.index import Selection, index_site
from builder.model import MediaFile, SourceFile
from builder.parse import parse_sources
from tests.conftest import story

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def index(files, media=(), **selection):
    sources = [SourceFile(path, text, "d") for path, text in sorted(files.items())]
    content, problems = parse_sources(sources, SiteConfig())
    assert [p for p in problems if p.is_error] == []
    return index_site(content, media, Selection(now=NOW, **selection))


def test_stories_are_newest_first_with_ties_broken_by_slug():
    site, _ = index(
        {
            "content/stories/b.md": story(date="2026-01-01"),
            "content/stories/a.md": story(date="2026-01-01"),
            "content/stories/c.md": story(date="2026-02-01"),
        }
    )
    assert [s.slug for s in site.stories] == ["c", "a", "b"]


def test_drafts_and_future_stories_are_left_out_unless_asked_for():
    files = {
        "content/stories/draft.md": story(draft="true", tags=["only-draft"]),
        "content/stories/future.md": story(date="2027-01-01"),
        "content/stories/now.md": story(),
    }
    site, _ = index(files)
    assert [s.slug for s in site.stories] == ["now"]
    assert "only-draft" not in site.tags
    site, _ = index(files, drafts=True, future=True)
    assert {s.slug for s in site.stories} == {"draft", "future", "now"}


def test_departments_match_profiles_by_slug_name_and_alias():
    site, _ = index(
        {
            "content/departments/maple-pd.md": "---\nname: Maple Hollow PD\nregion: Oregon\naliases: [MHPD]\n---\n",
            "content/stories/a.md": story(department="maple-pd"),
            "content/stories/b.md": story(department="MAPLE HOLLOW PD"),
            "content/stories/c.md": story(department="mhpd"),
            "content/stories/d.md": story(department="Riverbend Police"),
            "content/stories/e.md": story(department="riverbend police"),
        }
    )
    assert set(site.departments) == {"maple-pd", "riverbend-police"}
    assert site.departments["maple-pd"].count == 3
    assert site.departments["maple-pd"].region == "Oregon"
    assert site.departments["riverbend-police"].count == 2


def test_tag_aliases_merge_into_their_tag_and_profiles_give_the_title():
    site, _ = index(
        {
            "content/tags/community-policing.md": "---\ntitle: Community Policing\naliases: [neighborhood policing]\n---\n",
            "content/stories/a.md": story(tags=["Neighborhood Policing"]),
            "content/stories/b.md": story(tags=["community policing", "sports"]),
        }
    )
    assert list(site.tags) == ["community-policing", "sports"]
    assert site.tags["community-policing"].title == "Community Policing"
    assert site.tags["community-policing"].count == 2
    assert site.story_tags["a"] == ("community-policing",)


def test_a_tag_without_profile_is_named_by_its_most_used_spelling():
    site, _ = index(
        {
            "content/stories/a.md": story(tags=["K9 Units"]),
            "content/stories/b.md": story(tags=["k9 units"]),
            "content/stories/c.md": story(tags=["K9 Units"]),
        }
    )
    assert site.tags["k9-units"].title == "K9 Units"


def test_duplicate_slugs_name_both_files():
    sources = [SourceFile("content/stories/a.md", story(), "d"), SourceFile("content/stories/b.md", story(slug="a"), "d")]
    content, _ = parse_sources(sources, SiteConfig())
    _, problems = index_site(content, (), Selection(now=NOW))
    assert [str(p) for p in problems] == [
        'content/stories/b.md:6: error: slug "a" is already used by content/stories/a.md; give one of them its own `slug:`'
    ]


def test_media_a_story_refers_to_must_exist():
    sources = [SourceFile("content/stories/a.md", story(image="media/a.png", image_alt="A", body="![b](/media/b.png)"), "d")]
    content, _ = parse_sources(sources, SiteConfig())
    _, problems = index_site(content, [MediaFile("media/a.png", "content/media/a.png")], Selection(now=NOW))
    assert [p.message for p in problems] == ['"media/b.png" is not in content/media/ (looked for content/media/b.png)']


def test_pages_may_not_take_a_generated_section():
    sources = [SourceFile("content/pages/tags.md", "---\ntitle: T\n---\n", "d")]
    content, _ = parse_sources(sources, SiteConfig())
    _, problems = index_site(content, (), Selection(now=NOW))
    assert "would replace the generated /tags/ section" in problems[0].message


def test_years_are_newest_first():
    site, _ = index({"content/stories/a.md": story(date="2024-05-01"), "content/stories/b.md": story(date="2026-05-01")})
    assert list(site.by_year) == [2026, 2024]

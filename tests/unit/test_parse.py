from datetime import UTC, datetime, timedelta, timezone

from builder.config import SiteConfig
from builder.model import DepartmentProfile, Page, SourceFile, Story, TagProfile
from builder.parse import parse_source
from builder.prose import MarkdownRenderer
from builder.slugs import make_slug
from tests.conftest import story

CONFIG = SiteConfig(sources="optional")  # the sources policy has its own tests (test_citations.py)


def parse(path, text, config=CONFIG):
    return parse_source(SourceFile(path, text, "digest"), config, MarkdownRenderer(config.base_path))


def messages(result):
    return [str(p) for p in result.problems]


def test_a_complete_story_becomes_a_story_value():
    text = story(
        title="Officers Paint the Pier",
        date="2025-06-14T09:30:00-07:00",
        department="Harbor City PD",
        tags="Community Policing, sports",
        author="Ana",
        location="Harbor City",
        source='{name: "Gazette", url: "https://example.org/a"}',
        image="media/pier.svg",
        image_alt="The pier",
        body="One two three.",
    )
    result = parse("content/stories/2025/paint-the-pier.md", text)
    assert messages(result) == []
    item = result.item
    assert isinstance(item, Story)
    assert item.slug == "paint-the-pier"
    assert item.date == datetime(2025, 6, 14, 9, 30, tzinfo=timezone(timedelta(hours=-7)))
    assert item.tags == ("community-policing", "sports")
    assert item.tag_names == ("Community Policing", "sports")
    assert [(s.name, s.url) for s in item.sources] == [("Gazette", "https://example.org/a")]
    assert item.image == "media/pier.svg"
    assert item.summary == "One two three."
    assert item.word_count == 3 and item.reading_minutes == 1


def test_a_bare_date_is_midnight_in_the_site_timezone():
    config = SiteConfig(timezone="America/Chicago")
    item = parse("content/stories/a.md", story(date="2026-01-10"), config).item
    assert item.date.isoformat() == "2026-01-10T00:00:00-06:00"


def test_tags_that_differ_only_in_spelling_are_one_tag():
    item = parse("content/stories/a.md", story(tags=["Café Outreach", "cafe-outreach", "CAFE OUTREACH"])).item
    assert item.tags == ("cafe-outreach",)


def test_the_slug_field_overrides_the_file_stem():
    assert parse("content/stories/x.md", story(slug="my-slug")).item.slug == "my-slug"


def test_a_file_name_that_is_not_a_slug_is_an_error_with_a_suggestion():
    result = parse("content/stories/My Story.md", story())
    assert result.item is None
    assert "add `slug: my-story`" in messages(result)[0]


def test_every_field_problem_in_a_file_is_reported_at_once():
    text = "---\ntitle: \ndate: 2024-13-45\ndepartment: [a]\ntags: {a: 1}\nimage: media/x.png\n---\n"
    result = parse("content/stories/a.md", text)
    assert result.item is None
    errors = [p for p in result.problems if p.is_error]
    assert [p.line for p in errors] == [2, 3, 4, 5, 6]


def test_wrong_types_name_the_key_and_line():
    result = parse("content/stories/a.md", "---\ntitle: [a, b]\ndate: 2026-01-01\ndepartment: D\ntags: [x]\n---\n")
    assert messages(result) == ['content/stories/a.md:2: error: "title" must be text, not a list']


def test_a_title_written_as_a_number_keeps_its_text():
    assert parse("content/stories/a.md", story(title="1.10")).item.title == "1.10"


def test_an_image_needs_alt_text():
    result = parse("content/stories/a.md", story(image="media/a.png"))
    assert any('"image" needs "image_alt"' in m for m in messages(result))


def test_source_must_be_a_web_address():
    result = parse("content/stories/a.md", story(source="javascript:alert(1)"))
    assert any("http:// or https://" in m for m in messages(result))


def test_unknown_keys_are_warnings_with_a_suggestion():
    result = parse("content/stories/a.md", story(titel="x"))
    assert result.item is not None
    assert messages(result) == ['content/stories/a.md:6: warning: unknown front-matter key "titel"; did you mean "title"?']


def test_department_tag_and_page_profiles():
    department = parse(
        "content/departments/mhpd.md",
        '---\nname: Maple PD\nregion: Oregon\naliases: [MHPD]\nwebsite: "https://example.org"\n---\nAbout.',
    ).item
    assert isinstance(department, DepartmentProfile) and department.aliases == ("MHPD",)
    tag = parse("content/tags/k9.md", "---\ntitle: K-9 Units\naliases: dogs, canines\n---\n").item
    assert isinstance(tag, TagProfile) and tag.aliases == ("dogs", "canines")
    page = parse("content/pages/about.md", "---\ntitle: About\n---\nWe publish stories.").item
    assert isinstance(page, Page) and page.slug == "about" and page.summary == "We publish stories."


def test_make_slug_is_ascii_and_joins_apostrophes():
    assert make_slug("Cedar Point Sheriff's Office") == "cedar-point-sheriffs-office"
    assert make_slug("Caf\u0065\u0301 Outreach") == make_slug("Café Outreach") == "cafe-outreach"
    assert make_slug("🚓") == ""


def test_a_future_date_still_parses(tmp_path):
    assert parse("content/stories/a.md", story(date="2999-01-01")).item.date > datetime.now(UTC)


def test_an_impossible_date_is_an_error_on_its_line():
    result = parse("content/stories/a.md", story(date="2024-02-30"))
    assert messages(result) == ['content/stories/a.md:3: error: "date" is 2024-02-30, which is not a real date']

"""Every page type of a built site exists and shows what it should (requirements 1 and 12)."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e import newsroom
from tests.e2e.helpers import (
    RFC3339,
    canonical,
    exists,
    head_value,
    html_files,
    is_redirect,
    main,
    og_url,
    page,
    rel_link,
    site_path_of,
    story_slugs,
    text,
    the_link,
    xml,
)

BASE = "https://example.org/"


def numbers_beside(link) -> list[int]:
    """The numbers in the list item around a link, outside the link's own text (a count)."""
    around = text(link.getparent()).replace(text(link), " ", 1)
    return [int(n) for n in re.findall(r"\d+", around)]


def position(root, element) -> int:
    return next(i for i, e in enumerate(root.iter()) if e is element)


@pytest.fixture(scope="module")
def public(newsroom_site):
    return newsroom_site.public


# --- home and its pages ------------------------------------------------------------------------


def test_home_page_lists_the_newest_stories_first_up_to_the_paginate_setting(public):
    assert story_slugs(main(page(public, ""))) == newsroom.STORIES[:3]


def test_second_home_page_continues_the_list_and_there_is_no_third(public):
    assert story_slugs(main(page(public, "page/2/"))) == newsroom.STORIES[3:]
    assert not exists(public, "page/3/")


def test_home_page_links_to_the_content_pages(public):
    assert the_link(page(public, ""), "/about/") is not None


# --- story pages -------------------------------------------------------------------------------


def test_every_published_story_has_a_page_with_its_title_as_the_heading(public):
    for slug, title in newsroom.TITLES.items():
        doc = page(public, f"stories/{slug}/")
        assert [text(h) for h in main(doc).iter("h1")] == [title]
        assert title in text(doc.find(".//title"))


def test_story_page_shows_date_department_tags_author_location_source_and_body(public):
    content = main(page(public, "stories/harbor-cleanup/"))
    time = content.xpath(".//time[@datetime]")[0]
    assert time.get("datetime") == "2026-03-05T09:30:00-06:00"
    assert "2026" in text(time)
    assert text(the_link(content, "/departments/harbor-city-police-department/")) == "Harbor City Police Department"
    assert text(the_link(content, "/tags/community-policing/")) == "Community Policing"
    assert the_link(content, "/tags/volunteering/") is not None
    words = text(content)
    assert "Jane Reporter" in words
    assert "Harbor City, Bayshore County" in words
    assert "Harbor Gazette" in text(the_link(content, "https://news.example.com/harbor-cleanup"))
    assert "Volunteers and officers cleared the harbor front on Saturday morning." in words
    assert text(the_link(content, "/stories/food-drive/")) == "the food drive"
    assert re.search(r"\b\d+ min read\b", words), words


def test_story_page_dates_carry_an_offset_even_when_written_as_a_plain_date(public):
    time = main(page(public, "stories/food-drive/")).xpath(".//time[@datetime]")[0]
    assert RFC3339.match(time.get("datetime")), time.get("datetime")
    assert time.get("datetime").startswith("2026-02-01T")


def test_story_pages_link_to_the_older_and_the_newer_neighbour(public):
    order = newsroom.STORIES
    for index, slug in enumerate(order):
        content = main(page(public, f"stories/{slug}/"))
        older = f"/stories/{order[index + 1]}/" if index + 1 < len(order) else None
        newer = f"/stories/{order[index - 1]}/" if index > 0 else None
        assert (rel_link(content, "prev"), rel_link(content, "next")) == (older, newer), slug


def test_story_page_carries_news_article_json_ld(public):
    doc = page(public, "stories/harbor-cleanup/")
    scripts = doc.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Harbor Cleanup Day"
    assert data["datePublished"] == "2026-03-05T09:30:00-06:00"
    assert data["url"] == BASE + "stories/harbor-cleanup/"


def test_json_ld_date_of_a_plain_date_story_has_an_offset(public):
    doc = page(public, "stories/food-drive/")
    data = json.loads(doc.xpath('//script[@type="application/ld+json"]')[0].text)
    assert RFC3339.match(data["datePublished"]), data["datePublished"]
    assert data["url"] == BASE + "stories/food-drive/"


# --- tags --------------------------------------------------------------------------------------


def test_tags_overview_lists_every_tag_with_its_count(public):
    content = main(page(public, "tags/"))
    for slug, (_, stories) in newsroom.TAGS.items():
        link = the_link(content, f"/tags/{slug}/")
        assert len(stories) in numbers_beside(link), (slug, text(link.getparent()))
    tag_links = [h for h in (a.get("href") for a in content.iter("a")) if h and h.startswith("/tags/")]
    assert sorted(tag_links) == sorted(f"/tags/{slug}/" for slug in newsroom.TAGS)


def test_each_tag_page_lists_exactly_its_stories_newest_first_and_has_a_feed(public):
    for slug, (title, stories) in newsroom.TAGS.items():
        doc = page(public, f"tags/{slug}/")
        assert story_slugs(main(doc)) == stories, slug
        if title:
            assert [text(h) for h in main(doc).iter("h1")] == [title]
        assert (public / f"tags/{slug}/feed.xml").is_file()
        feed_link = head_value(doc, '//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
        assert feed_link == f"{BASE}tags/{slug}/feed.xml"


def test_tag_page_shows_the_profile_title_and_description(public):
    content = main(page(public, "tags/community-policing/"))
    assert [text(h) for h in content.iter("h1")] == ["Community Policing"]
    assert "Officers and residents working side by side." in text(content)


# --- departments -------------------------------------------------------------------------------


def test_departments_overview_has_one_h2_per_region_with_its_departments_under_it(public):
    content = main(page(public, "departments/"))
    headings = [text(h) for h in content.iter("h2")]
    for region in ("Bayshore County", "Lakeshore County"):
        assert headings.count(region) == 1, headings
    for slug, (name, _, region, _, _) in newsroom.DEPARTMENTS.items():
        link = the_link(content, f"/departments/{slug}/")
        assert text(link) == name
        heading = link.xpath("preceding::h2[1]")
        assert heading, f"{name} is not under a region heading"
        if region:
            assert text(heading[0]) == region
        else:
            assert text(heading[0]) not in ("Bayshore County", "Lakeshore County")


def test_department_page_shows_its_profile_details_above_its_stories(public):
    for slug, (name, city, region, website, stories) in newsroom.DEPARTMENTS.items():
        doc = page(public, f"departments/{slug}/")
        content = main(doc)
        assert [text(h) for h in content.iter("h1")] == [name]
        assert story_slugs(content) == stories
        first_story = the_link(content, f"/stories/{stories[0]}/")
        words = text(content)
        for detail in (city, region):
            if detail:
                assert detail in words
                assert words.index(detail) < words.index(newsroom.TITLES[stories[0]])
        if website:
            site_link = the_link(content, website)
            assert position(content, site_link) < position(content, first_story)


def test_each_department_has_a_feed(public):
    for slug in newsroom.DEPARTMENTS:
        assert (public / f"departments/{slug}/feed.xml").is_file()
        doc = page(public, f"departments/{slug}/")
        feed_link = head_value(doc, '//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
        assert feed_link == f"{BASE}departments/{slug}/feed.xml"


# --- archive, pages and the files around them ----------------------------------------------------


def test_archive_lists_every_year_newest_first_with_its_count(public):
    content = main(page(public, "archive/"))
    year_links = [a for a in content.iter("a") if re.fullmatch(r"/archive/\d{4}/", a.get("href") or "")]
    assert [a.get("href") for a in year_links] == [f"/archive/{year}/" for year in newsroom.YEARS]
    for link, stories in zip(year_links, newsroom.YEARS.values(), strict=True):
        assert len(stories) in numbers_beside(link)


def test_year_page_lists_that_years_stories_newest_first(public):
    for year, stories in newsroom.YEARS.items():
        content = main(page(public, f"archive/{year}/"))
        assert story_slugs(content) == stories
        assert str(year) in text(content.xpath(".//h1")[0])


def test_content_page_is_published_at_its_slug(public):
    content = main(page(public, "about/"))
    assert [text(h) for h in content.iter("h1")] == ["About This Beat"]
    assert "We collect good news about local officers." in text(content)


def test_site_feed_sitemap_and_robots_are_published(public):
    assert xml(public, "feed.xml").tag == "{http://www.w3.org/2005/Atom}feed"
    assert xml(public, "sitemap.xml").tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    robots = (public / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots.splitlines()
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def test_not_found_page_exists_and_its_links_work_from_any_address(public):
    doc = page(public, "404.html")
    content = main(doc)
    assert content.xpath(".//h1")
    links = [a.get("href") for a in doc.iter("a")]
    assert "/" in links
    for href in links:
        assert href.startswith(("/", "#", "https://")), f"404.html has a relative link {href}"


def test_every_page_names_its_own_absolute_address_as_canonical_and_og_url(public):
    for file in html_files(public):
        doc = page(public, file.relative_to(public).as_posix())
        if is_redirect(doc):
            continue  # its canonical address is where it moved (test_redirects.py)
        expected = BASE + site_path_of(public, file)
        assert canonical(doc) == expected, file
        assert og_url(doc) == expected, file


def test_the_draft_and_the_future_story_of_the_newsroom_leave_no_page_behind(public):
    for slug in newsroom.UNPUBLISHED:
        assert not exists(public, f"stories/{slug}/")
    for slug in newsroom.UNPUBLISHED_TAGS:
        assert not exists(public, f"tags/{slug}/")
    assert not exists(public, "archive/2027/")
    for title in newsroom.UNPUBLISHED_TITLES:
        assert title not in text(main(page(public, "")))

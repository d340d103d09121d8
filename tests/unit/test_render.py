from datetime import UTC, datetime

from builder import templates
from builder.config import SiteConfig
from builder.index import Selection, index_site
from builder.model import SourceFile
from builder.pages import page_jobs, regions
from builder.parse import parse_sources
from builder.render import Renderer, render_pages
from builder.urls import Urls
from tests.conftest import story

CONFIG = SiteConfig(title="Beat", base_url="https://example.org/", paginate=2)


def site_of(files):
    content, _ = parse_sources([SourceFile(p, t, p) for p, t in files.items()], CONFIG)
    site, _ = index_site(content, (), Selection(now=datetime(2026, 11, 24, tzinfo=UTC)))
    return site


def renderer_with(tmp_path, site, probe: dict[str, str]):
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in probe.items():
        (folder / name).write_text(text)
    dirs = [folder]
    facts = templates.template_facts(templates.read_templates(dirs))
    return Renderer(templates.environment(dirs), site, CONFIG, {}, dirs, tmp_path, facts, bodies=lambda card: card)


def render_site(renderer, emit):
    problems = []
    for _, files, problem in render_pages(renderer, list(page_jobs(renderer.site, CONFIG, renderer.urls))):
        for output in files:
            emit(output)
        problems += [problem] if problem else []
    return problems


FILES = {f"content/stories/{s}.md": story(title=s.upper(), date=f"2026-01-0{n}") for n, s in enumerate("abcde", 1)}


def test_listings_paginate_newest_first():
    jobs = [j for j in page_jobs(site_of(FILES), CONFIG, Urls(CONFIG)) if j.template == "index.html"]
    assert [j.path for j in jobs] == ["", "page/2/", "page/3/"]
    # The front page leads with the newest story; its cards are the rest of the page.
    assert jobs[0].data["lead"].slug == "e"
    assert [s.slug for s in jobs[0].data["stories"]] == ["d"]
    assert [s.slug for s in jobs[1].data["stories"]] == ["c", "b"]
    assert jobs[1].data["paginator"].previous_url == "/"
    assert jobs[2].data["paginator"].pages == [(1, "/"), (2, "/page/2/"), (3, "/page/3/")]


def test_a_story_marked_featured_leads_the_front_page_and_is_not_also_a_card_there():
    files = {**FILES, "content/stories/c.md": story(title="C", date="2026-01-03", featured=True)}
    front = next(j for j in page_jobs(site_of(files), CONFIG, Urls(CONFIG)) if j.template == "index.html")
    assert front.data["lead"].slug == "c"
    assert [s.slug for s in front.data["stories"]] == ["e", "d"]


def test_a_probe_template_sees_the_documented_variables(tmp_path):
    site = site_of(FILES)
    probe = "{{ story.slug }}|{{ department.name }}|{{ previous.slug if previous }}|{{ next.slug if next }}|{{ url(story) }}"
    renderer = renderer_with(
        tmp_path,
        site,
        {
            name: "x"
            for name in (
                "index.html",
                "tags.html",
                "tag.html",
                "departments.html",
                "department.html",
                "archive.html",
                "year.html",
                "page.html",
                "search.html",
                "404.html",
                "corrections.html",
                "data.html",
            )
        }
        | {"story.html": probe},
    )
    outputs = []
    problems = render_site(renderer, outputs.append)
    assert problems == []
    pages = {o.path: o.data.decode() for o in outputs}
    assert pages["stories/c/index.html"] == "c|Test Police Department|b|d|/stories/c/"


def test_template_errors_are_problems_with_the_template_line(tmp_path):
    site = site_of(FILES)
    renderer = renderer_with(tmp_path, site, {"404.html": "line one\n{{ missing_variable }}"})
    problems = render_site(renderer, lambda output: None)
    about_404 = {str(p).split(" while ")[0] for p in problems if "404" in str(p)}
    assert about_404 == {"templates/404.html:2: error: template error"}


def test_departments_without_a_region_come_last():
    files = {
        "content/departments/north.md": "---\nname: North\nregion: Zed\n---\n",
        "content/stories/a.md": story(department="North"),
        "content/stories/b.md": story(department="Lone Town"),
    }
    assert [(region, [d.slug for d in items]) for region, items in regions(site_of(files))] == [
        ("Zed", ["north"]),
        ("Other departments", ["lone-town"]),
    ]

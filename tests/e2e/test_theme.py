"""Theme assets under content-hashed names; a site's own templates replace the theme's (requirement 10)."""

from __future__ import annotations

import re
import shutil

from builder.templates import BUNDLED_THEMES
from tests.conftest import SITE_TOML, story
from tests.e2e.helpers import html_files, main, page, story_slugs

STYLESHEET = re.compile(r"^/static/css/style\.([0-9a-f]{6,})\.css$")
THEME_CSS = BUNDLED_THEMES / "default" / "static" / "css" / "style.css"

FILES = {
    "content/stories/older.md": story("Older", "2026-01-01", "Test PD", ["alpha"]),
    "content/stories/middle.md": story("Middle", "2026-02-01", "Test PD", ["alpha", "Beta Gamma"]),
    "content/stories/newer.md": story("Newer", "2026-03-01", "Other Department", ["beta-gamma"]),
}


def stylesheets(public, address: str) -> list[str]:
    return page(public, address).xpath('//head/link[@rel="stylesheet"]/@href')


def build(site):
    result = site.build()
    assert result.ok, "\n".join(map(str, result.problems))
    return site.public


def test_every_page_links_the_stylesheet_under_a_content_hashed_name_that_exists(make_site):
    public = build(make_site(FILES))
    for file in html_files(public):
        page = file.relative_to(public).as_posix()
        *others, href = stylesheets(public, page)
        # The search page also loads the stylesheet of Pagefind's interface, before the theme's.
        assert others == (["/pagefind/2026/pagefind-ui.css"] if page == "search/index.html" else []), (page, others)
        assert STYLESHEET.match(href), href
        assert (public / href.lstrip("/")).read_bytes() == THEME_CSS.read_bytes()
    assert not (public / "static/css/style.css").exists()


def test_the_stylesheet_name_changes_when_its_content_changes(make_site):
    site = make_site(FILES)
    (before,) = stylesheets(build(site), "")
    # A site may carry its own copy of the theme; change one rule in it.
    shutil.copytree(BUNDLED_THEMES / "default", site.root / "themes" / "default")
    css = site.root / "themes/default/static/css/style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nbody { letter-spacing: 0.01em; }\n", encoding="utf-8")
    (after,) = stylesheets(build(site), "")
    assert STYLESHEET.match(after) and after != before
    assert (site.public / after.lstrip("/")).read_bytes() == css.read_bytes()
    assert not (site.public / before.lstrip("/")).exists()


def test_a_sites_own_story_template_replaces_the_themes(make_site):
    probe = (
        "{{ story.slug }}|{{ department.name }}|{{ tags|map(attribute='slug')|join(',') }}"
        "|{{ previous.slug if previous else '-' }}|{{ next.slug if next else '-' }}\n"
    )
    # Not a whole HTML page: nothing for the search index (tests/e2e/test_search.py), so no search.
    public = build(make_site({**FILES, "templates/story.html": probe}, site_toml=SITE_TOML + "search = false\n"))
    printed = {
        slug: (public / f"stories/{slug}/index.html").read_text(encoding="utf-8").strip() for slug in ("older", "middle", "newer")
    }
    assert printed == {
        "older": "older|Test PD|alpha|-|middle",
        "middle": "middle|Test PD|alpha,beta-gamma|older|newer",
        "newer": "newer|Other Department|beta-gamma|middle|-",
    }
    # The other pages still come from the theme.
    assert story_slugs(main(page(public, ""))) == ["newer", "middle", "older"]
    assert STYLESHEET.match(stylesheets(public, "")[0])


def test_a_probe_template_sees_listings_newest_first(make_site):
    probe = "{% for s in stories %}{{ s.slug }}|{% endfor %}\n"
    public = build(make_site({**FILES, "templates/tag.html": probe}))
    assert (public / "tags/alpha/index.html").read_text(encoding="utf-8").strip() == "middle|older|"
    assert (public / "tags/beta-gamma/index.html").read_text(encoding="utf-8").strip() == "newer|middle|"

"""Every internal link of the built repository sample leads to a file that exists (requirement 9)."""

from __future__ import annotations

import shutil

import pytest

from builder.config import load_config
from tests.conftest import REPO
from tests.e2e.helpers import (
    atom,
    canonical,
    check_links,
    html_files,
    is_redirect,
    og_url,
    output_file,
    page,
    sitemap_locs,
    xml,
)


@pytest.fixture(scope="module")
def base_url() -> str:
    return load_config(REPO)[0].base_url


def test_every_internal_link_of_the_built_sample_resolves(sample_build, base_url):
    report = check_links(sample_build, base_url)
    assert report.broken == []
    # Every page links to the navigation, its stylesheet and more: far more than one link a page.
    assert report.checked > 10 * len(html_files(sample_build))


def test_canonical_og_url_feed_and_sitemap_addresses_of_the_sample_are_built_files(sample_build, base_url):
    addresses = []
    for file in html_files(sample_build):
        doc = page(sample_build, file.relative_to(sample_build).as_posix())
        addresses += [canonical(doc)] if is_redirect(doc) else [canonical(doc), og_url(doc)]
    for feed in sample_build.rglob("feed.xml"):
        root = xml(sample_build, feed.relative_to(sample_build).as_posix())
        addresses += atom(root, "//a:link[not(@rel='via')]/@href") + atom(root, "//a:id/text()")  # via: sources elsewhere
    addresses += sitemap_locs(sample_build)
    assert len(addresses) > 100
    for address in addresses:
        assert address.startswith(base_url), address
        # A fragment names a part of a page (a corrections feed's entry ids end in #corrections).
        assert (sample_build / output_file(address.removeprefix(base_url).split("#")[0])).is_file(), address


def test_the_link_checker_finds_planted_broken_links(sample_build, base_url, tmp_path):
    copy = tmp_path / "public"
    shutil.copytree(sample_build, copy)
    story = next(p for p in sorted(copy.glob("stories/*/index.html")))
    html = story.read_text(encoding="utf-8")
    planted = '<a href="../no-such-story/">gone</a> <img src="/media/missing.svg" alt="">'
    story.write_text(html.replace("</main>", planted + "</main>", 1), encoding="utf-8")
    about = copy / "about" / "index.html"
    about_html = about.read_text(encoding="utf-8")
    about.write_text(about_html.replace(f'href="{base_url}about/"', f'href="{base_url}abuot/"', 1), encoding="utf-8")
    sitemap = copy / "sitemap.xml"
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8").replace("</urlset>", f"<url><loc>{base_url}nowhere/</loc></url></urlset>"),
        encoding="utf-8",
    )

    broken = check_links(copy, base_url).broken

    story_name = story.relative_to(copy).as_posix()
    assert len(broken) == 4, broken
    assert any(b.startswith(story_name) and "../no-such-story/" in b for b in broken)
    assert any(b.startswith(story_name) and "/media/missing.svg" in b for b in broken)
    assert any(b.startswith("about/index.html") and "abuot/" in b for b in broken)
    assert any(b.startswith("sitemap.xml") and "nowhere/" in b for b in broken)


def test_the_link_checker_refuses_a_root_relative_link_outside_the_base_path(tmp_path):
    public = tmp_path / "public"
    (public / "stories" / "x").mkdir(parents=True)
    (public / "index.html").write_text('<a href="/archive/stories/x/">ok</a> <a href="/stories/x/">outside</a>\n')
    (public / "stories" / "x" / "index.html").write_text('<a href="../../">up</a> <a href="#top">top</a>\n')
    report = check_links(public, "https://example.org/archive/")
    assert report.checked == 3
    assert len(report.broken) == 1 and "/stories/x/" in report.broken[0] and "outside" in report.broken[0]

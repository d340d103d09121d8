"""Images carry their intrinsic width and height, so pages do not jump as pictures arrive."""

from __future__ import annotations

from builder.pipeline import BuildOptions, build
from tests.conftest import NOW, story
from tests.e2e.helpers import page, tree
from tests.unit.test_images import png

ARCHIVE_TOML = """\
title = "Image Beat"
base_url = "https://example.org/archive/"
sources = "optional"
"""


def files(photo: bytes) -> dict[str, str | bytes]:
    return {
        "content/media/photo.png": photo,
        "content/media/map.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 90"/>',
        "content/stories/a.md": story(
            title="A",
            image="media/photo.png",
            image_alt="Officers at the fair",
            body="Before.\n\n![The route](media/map.svg)\n\n![Again](/media/photo.png)\n",
        ),
        "content/stories/b.md": story(title="B", date="2026-01-11", body="No pictures here."),
        "content/pages/about.md": "---\ntitle: About\n---\n![Our map](/media/map.svg)\n",
    }


def sizes(doc) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(img.get("src"), img.get("width"), img.get("height"), img.get("loading")) for img in doc.iter("img")]


def test_front_matter_and_body_images_of_stories_and_pages_get_width_and_height(make_site):
    site = make_site(files(png(64, 48)), site_toml=ARCHIVE_TOML)
    result = site.build()
    assert result.ok and result.problems == []

    assert sizes(page(site.public, "stories/a/")) == [
        ("/archive/media/photo.png", "64", "48", None),  # the lead picture, at the top: fetched at once
        ("/archive/media/map.svg", "120", "90", "lazy"),
        ("/archive/media/photo.png", "64", "48", "lazy"),
    ]
    assert sizes(page(site.public, "about/")) == [("/archive/media/map.svg", "120", "90", "lazy")]


def test_a_picture_that_cannot_be_read_is_an_error_and_nothing_is_published(make_site):
    site = make_site(files(b"\x89PNG but cut short"))
    result = site.build()

    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "content/media/photo.png: error: cannot be read as a picture: "
        "not a PNG, JPEG, GIF or WebP image the builder can read; save it again as a PNG, JPEG or WebP file"
    ]
    assert not site.public.exists()


def test_an_svg_whose_size_cannot_be_read_is_a_warning_and_is_still_published(make_site):
    site = make_site({**files(png(64, 48)), "content/media/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    result = site.build()

    assert result.ok
    assert [str(p) for p in result.problems] == [
        "content/media/map.svg: warning: cannot read the image's width and height: "
        "an SVG image needs width and height in pixels, or a viewBox, on its <svg> element; pages show it without them"
    ]
    assert sizes(page(site.public, "stories/a/"))[1] == ("/media/map.svg", None, None, "lazy")


def test_a_cached_build_after_an_image_is_replaced_by_one_of_another_size_equals_a_clean_build(make_site, tmp_path):
    site = make_site(files(png(64, 48)))
    cached = BuildOptions(out_dir=site.public, disk_cache=True, now=NOW)
    assert build(site.root, cached).ok
    assert build(site.root, cached).ok  # fills the second output tree too: both are stale after the edit

    site.write({"content/media/photo.png": png(300, 200)})
    assert build(site.root, cached).ok
    assert build(site.root, BuildOptions(out_dir=tmp_path / "clean", now=NOW)).ok

    assert tree(site.public) == tree(tmp_path / "clean")
    assert sizes(page(site.public, "stories/a/"))[0] == ("/media/photo.png", "300", "200", None)

"""Pictures get resized copies once: a build remembers them by the picture's bytes (issue 13)."""

from __future__ import annotations

import io

from PIL import Image

from builder import pictures
from builder.pipeline import BuildOptions, build
from tests.conftest import NOW, story
from tests.e2e.helpers import tree


def jpeg(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


FILES = {
    "content/media/a.jpg": jpeg(1000, 600, (200, 40, 40)),
    "content/media/b.png": b"",  # replaced below by a real PNG
    "content/stories/a.md": story(
        title="A",
        image="media/a.jpg",
        image_alt="A red field",
        body="Officers painted the field.\n\n![A blue square](/media/b.png)",
    ),
}


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 120, 200, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def test_copies_are_made_once_and_again_only_for_a_changed_picture(make_site, monkeypatch, tmp_path):
    site = make_site({**FILES, "content/media/b.png": png(700, 700)})
    resized: list[str] = []
    real = pictures.resize
    monkeypatch.setattr(pictures, "resize", lambda file, job: (resized.append(job.path), real(file, job))[1])
    cached = BuildOptions(out_dir=site.public, disk_cache=True, now=NOW)

    assert build(site.root, cached).ok
    assert sorted(resized) == ["media/a.jpg", "media/b.png"]
    assert sorted(p.name for p in (site.public / "media").iterdir()) == [
        "a.1000w.webp",
        "a.480w.jpg",
        "a.480w.webp",
        "a.960w.jpg",
        "a.960w.webp",
        "a.jpg",
        "b.480w.png",
        "b.480w.webp",
        "b.700w.webp",
        "b.png",
    ]

    resized.clear()
    site.write({"content/stories/a.md": story(title="A, edited", image="media/a.jpg", image_alt="A red field")})
    assert build(site.root, cached).ok
    assert build(site.root, cached).ok
    assert resized == [], "no picture changed: none is resized again"

    site.write({"content/media/a.jpg": jpeg(1000, 600, (40, 40, 200))})
    assert build(site.root, cached).ok
    assert resized == ["media/a.jpg"]

    assert build(site.root, BuildOptions(out_dir=tmp_path / "clean", now=NOW)).ok
    assert tree(site.public) == tree(tmp_path / "clean")
    with Image.open(site.public / "media" / "a.480w.webp") as copy:
        assert copy.size == (480, 288) and copy.getpixel((10, 10))[2] > 150  # the new, blue picture


def test_a_picture_whose_data_is_damaged_is_an_error_and_nothing_is_published(make_site):
    whole = jpeg(900, 600, (10, 200, 10))
    site = make_site({**FILES, "content/media/b.png": png(10, 10), "content/media/a.jpg": whole[: len(whole) // 2]})
    result = site.build()
    assert not result.ok
    assert [str(p).split(": error: ")[0] for p in result.problems] == ["content/media/a.jpg"]
    assert "cannot be read as a picture" in str(result.problems[0])
    assert not site.public.exists()

"""Resized copies of pictures (pictures.py): which exist, how pages offer them, and how they are made."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from markupsafe import Markup
from PIL import Image

from builder.model import ImageSize, MediaFile
from builder.pictures import PictureJob, copies, make_copies, picture_jobs, resize, srcsets, with_picture_copies


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def url(path: str) -> str:
    return "/archive/" + path


def test_copies_are_480_960_and_1600_wide_never_wider_than_the_picture_in_webp_and_its_own_format():
    assert [(c.path, c.width, c.height) for c in copies("media/a.jpg", ImageSize(2000, 1000))] == [
        ("media/a.480w.jpg", 480, 240),
        ("media/a.480w.webp", 480, 240),
        ("media/a.960w.jpg", 960, 480),
        ("media/a.960w.webp", 960, 480),
        ("media/a.1600w.jpg", 1600, 800),
        ("media/a.1600w.webp", 1600, 800),
        ("media/a.2000w.webp", 2000, 1000),  # the picture itself in WebP; the JPEG at 2000 is the original
    ]
    assert [c.path for c in copies("media/small.png", ImageSize(600, 400))] == [
        "media/small.480w.png",
        "media/small.480w.webp",
        "media/small.600w.webp",
    ]
    assert [c.path for c in copies("media/tiny.webp", ImageSize(300, 200))] == []  # a small WebP is its own only copy
    assert [c.path for c in copies("media/big.webp", ImageSize(1000, 500))] == ["media/big.480w.webp", "media/big.960w.webp"]


@pytest.mark.parametrize("path", ["media/map.svg", "media/spinner.gif", "media/report.pdf"])
def test_svg_gif_and_other_files_get_no_copies(path):
    assert copies(path, ImageSize(2000, 1000)) == ()
    assert srcsets(path, ImageSize(2000, 1000), url) is None


def test_a_page_offers_the_webp_copies_and_those_in_the_pictures_own_format_with_their_widths():
    offered = srcsets("media/a.jpg", ImageSize(1200, 800), url)
    assert offered.webp == "/archive/media/a.480w.webp 480w, /archive/media/a.960w.webp 960w, /archive/media/a.1200w.webp 1200w"
    assert offered.own == "/archive/media/a.480w.jpg 480w, /archive/media/a.960w.jpg 960w, /archive/media/a.jpg 1200w"
    assert srcsets("media/a.jpg", None, url) is None  # size unknown: no copies were made


def test_body_pictures_of_media_files_are_wrapped_in_picture_with_a_webp_source():
    html = Markup(
        '<p><img src="/archive/media/a.jpg" alt="A" width="1200" height="800"> <img src="https://elsewhere.example/b.jpg" alt="B"></p>'
    )
    offered = str(with_picture_copies(html, {"media/a.jpg": ImageSize(1200, 800)}, "/archive/", url))
    assert offered.startswith('<p><picture><source type="image/webp" srcset="/archive/media/a.480w.webp 480w, ')
    assert '<img src="/archive/media/a.jpg" alt="A" width="1200" height="800" srcset="/archive/media/a.480w.jpg 480w, ' in offered
    assert offered.count("<picture>") == 1 and '<img src="https://elsewhere.example/b.jpg" alt="B">' in offered


def test_resizing_gives_copies_of_the_declared_widths_and_formats(tmp_path):
    (tmp_path / "a.jpg").write_bytes(jpeg(1000, 500))
    made, problem = resize(tmp_path / "a.jpg", PictureJob("media/a.jpg", "content/media/a.jpg", ("d", ImageSize(1000, 500))))
    assert problem is None
    found = {path: Image.open(io.BytesIO(data)) for path, data in made}
    assert {path: (image.format, image.size) for path, image in found.items()} == {
        "media/a.480w.jpg": ("JPEG", (480, 240)),
        "media/a.480w.webp": ("WEBP", (480, 240)),
        "media/a.960w.jpg": ("JPEG", (960, 480)),
        "media/a.960w.webp": ("WEBP", (960, 480)),
        "media/a.1000w.webp": ("WEBP", (1000, 500)),
    }
    again, _ = resize(tmp_path / "a.jpg", PictureJob("media/a.jpg", "content/media/a.jpg", ("d", ImageSize(1000, 500))))
    assert again == made  # the same bytes every time: builds are byte-identical


def test_a_picture_whose_data_is_damaged_is_an_error_naming_its_file(tmp_path):
    whole = jpeg(800, 600)
    (tmp_path / "cut.jpg").write_bytes(whole[: len(whole) // 3])  # its header (and size) can still be read
    made, problem = resize(tmp_path / "cut.jpg", PictureJob("media/cut.jpg", "content/media/cut.jpg", ("d", ImageSize(800, 600))))
    assert made == []
    assert str(problem).startswith("content/media/cut.jpg: error: cannot be read as a picture: ")


def test_jobs_are_declared_by_the_pictures_digest_and_size_and_only_for_resizable_pictures(tmp_path: Path):
    media = tmp_path / "content" / "media"
    media.mkdir(parents=True)
    (media / "a.jpg").write_bytes(jpeg(600, 300))
    (media / "b.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>")
    files = (
        MediaFile("media/a.jpg", "content/media/a.jpg", ImageSize(600, 300)),
        MediaFile("media/b.svg", "content/media/b.svg", ImageSize(10, 10)),
    )
    jobs, problems = picture_jobs(tmp_path, files)
    assert problems == [] and [(j.path, j.data[1]) for j in jobs] == [("media/a.jpg", ImageSize(600, 300))]
    first = jobs[0].data
    buffer = io.BytesIO()
    Image.new("RGB", (600, 300), (10, 20, 200)).save(buffer, "JPEG")
    (media / "a.jpg").write_bytes(buffer.getvalue())  # another picture of the same size
    assert picture_jobs(tmp_path, files)[0][0].data != first


def test_many_pictures_are_resized_in_worker_processes_with_the_same_result(tmp_path):
    for n in range(6):
        (tmp_path / f"p{n}.jpg").write_bytes(jpeg(700 + n, 350))
    jobs = [PictureJob(f"media/p{n}.jpg", f"p{n}.jpg", ("d", ImageSize(700 + n, 350))) for n in range(6)]
    alone = [
        (job.path, [(f.path, f.data) for f in files], problem) for job, files, problem in make_copies(jobs, site_dir=tmp_path)
    ]
    spread = [
        (job.path, [(f.path, f.data) for f in files], problem)
        for job, files, problem in make_copies(jobs, site_dir=tmp_path, workers_wanted=2)
    ]
    assert spread == alone and len(alone) == 6 and all(len(files) == 3 for _, files, _ in alone)

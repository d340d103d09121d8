"""Reading media images' intrinsic sizes, and putting them on body images (builder/images.py)."""

from __future__ import annotations

import struct
import zlib

import pytest
from markupsafe import Markup

from builder.images import UnreadableImage, read_image_size, with_image_sizes
from builder.model import ImageSize


def png(width: int, height: int) -> bytes:
    """A complete, valid PNG: one grey pixel per row position, made the way the format says."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


SVG = '<svg xmlns="http://www.w3.org/2000/svg" {}><rect width="5" height="5"/></svg>'


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.png", png(37, 12), (37, 12)),
        ("a.gif", gif(640, 480), (640, 480)),
        ("sized.svg", SVG.format('width="240" height="160"'), (240, 160)),
        ("pixels.svg", SVG.format('width="240px" height="160.4px" viewBox="0 0 24 16"'), (240, 160)),
        ("view-box-only.svg", SVG.format('viewBox="0 0 300 150"'), (300, 150)),
        ("width-and-view-box.svg", SVG.format('width="600" viewBox="0,0,300,150"'), (600, 300)),
        ("percent-and-view-box.svg", SVG.format('width="100%" height="100%" viewBox="0 0 80 40"'), (80, 40)),
        ("declared.svg", '<?xml version="1.0"?>\n<!-- drawn by hand -->\n' + SVG.format('width="8" height="9"'), (8, 9)),
    ],
)
def test_the_intrinsic_size_is_read_from_the_file(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    assert read_image_size(path) == ImageSize(*expected)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("text.png", b"not an image at all", "not a PNG, JPEG, GIF or WebP image"),
        ("cut.png", png(3, 3)[:12], "not a PNG, JPEG, GIF or WebP image"),
        ("no-size.svg", SVG.format('width="100%"').encode(), "needs width and height in pixels, or a viewBox"),
        ("broken.svg", b"<svg <rect", "not well-formed SVG"),
        ("html.svg", b"<html><svg/></html>", "the first element is <html>, not <svg>"),
        ("bad-box.svg", SVG.format('viewBox="0 0 wide tall"').encode(), "is not four numbers"),
    ],
)
def test_a_file_without_a_readable_size_is_an_unreadable_image_with_a_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableImage, match=reason):
        read_image_size(path)


SIZES = {"media/cat.png": ImageSize(40, 30), "media/a dog.svg": ImageSize(8, 6)}


def test_media_images_in_a_body_get_their_width_and_height():
    body = Markup(
        '<p><img src="/archive/media/cat.png?v=2" alt="A cat" loading="lazy"> <img src="/archive/media/a%20dog.svg" alt="">'
    )
    assert with_image_sizes(body, SIZES, "/archive/") == Markup(
        '<p><img width="40" height="30" src="/archive/media/cat.png?v=2" alt="A cat" loading="lazy"> '
        '<img width="8" height="6" src="/archive/media/a%20dog.svg" alt="">'
    )


@pytest.mark.parametrize(
    "tag",
    [
        '<img src="https://elsewhere.example/media/cat.png" alt="x">',  # not this site's
        '<img src="/media/cat.png" alt="x">',  # outside the base path /archive/
        '<img src="/archive/media/unknown.png" alt="x">',  # size unknown
        '<img src="/archive/media/cat.png" width="20" alt="x">',  # the editor chose a size
    ],
)
def test_other_images_are_left_as_they_are(tag):
    assert with_image_sizes(Markup(tag), SIZES, "/archive/") == Markup(tag)

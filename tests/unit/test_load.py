import os

from builder.config import SiteConfig
from builder.incremental import Memory
from builder.load import MAX_SOURCE_BYTES, read_sources
from builder.model import ImageSize


def write(root, files):
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())


def test_markdown_and_media_are_found_in_sorted_order_and_the_rest_is_reported(tmp_path):
    write(
        tmp_path,
        {
            "content/stories/b.md": "---\n---\n",
            "content/stories/2025/a.md": "---\n---\n",
            "content/media/x.svg": '<svg width="1" height="1"/>',
            "content/stories/.a.md.swp": "swap",
            "content/stories/notes.txt": "stray",
        },
    )
    sources, problems = read_sources(tmp_path)
    assert [s.path for s in sources.markdown] == ["content/stories/2025/a.md", "content/stories/b.md"]
    assert [m.path for m in sources.media] == ["media/x.svg"]
    assert [str(p) for p in problems] == [
        "content/stories/notes.txt: warning: ignored: only Markdown files (.md) belong in content/stories/"
    ]


def test_a_bom_and_crlf_line_ends_are_read_as_plain_text(tmp_path):
    write(tmp_path, {"content/stories/a.md": b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nBody\r\n"})
    sources, problems = read_sources(tmp_path)
    assert problems == []
    assert sources.markdown[0].text == "---\ntitle: A\n---\nBody\n"


def test_bytes_that_are_not_utf8_are_an_error_with_their_line(tmp_path):
    write(tmp_path, {"content/stories/a.md": b"---\ntitle: Caf\xe9\n---\n"})
    sources, problems = read_sources(tmp_path)
    assert sources.markdown == ()
    assert str(problems[0]).startswith("content/stories/a.md:2: error: is not UTF-8 text")


def test_links_that_leave_the_site_are_errors_and_links_inside_it_are_read(tmp_path):
    site = tmp_path / "site"
    write(site, {"content/stories/a.md": "---\n---\n", "drafts/b.md": "---\n---\n"})
    write(tmp_path, {"outside.md": "---\n---\n"})
    os.symlink(tmp_path / "outside.md", site / "content/stories/out.md")
    os.symlink(site / "drafts/b.md", site / "content/stories/in.md")
    os.symlink(tmp_path, site / "content/stories/folder")
    sources, problems = read_sources(site)
    assert [s.path for s in sources.markdown] == ["content/stories/a.md", "content/stories/in.md"]
    assert sorted(p.path for p in problems if p.is_error) == ["content/stories/folder", "content/stories/out.md"]


def test_media_names_that_differ_only_in_case_collide(tmp_path):
    write(tmp_path, {"content/media/Notes.PDF": "a", "content/media/notes.pdf": "b"})
    _, problems = read_sources(tmp_path)
    errors = [p for p in problems if p.is_error]
    assert len(errors) == 1 and "except for upper and lower case" in errors[0].message


def test_a_huge_file_is_refused(tmp_path):
    write(tmp_path, {"content/stories/a.md": b"x" * (MAX_SOURCE_BYTES + 1)})
    sources, problems = read_sources(tmp_path)
    assert sources.markdown == () and "a story may be at most" in problems[0].message


def test_with_memory_an_unchanged_file_is_not_read_again(tmp_path):
    write(tmp_path, {"content/stories/a.md": "---\ntitle: A\n---\n"})
    memory = Memory()
    first, _ = memory.read_sources(tmp_path, SiteConfig())
    second, _ = memory.read_sources(tmp_path, SiteConfig())
    assert second.markdown[0] is first.markdown[0]
    write(tmp_path, {"content/stories/a.md": "---\ntitle: Changed\n---\n"})
    third, _ = memory.read_sources(tmp_path, SiteConfig())
    assert third.markdown[0].text.startswith("---\ntitle: Changed")


def test_media_images_carry_their_size_an_unreadable_picture_is_an_error_and_an_unreadable_gif_a_warning(tmp_path):
    write(
        tmp_path,
        {
            "content/media/drawing.svg": '<svg viewBox="0 0 30 20"/>',
            "content/media/photo.jpg": "not a JPEG",  # it could not be resized either (pictures.py)
            "content/media/spinner.gif": "not a GIF",  # published as it is: only its size is missing
            "content/media/notes.pdf": "%PDF-1.7",
        },
    )
    sources, problems = read_sources(tmp_path)
    assert {m.path: m.size for m in sources.media} == {
        "media/drawing.svg": ImageSize(30, 20),
        "media/notes.pdf": None,  # not an image: it has no size, and that is fine
        "media/photo.jpg": None,
        "media/spinner.gif": None,
    }
    assert [str(p) for p in problems] == [
        "content/media/photo.jpg: error: cannot be read as a picture: "
        "not a PNG, JPEG, GIF or WebP image the builder can read; save it again as a PNG, JPEG or WebP file",
        "content/media/spinner.gif: warning: cannot read the image's width and height: "
        "not a PNG, JPEG, GIF or WebP image the builder can read; pages show it without them",
    ]

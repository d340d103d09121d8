"""`beat build --verify` finds what the recorded sizes and times cannot: a published file edited
by hand that kept both, and files Beat did not write; and no file name is too long to publish."""

from __future__ import annotations

import os
import shutil

from tests.conftest import story


def built_twice(make_site):
    """A site built into both output trees (a build that changes nothing writes no tree, so the
    second build has a change)."""
    site = make_site({"content/stories/a.md": story(title="Right"), "content/stories/b.md": story(title="Other")})
    assert site.cli("build").returncode == 0
    site.write({"content/stories/b.md": story(title="Other, revised")})
    assert site.cli("build").returncode == 0
    assert (site.root / "public.beat-a/stories/a/index.html").is_file() and (
        site.root / "public.beat-b/stories/a/index.html"
    ).is_file()
    return site


def tamper_keeping_size_and_time(path):
    before = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Right", b"Wrong"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def test_a_page_edited_by_hand_keeping_its_size_and_time_is_repaired_by_verify(make_site):
    site = built_twice(make_site)
    for tree in ("public.beat-a", "public.beat-b"):  # both trees: the live one is linked from by the next build
        tamper_keeping_size_and_time(site.root / tree / "stories/a/index.html")
    assert site.cli("build").returncode == 0
    assert "Wrong" in site.read("stories/a/index.html"), "trusted by size and time: the README says so"
    result = site.cli("build", "--verify")
    assert result.returncode == 0, result.stderr
    assert "Right" in site.read("stories/a/index.html") and "Wrong" not in site.read("stories/a/index.html")
    assert site.cli("build").returncode == 0  # and the other tree, the next time it is written
    assert "Wrong" not in site.read("stories/a/index.html")


def test_files_beat_did_not_write_are_removed_by_verify(make_site):
    site = built_twice(make_site)
    for tree in ("public.beat-a", "public.beat-b"):
        (site.root / tree / "junk.html").write_text("dropped in by hand")
        (site.root / tree / "stories/.index.html.beat-tmp").write_text("left by an older Beat")
    result = site.cli("build", "--verify")
    assert result.returncode == 0, result.stderr
    assert not (site.public / "junk.html").exists()
    assert not (site.public / "stories/.index.html.beat-tmp").exists()


def test_a_media_file_with_a_name_of_255_bytes_is_published(make_site):
    name = "m" * 251 + ".svg"  # 255 bytes: the longest name the file system allows
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>'
    site = make_site({f"content/media/{name}": svg, "content/stories/a.md": story(image=f"media/{name}", image_alt='"A"')})
    result = site.cli("build")
    assert result.returncode == 0, result.stderr
    assert (site.public / "media" / name).read_text() == svg


def test_a_file_dropped_at_the_top_of_an_output_tree_is_not_published(make_site):
    """The common case needs no --verify: a CNAME or page copied into public/ by hand."""
    site = built_twice(make_site)
    for tree in ("public.beat-a", "public.beat-b"):
        (site.root / tree / "CNAME").write_text("example.org\n")
        (site.root / tree / "extra").mkdir()
        (site.root / tree / "extra/page.html").write_text("dropped in by hand")
    for _ in range(2):  # into each tree
        assert site.cli("build").returncode == 0
        assert not (site.public / "CNAME").exists() and not (site.public / "extra").exists()


def test_an_output_tree_with_a_folder_where_a_page_should_be_heals(make_site):
    """Not a dead end (it used to fail every later build with `Is a directory`)."""
    site = built_twice(make_site)
    for tree in ("public.beat-a", "public.beat-b"):
        page = site.root / tree / "stories/a/index.html"
        page.unlink()
        page.mkdir()
        (page / "x").write_text("in the way")
        shutil.rmtree(site.root / tree / "tags")
        (site.root / tree / "tags").write_text("a file where a folder should be")
    site.write({"content/stories/a.md": story(title="Right again")})  # every page that shows it is written
    for flags in ((), ("--verify",)):  # into each tree; plain builds heal it too
        result = site.cli("build", *flags)
        assert result.returncode == 0, result.stderr
        assert "Right again" in site.read("stories/a/index.html")
    assert (site.public / "tags/index.html").is_file()


def test_a_file_dropped_into_the_live_tree_goes_even_when_nothing_else_changed(make_site):
    site = make_site({"content/stories/a.md": story()})
    assert site.cli("build").returncode == 0
    (site.public / "CNAME").write_text("example.org\n")  # into the live tree, through the link
    assert site.cli("build").returncode == 0
    assert not (site.public / "CNAME").exists()

import errno
import os
import time

import pytest

from builder import mirror
from builder.outputs import OutputFile, OutputSet
from builder.write import LEGACY_MARKER, Publisher, check_output_dir, publish

# The output folder, its two trees and their bookkeeping beside them.
BOTH_TREES = [".public.beat-a.built", ".public.beat-b.built", "public", "public.beat-a", "public.beat-b"]


def test_publish_swaps_the_new_tree_in_whole(tmp_path):
    out = tmp_path / "public"
    publish([OutputFile("index.html", b"one"), OutputFile("old/index.html", b"gone soon")], out)
    publish([OutputFile("index.html", b"two")], out)
    assert (out / "index.html").read_bytes() == b"two"
    assert not (out / "old").exists()
    assert out.is_symlink() and os.readlink(out) in ("public.beat-a", "public.beat-b")
    assert sorted(p.name for p in tmp_path.iterdir()) == BOTH_TREES
    assert sorted(p.name for p in out.iterdir()) == ["index.html"], "nothing of Beat's own bookkeeping is published"


def test_a_folder_from_an_earlier_beat_becomes_a_link(tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    (out / LEGACY_MARKER).write_text("")
    (out / "old.html").write_text("old")
    publish([OutputFile("index.html", b"new")], out)
    assert out.is_symlink() and (out / "index.html").read_bytes() == b"new" and not (out / "old.html").exists()


def test_a_failure_while_writing_leaves_the_published_tree_as_it_was(tmp_path):
    out = tmp_path / "public"
    publish([OutputFile("index.html", b"live")], out)
    with pytest.raises(OSError):
        publish([OutputFile("a.html", b"x"), OutputFile("b.html", copy_from=tmp_path / "missing")], out)
    assert (out / "index.html").read_bytes() == b"live"
    assert not (out / "a.html").exists()


def published_twice(out, outputs):
    """Both trees written with `outputs`; the manifests a third build would get from the cache.
    (The first build has one more file: a build that changes nothing would write no tree.)"""
    manifests = None
    for extra in ([OutputFile("first.txt", b"only the first build makes this", stamp="f")], []):
        publisher = Publisher(out, manifests)
        for output in [*outputs, *extra]:
            publisher.write(output)
        manifests = publisher.publish()
    return manifests


def test_files_whose_stamp_and_state_are_unchanged_are_not_written_again(tmp_path):
    out = tmp_path / "public"
    same = OutputFile("same.html", b"same", stamp="s1")
    manifests = published_twice(out, [same, OutputFile("edit.html", b"v1", stamp="e1")])
    publisher = Publisher(out, manifests)
    tree = publisher.folder
    before = (tree / "same.html").stat().st_ino, (tree / "edit.html").stat().st_ino
    publisher.write(same)
    publisher.write(OutputFile("edit.html", b"v2", stamp="e2"))
    publisher.publish()
    assert (tree / "same.html").stat().st_ino == before[0], "left alone"
    assert (tree / "edit.html").stat().st_ino != before[1], "written again"
    assert (out / "edit.html").read_bytes() == b"v2"


def test_a_file_changed_by_hand_is_written_again_even_with_the_same_stamp(tmp_path):
    out = tmp_path / "public"
    page = OutputFile("page.html", b"right", stamp="p")
    publisher = Publisher(out, published_twice(out, [page]))
    (publisher.folder / "page.html").write_bytes(b"tampered!")
    publisher.write(page)
    publisher.publish()
    assert (out / "page.html").read_bytes() == b"right"


def test_files_the_build_no_longer_makes_are_removed(tmp_path):
    out = tmp_path / "public"
    publisher = Publisher(out, published_twice(out, [OutputFile("a/index.html", b"a", stamp="a")]))
    publisher.write(OutputFile("b/index.html", b"b", stamp="b"))
    publisher.publish()
    assert sorted(p.relative_to(out.resolve()).as_posix() for p in out.resolve().rglob("*")) == ["b", "b/index.html"]


def test_a_file_shared_with_the_live_tree_is_replaced_never_changed_in_place(tmp_path):
    out = tmp_path / "public"
    publish([OutputFile("a.html", b"live")], out)
    live = out / "a.html"
    publisher = Publisher(out)
    publisher.write(OutputFile("a.html", copy_from=live.resolve(), reuse=True))  # hard link to the live file
    publisher.write(OutputFile("a.html", b"next"))
    assert live.read_bytes() == b"live", "the published file is untouched until the swap"
    publisher.publish()
    assert (out / "a.html").read_bytes() == b"next"


def test_the_output_folder_may_not_be_the_site_or_inside_its_sources(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    assert check_output_dir(site, site)
    assert check_output_dir(tmp_path, site)
    assert check_output_dir(site / "content" / "out", site)
    assert check_output_dir(site / "public", site) is None


def test_a_folder_beat_did_not_write_is_never_replaced(tmp_path):
    (tmp_path / "site").mkdir()
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("precious")
    assert "did not write" in check_output_dir(foreign, tmp_path / "site")


def test_two_outputs_on_one_path_are_a_problem_naming_both_owners():
    outputs = OutputSet()
    outputs.add(OutputFile("about/index.html", b"", owner="content/pages/about.md"))
    outputs.add(OutputFile("About/index.html", b"", owner="static/About/index.html"))
    assert [str(p) for p in outputs.problems] == [
        "static/About/index.html: error: would write About/index.html, which content/pages/about.md already writes"
    ]


def test_a_file_already_shared_with_the_live_tree_is_kept_and_leaves_no_temporary(tmp_path):
    out = tmp_path / "public"
    live = Publisher(out)
    live.write(OutputFile("a.html", b"same"))
    live.publish()
    shared = Publisher(out)  # the other tree gets a link to the live file
    shared.write(OutputFile("a.html", copy_from=(out / "a.html").resolve(), reuse=True))
    shared.publish()
    again = Publisher(out)  # back in the first tree, whose file is that same file
    again.write(OutputFile("a.html", copy_from=(out / "a.html").resolve(), reuse=True))
    again.publish()
    assert (out / "a.html").read_bytes() == b"same"
    assert sorted(p.name for p in out.resolve().iterdir()) == ["a.html"]


def no_symlinks(*args, **kwargs):
    raise OSError("symbolic links are not available here")  # as on Windows without Developer Mode


def test_without_symbolic_links_the_output_folder_is_a_plain_copy_swapped_in(tmp_path, monkeypatch):
    monkeypatch.setattr("builder.write.os.symlink", no_symlinks)
    out = tmp_path / "public"
    publish([OutputFile("index.html", b"one"), OutputFile("old/index.html", b"gone soon")], out)
    assert out.is_dir() and not out.is_symlink()
    assert (out / "index.html").read_bytes() == b"one"
    publish([OutputFile("index.html", b"two")], out)
    assert (out / "index.html").read_bytes() == b"two"
    assert not (out / "old").exists()
    assert check_output_dir(out, tmp_path / "site") is None  # still a folder Beat may replace
    assert sorted(p.name for p in tmp_path.iterdir()) == BOTH_TREES
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]


def test_without_symbolic_links_cached_builds_still_equal_clean_ones(make_site, monkeypatch):
    from builder.pipeline import BuildOptions, build
    from tests.cache.test_build_cache import tree
    from tests.conftest import NOW, story

    monkeypatch.setattr("builder.write.os.symlink", no_symlinks)
    site = make_site({f"content/stories/s{n}.md": story(title=f"Story {n}", date=f"2026-01-0{n + 1}") for n in range(3)})
    cached = BuildOptions(out_dir=site.public, disk_cache=True, now=NOW)
    assert build(site.root, cached).ok and build(site.root, cached).ok
    (site.root / "content/stories/s1.md").write_text(story(title="Story one, revised", date="2026-01-02"), encoding="utf-8")
    result = build(site.root, cached)
    assert result.ok and 0 < result.files_written < len(result.outputs)
    clean = site.root.parent / "clean"
    assert build(site.root, BuildOptions(out_dir=clean, now=NOW)).ok
    assert not site.public.is_symlink()
    assert tree(site.public) == tree(clean)


def test_a_failed_first_build_leaves_nothing_behind(tmp_path):
    """A folder that is not a site: the build fails, and the folder is as it was."""
    (tmp_path / "notes.txt").write_text("not a site")
    from builder.cli import main

    assert main(["build", "--site", str(tmp_path)]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_failed_build_keeps_the_published_site_and_its_trees(make_site):
    from tests.conftest import story

    site = make_site({"content/stories/a.md": story()})
    assert site.build().ok
    # (Beat's hidden bookkeeping beside the trees may change: the tree the failed build began
    # writing is marked as such, so the next build trusts none of its files.)
    before = sorted(p.name for p in site.root.iterdir() if not p.name.startswith("."))
    site.write({"content/stories/b.md": "---\ntitle: [broken\n---\n"})
    assert not site.build().ok
    assert sorted(p.name for p in site.root.iterdir() if not p.name.startswith(".")) == [*before]
    assert (site.public / "stories/a/index.html").is_file()


def test_the_output_link_is_recognised_without_the_bookkeeping_beside_it(tmp_path):
    out = tmp_path / "public"
    publish([OutputFile("index.html", b"one")], out)
    for state in tmp_path.glob(".public.beat-*"):
        state.unlink()
    assert check_output_dir(out, tmp_path / "site") is None
    publish([OutputFile("index.html", b"two")], out)
    assert (out / "index.html").read_bytes() == b"two"


def test_a_first_build_fills_both_trees_so_the_next_writes_nothing(tmp_path):
    out = tmp_path / "public"
    outputs = [OutputFile("index.html", b"home", stamp="h"), OutputFile("a/index.html", b"a", stamp="a")]
    first = Publisher(out)
    for output in outputs:
        first.write(output)
    manifests = first.publish()
    assert set(manifests) == {"beat-a", "beat-b"}
    mirror = tmp_path / "public.beat-b"
    assert (mirror / "a/index.html").stat().st_ino == (tmp_path / "public.beat-a/a/index.html").stat().st_ino, (
        "linked, not copied"
    )
    again = Publisher(out, manifests)
    for output in outputs:
        again.write(output)
    again.publish()
    assert again.files_written == 0 and os.readlink(out) == "public.beat-b"
    assert (out / "a/index.html").read_bytes() == b"a"


def test_a_remembering_build_refills_a_tree_no_manifest_describes(tmp_path):
    """After builds without memory (--no-cache), the first build with memory makes both trees
    known, so the build after it writes nothing."""
    out = tmp_path / "public"
    outputs = [OutputFile("index.html", b"home", stamp="h")]
    publish(outputs, out)
    publish(outputs, out)  # both trees exist now, described by no manifest
    remembering = Publisher(out, {})
    for output in outputs:
        remembering.write(output)
    manifests = remembering.publish()
    assert set(manifests) == {"beat-a", "beat-b"}
    trees = [tmp_path / "public.beat-a/index.html", tmp_path / "public.beat-b/index.html"]
    assert trees[0].stat().st_ino == trees[1].stat().st_ino
    after = Publisher(out, manifests)
    for output in outputs:
        after.write(output)
    after.publish()
    assert after.files_written == 0


def wait_for(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_first_build_links_its_files_into_the_other_tree_while_it_writes(tmp_path):
    out = tmp_path / "public"
    first = Publisher(out)
    first.write(OutputFile("a/index.html", b"a", stamp="a"))
    linked = tmp_path / "public.beat-b/a/index.html"
    assert wait_for(linked.exists), "linked before the build publishes"
    assert linked.stat().st_ino == (tmp_path / "public.beat-a/a/index.html").stat().st_ino
    first.write(OutputFile("index.html", b"home", stamp="h"))
    manifests = first.publish()
    assert set(manifests) == {"beat-a", "beat-b"}
    assert (tmp_path / "public.beat-b/index.html").read_bytes() == b"home"


def test_a_failed_first_build_removes_the_other_tree_it_was_linking(tmp_path):
    first = Publisher(tmp_path / "public")
    first.write(OutputFile("a/index.html", b"a", stamp="a"))
    first.abandon()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == []


def test_without_hard_links_a_first_build_publishes_one_tree(tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise OSError(errno.EPERM, "hard links are not allowed here")

    monkeypatch.setattr(mirror.os, "link", refused)
    first = Publisher(tmp_path / "public")
    first.write(OutputFile("index.html", b"home", stamp="h"))
    manifests = first.publish()
    assert set(manifests) == {"beat-a"} and not (tmp_path / "public.beat-b").exists()
    assert (tmp_path / "public/index.html").read_bytes() == b"home"

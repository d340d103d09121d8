"""`beat build` with its cache on disk gives the same bytes as a clean build, after any edits."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.incremental import disk as cachefile
from builder.pipeline import BuildOptions, build
from tests.conftest import NOW, SITE_TOML, story
from tests.serve.test_rebuild_exactness import apply, operations


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cached_build(root: Path) -> bool:
    return build(root, BuildOptions(out_dir=root / "public", disk_cache=True, now=NOW)).ok


def clean_build(root: Path, out: Path) -> bool:
    return build(root, BuildOptions(out_dir=out, now=NOW)).ok


def new_site(root: Path) -> None:
    for sub in ("content/stories", "content/tags", "content/departments", "content/pages", "templates"):
        (root / sub).mkdir(parents=True)
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    (root / "content/stories/a.md").write_text(story(title="Seed", department="North Police", tags=["alpha"]))


# The suite's 300 s limit is a guard against hangs; this property's examples take about 100 s
# alone, and the like one in tests/serve went past 300 s on a machine busy with other work.
@pytest.mark.timeout(900)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=6))
def test_every_cached_build_equals_a_clean_build(steps):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        new_site(root)
        assert cached_build(root)
        for number, operation in enumerate(steps):
            apply(root, operation)
            if cached_build(root):
                clean = Path(folder) / f"clean-{number}"
                assert clean_build(root, clean)
                assert tree(root / "public") == tree(clean), operation


def test_a_damaged_cache_file_is_ignored_and_rebuilt(make_site):
    site = make_site({"content/stories/a.md": story(title="First")})
    assert cached_build(site.root)
    path = cachefile.cache_path(site.root)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped bit in the middle
    path.write_bytes(bytes(data))
    (site.root / "content/stories/a.md").write_text(story(title="Second"), encoding="utf-8")
    assert cached_build(site.root)
    assert "Second" in site.read("stories/a/index.html")
    assert cachefile.load(site.root, site.public).parsed, "a good cache was written again"


def test_a_half_written_cache_file_is_ignored(make_site):
    site = make_site({"content/stories/a.md": story(title="First")})
    assert cached_build(site.root)
    path = cachefile.cache_path(site.root)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3])
    assert cachefile.load(site.root, site.public).parsed == {}
    assert cached_build(site.root)


def test_a_published_file_changed_by_hand_is_rendered_again(make_site):
    site = make_site({"content/stories/a.md": story(title="First")})
    assert cached_build(site.root)
    page = site.public / "stories/a/index.html"
    page.write_text("tampered", encoding="utf-8")
    assert cached_build(site.root)
    assert "First" in page.read_text(encoding="utf-8")


def test_no_cache_ignores_and_keeps_the_cache_folder_out_of_the_output(make_site):
    site = make_site({"content/stories/a.md": story()})
    result = site.cli("build", "--no-cache")
    assert result.returncode == 0
    assert not (site.root / ".beat-cache").exists()
    assert site.cli("build").returncode == 0
    assert cachefile.cache_path(site.root).exists()
    assert not any(".beat-cache" in p.as_posix() for p in site.public.rglob("*"))


def test_a_damaged_parse_shard_only_costs_its_stories_a_new_parse(make_site):
    site = make_site({f"content/stories/s{n}.md": story(title=f"Story {n}") for n in range(20)})
    assert cached_build(site.root)
    shards = sorted((site.root / cachefile.CACHE_DIR / cachefile.PARSED_DIR).glob("*.pickle"))
    assert len(shards) > 1
    shards[0].write_bytes(shards[0].read_bytes()[:-10] + b"garbage!!!")
    (site.root / "content/stories/s3.md").write_text(story(title="Story three, revised"), encoding="utf-8")
    assert cached_build(site.root)
    clean = site.root.parent / "clean"
    assert clean_build(site.root, clean)
    assert tree(site.public) == tree(clean)


class _Trap:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))  # unpickling this creates the marker file


def test_a_cache_file_not_signed_by_this_user_is_never_unpickled(make_site, tmp_path):
    import hashlib
    import pickle

    site = make_site({"content/stories/a.md": story()})
    marker = tmp_path / "UNPICKLED"
    payload = pickle.dumps(_Trap(str(marker)))
    forged = cachefile.MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    path = cachefile.cache_path(site.root)
    path.parent.mkdir(parents=True)
    path.write_bytes(forged)
    assert cached_build(site.root)
    assert not marker.exists()


def test_a_build_without_the_cache_in_between_leaves_no_stale_page(make_site):
    """The trees' manifests in the cache describe builds that --no-cache builds have since
    overwritten: a page such a build added must still go when its story goes."""
    site = make_site({"content/stories/a.md": story()})
    assert cached_build(site.root)
    assert cached_build(site.root)
    (site.root / "content/stories/p.md").write_text(story(title="Passing"), encoding="utf-8")
    assert build(site.root, BuildOptions(out_dir=site.public, now=NOW)).ok  # no cache: the cache is not updated
    assert cached_build(site.root)
    (site.root / "content/stories/p.md").unlink()
    assert cached_build(site.root)  # into the tree the --no-cache build wrote
    clean = site.root.parent / "clean"
    assert clean_build(site.root, clean)
    assert tree(site.public) == tree(clean)
    assert not (site.public / "stories/p").exists()


def test_a_cached_rebuild_writes_only_the_files_that_changed(make_site):
    stories = {
        f"content/stories/s{n}.md": story(title=f"Story {n}", date=f"2026-01-{n + 1:02d}", summary='"Fixed."') for n in range(9)
    }
    site = make_site(stories)
    assert cached_build(site.root)
    # A first edit, so that both output trees hold a whole site (a build that changes nothing writes no tree).
    site.write({"content/stories/s8.md": story(title="Story 8", date="2026-01-09", summary='"Fixed."', body="Other words.")})
    assert cached_build(site.root)
    other = site.root / ("public.beat-a" if site.public.resolve().name == "public.beat-b" else "public.beat-b")
    before, live_before = tree(other), tree(site.public)
    edited = story(title="Story 0", date="2026-01-01", summary='"Fixed."', body="New words.")
    (site.root / "content/stories/s0.md").write_text(edited)
    result = build(site.root, BuildOptions(out_dir=site.public, disk_cache=True, now=NOW))
    assert site.public.resolve() == other.resolve()
    after = tree(other)
    written = {path for path in after if before.get(path) != after[path]}
    # Into the tree it wrote, the build wrote exactly the files that differ there.
    assert result.ok and result.files_written == len(written), (result.files_written, sorted(written))
    # Against the site that was live: the story's page, the feeds that carry its body (site, tag,
    # department), and the parts of the search index that hold its words; nothing else.
    changed = {path for path in after if live_before.get(path) != after[path]}
    pages = {path for path in changed if not path.startswith("pagefind/")}
    index = {path for path in after if path.startswith("pagefind/")}
    assert pages <= {
        "stories/s0/index.html",
        "feed.xml",
        "tags/community/feed.xml",
        "departments/test-police-department/feed.xml",
    }, pages
    assert "stories/s0/index.html" in pages
    assert 1 <= len(changed - pages) < len(index) / 2, sorted(changed - pages)
    assert "New words." in site.read("stories/s0/index.html")


def test_the_cache_tables_are_marshalled_when_plain_and_pickled_otherwise():
    plain = {"sources": {"content/stories/a.md": (120, 1_700_000_000_000_000_000, "ab12")}, "manifests": {}}
    kind, packed = cachefile._packed(plain)
    assert kind == "marshal" and isinstance(packed, bytes)
    assert cachefile._unpacked((kind, packed)) == plain
    odd = {"outputs": {"PageJob": {"x/": (b"key", (("x/index.html", Path("x"), "owner"),))}}}  # a Path: not marshal's
    assert cachefile._packed(odd) == ("pickle", odd)
    assert cachefile._unpacked(cachefile._packed(odd)) == odd

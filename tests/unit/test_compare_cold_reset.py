"""benchmarks/compare.py takes a tool's output and caches away before a cold build by moving
them aside, not deleting them: on this machine's file system a deletion slows the file creation
that follows for a minute or more, and a cold build stands for a fresh checkout."""

from __future__ import annotations

from tests.unit.compare_script import compare


def test_a_cold_reset_moves_beats_trees_and_cache_aside_and_deletes_no_file(tmp_path):
    root = tmp_path / "beat"
    for tree in ("public.beat-a", "public.beat-b", "site/.beat-cache"):
        (root / tree).mkdir(parents=True)
        (root / tree / "index.html").write_text(tree)
    (root / ".public.beat-a.built").write_text("built")
    (root / "public").symlink_to("public.beat-a")
    (root / "site/content").mkdir()
    tool = compare.BeatTool("beat", root)

    tool.reset_cold()

    assert sorted(p.name for p in root.iterdir()) == ["site"]
    assert [p.name for p in (root / "site").iterdir()] == ["content"]
    aside = tmp_path / compare.SET_ASIDE
    kept = sorted(p.read_text() for p in aside.glob("*/index.html"))
    assert kept == ["public.beat-a", "public.beat-b", "site/.beat-cache"]  # moved, every file still there

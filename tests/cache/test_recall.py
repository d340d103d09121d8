"""A memory hands back a pure function's result only for the arguments it was computed from:
the related stories are worked out again when what they are chosen by changes, and not when a
story's text does."""

from __future__ import annotations

import pytest

from builder import index
from builder.incremental import Forgetful, Memory
from tests.cache.test_build_cache import cached_build, clean_build, tree
from tests.conftest import story


@pytest.mark.parametrize("stable", [True, False])
def test_a_result_is_remembered_for_the_same_arguments_only(stable):
    calls = []

    def double(values):
        calls.append(values)
        return tuple(value * 2 for value in values)

    memory = Memory(stable=stable)
    assert memory.recall(double, (1, 2)) == (2, 4)
    assert memory.recall(double, (1, 2)) == (2, 4)
    assert memory.recall(double, (1, 3)) == (2, 6)
    assert memory.recall(double, (1, 2)) == (2, 4), "one result is kept for each function: the last"
    assert calls == [(1, 2), (1, 3), (1, 2)]
    assert Forgetful().recall(double, (5,)) == (10,) and len(calls) == 4


def test_related_stories_are_chosen_again_only_when_what_chooses_them_changes(make_site, monkeypatch, tmp_path):
    chosen = []

    def counted(*args):
        chosen.append(1)
        return relate(*args)

    relate = index.relate
    monkeypatch.setattr(index, "relate", counted)
    site = make_site(
        {
            "content/stories/a.md": story(title="A", tags=["alpha"], date="2026-01-01"),
            "content/stories/b.md": story(title="B", tags=["alpha"], date="2026-01-02"),
            "content/stories/c.md": story(title="C", tags=["beta"], date="2026-01-03"),
        }
    )
    assert cached_build(site.root) and len(chosen) == 1
    assert cached_build(site.root) and len(chosen) == 1, "the cache on disk remembers them"
    (site.root / "content/stories/a.md").write_text(
        story(title="A", tags=["alpha"], date="2026-01-01", body="A new sentence."), encoding="utf-8"
    )
    assert cached_build(site.root) and len(chosen) == 1, "a story's text does not choose them"
    (site.root / "content/stories/c.md").write_text(story(title="C", tags=["alpha"], date="2026-01-03"), encoding="utf-8")
    assert cached_build(site.root) and len(chosen) == 2, "a tag does"
    assert tree(site.root / "public") == (tree(clean) if clean_build(site.root, clean := tmp_path / "clean") else None)

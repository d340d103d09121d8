"""A story page declares its related list (pages.story_job), so an edit makes again only the story
pages whose related list (or previous/next story) changed, or that show the edited story."""

from __future__ import annotations

import pytest

from builder import incremental
from tests.cache.test_build_cache import clean_build, tree
from tests.conftest import story

DAYS = 30


def files(moved_date: str | None = None, title: str | None = None) -> dict[str, str]:
    found = {}
    for n in range(DAYS):
        date = f"2026-01-{n + 1:02d}"
        if n == 5:
            date, name = moved_date or date, title or "Story 5"
        else:
            name = f"Story {n}"
        found[f"content/stories/s{n}.md"] = story(name, date, "North Police", ["patrol"] if n % 2 else ["patrol", "schools"])
    return found


def shown_stories(site) -> dict[str, tuple]:
    """What each story page shows of other stories: its previous, next and related stories."""
    order = [s.slug for s in site.stories]
    return {
        slug: (order[i + 1] if i + 1 < len(order) else None, order[i - 1] if i else None, site.related[slug])
        for i, slug in enumerate(order)
    }


@pytest.mark.parametrize(
    ("edit", "related_changes"),
    [({"moved_date": "2026-01-25"}, True), ({"title": "Story five, retitled"}, False)],
    ids=["a story moved in time", "a story retitled"],
)
def test_an_edit_renders_again_only_the_pages_whose_related_list_changed(make_site, rendered, edit, related_changes):
    site = make_site(files())
    memory = incremental.Memory()
    first = site.build(memory=memory)
    assert first.ok and len(rendered.paths("story.html")) == DAYS
    rendered.clear()

    site.write(files(**edit))
    second = site.build(memory=memory)
    assert second.ok

    before, after = shown_stories(first.site), shown_stories(second.site)
    related_changed = {slug for slug in after if before[slug][2] != after[slug][2]}
    shows_edited = {slug for slug, (previous, following, related) in after.items() if "s5" in (previous, following, *related)}
    expected = {slug for slug in after if before[slug] != after[slug]} | shows_edited | {"s5"}
    made = sorted(rendered.paths("story.html"))
    assert made == sorted(f"stories/{slug}/" for slug in expected), (made, sorted(expected))
    assert len(expected) < DAYS / 2
    only_by_related = {slug for slug in related_changed if before[slug][:2] == after[slug][:2] and slug not in shows_edited}
    assert bool(only_by_related) == related_changes, only_by_related  # pages made again for their related list alone
    clean = site.root.parent / "clean"
    assert clean_build(site.root, clean)
    assert tree(site.public) == tree(clean)

"""Near-duplicate stories: a story filed twice (a paragraph moved, the title reworded) is a
warning naming both files and the similarity; `not_duplicate_of` silences it; unrelated
stories are never paired, and pairs are found by LSH banding, not by comparing all pairs."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime

from benchmarks.generate import Writer
from builder import duplicates
from builder.duplicates import candidate_pairs, near_duplicates, signature, similarity
from builder.model import Card
from tests.conftest import story


def body(seed: int) -> str:
    return Writer(random.Random(seed)).body()


def moved(text: str) -> str:
    """The same text with its first paragraph moved to the end."""
    blocks = text.strip().split("\n\n")
    return "\n\n".join([*blocks[1:], blocks[0]]) + "\n"


def card(slug: str, text: str, *, day: int = 1, department: str = "Test PD", **extra) -> Card:
    return Card(
        slug=slug,
        title=slug,
        date=datetime(2026, 1, day, tzinfo=UTC),
        department_name=department,
        tag_names=(),
        tags=(),
        summary="",
        path=f"content/stories/{slug}.md",
        signature=signature(text),
        **extra,
    )


def test_a_story_filed_twice_with_a_paragraph_moved_and_a_new_title_is_warned_once_on_the_later_file(make_site):
    text = body(1)
    site = make_site(
        {
            "content/stories/first.md": story(title="Officers Repair the Bench", date="2026-01-10", body=text),
            "content/stories/second.md": story(title="A Bench Made Good Again", date="2026-01-12", body=moved(text)),
            "content/stories/other.md": story(title="Other", date="2026-01-11", body=body(2)),
        }
    )
    result = site.build(write=False)
    assert [str(p) for p in result.problems] == [
        "content/stories/second.md:2: warning: may be the same story as content/stories/first.md (text 97% the same; "
        "same department, dated 2 days apart); if it is not, add `not_duplicate_of: [first]`"
    ]
    assert result.ok
    assert [(p.first.slug, p.second.slug) for p in result.review.duplicates] == [("first", "second")]


def test_not_duplicate_of_on_either_story_silences_the_warning(make_site):
    text = body(3)
    for said_by, other in (("first", "second"), ("second", "first")):
        files = {
            "content/stories/first.md": story(title="One", date="2026-01-10", body=text),
            "content/stories/second.md": story(title="Two", date="2026-03-10", body=moved(text)),
        }
        files[f"content/stories/{said_by}.md"] = story(
            title=said_by, date="2026-02-01", body=text if said_by == "first" else moved(text), not_duplicate_of=f"[{other}]"
        )
        site = make_site(files)
        assert [str(p) for p in site.build(write=False).problems] == []
        shutil.rmtree(site.root)
    site = make_site({**files, f"content/stories/{said_by}.md": story(title="Two", date="2026-02-01", body=moved(text))})
    assert len(site.build(write=False).problems) == 1


def test_a_half_rewritten_story_is_warned_only_when_department_dates_or_source_agree():
    original = body(6).strip().split("\n\n")
    # A third of the paragraphs rewritten: about half the shingles of the two texts are shared.
    half = [block if n % 3 else Writer(random.Random(100 + n)).paragraph() for n, block in enumerate(original)]
    a_text, b_text = "\n\n".join(original), "\n\n".join(half)
    estimate = similarity(signature(a_text), signature(b_text))
    assert 0.35 <= estimate < duplicates.THRESHOLD, estimate
    apart = [card("a", a_text, department="North PD"), card("b", b_text, day=28, department="South PD")]
    assert near_duplicates(apart) == []
    together = [card("a", a_text, department="North PD"), card("b", b_text, day=5, department="North PD")]
    (pair,) = near_duplicates(together)
    assert pair.reasons == ("same department", "dated 4 days apart")
    assert pair.score >= duplicates.THRESHOLD


def test_generated_stories_make_no_pairs_and_planted_copies_are_all_found():
    texts = [body(seed) for seed in range(1500)]
    cards = [card(f"s{n}", text, day=1 + n % 28, department=f"D{n % 7}") for n, text in enumerate(texts)]
    assert near_duplicates(cards) == []
    planted = [card(f"copy{n}", moved(texts[n]), day=1 + n % 28) for n in range(0, 1500, 100)]
    found = {frozenset((p.first.slug, p.second.slug)) for p in near_duplicates(cards + planted)}
    assert found == {frozenset((f"s{n}", f"copy{n}")) for n in range(0, 1500, 100)}


def test_candidates_come_from_shared_bands_only():
    """A pair of stories that share no band is never compared, however many stories there are."""
    texts = [body(seed) for seed in range(200)]
    cards = [card(f"s{n}", text) for n, text in enumerate(texts)]
    assert candidate_pairs(cards) == set()
    assert candidate_pairs([*cards, card("copy", texts[7])]) == {(7, 200)}


def test_short_texts_get_no_signature_and_are_never_paired():
    assert signature("Officers and neighbours met.") == ""
    assert near_duplicates([card("a", "Officers met."), card("b", "Officers met.")]) == []


def test_the_signature_is_the_same_in_every_process():
    """Signatures are remembered on disk and compared with fresh ones: no per-process hash seed."""
    import subprocess
    import sys

    text = body(5)
    code = "import sys; from builder.duplicates import signature; print(signature(sys.stdin.read()))"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], input=text, capture_output=True, text=True, env={"PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2")
    }
    assert runs == {signature(text) + "\n"}

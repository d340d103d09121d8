"""The preview serves an edited story's own page first (serve/storyfirst.py), and it is the page
the whole rebuild then makes; edits the index reads wait for the rebuild."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.serve import storyfirst
from tests.conftest import SITE_TOML, story
from tests.serve.test_rebuild_exactness import new_session

NEIGHBOURS = {
    "a": story(title="Story A", date="2026-01-01", department="North Police", tags=["alpha"]),
    "c": story(title="Story C", date="2026-01-03", department="North Police", tags=["alpha", "beta"]),
}
EDITED = "content/stories/b.md"
FRONT = {"title": "Story B", "date": "2026-01-02", "department": "North Police", "tags": ["alpha"]}
PICTURE = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>'

bodies = st.sampled_from(
    [
        "Short.",
        'A longer body with *emphasis*, a [link](/stories/a/) and "quotes" -- dashes...',
        "# Heading\n\nText under it.\n\n- one\n- two",
        "Many words. " * 120,
        "A picture: ![The bike](media/bike.svg)",
        "| Tabled | b |\n| - | - |\n| 1 | 2 |",
        "> A quote\n\n1. first\n2. second",
    ]
)

# Front matter the index never reads: the page may be made first when only these change.
OWN_FRONT = st.sampled_from(
    [
        {"summary": '"A summary of B."'},
        {"title": "Story B, Retitled <&>"},  # a parameter of story(), which quotes it
        {"author": '"Ann Lee"'},
        {"location": '"Elm Park"'},
        {"updated": "2026-01-20"},
        {"corrections": '\n  - {date: 2026-01-12, text: "The park is on *Elm* Street."}'},
        {"sources": "\n  - name: The Gazette\n    url: https://example.org/gazette/b\n  - https://example.net/release"},
    ]
)


def _site(root: Path) -> None:
    for sub in ("content/stories", "content/media"):
        (root / sub).mkdir(parents=True)
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    (root / "content/media/bike.svg").write_bytes(PICTURE)
    for slug, text in NEIGHBOURS.items():
        (root / f"content/stories/{slug}.md").write_text(text, encoding="utf-8")
    (root / EDITED).write_text(story(**FRONT, body="The first version."), encoding="utf-8")


def _first_then_rebuild(session, root: Path, text: str):
    """The page served first for a save of EDITED with `text`, and the rebuild's page after it."""
    (root / EDITED).write_text(text, encoding="utf-8")
    first = storyfirst.story_page(root, EDITED, *session.last_good, session.memory)
    session.rebuild({EDITED})
    return first, session.state.snapshot.files.get("stories/b/index.html")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(bodies, st.lists(OWN_FRONT, max_size=3)), min_size=1, max_size=5))
def test_an_edit_of_the_body_or_own_front_matter_is_served_first_and_is_the_page_the_rebuild_makes(edits):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _site(root)
        with new_session(root) as session:
            session.rebuild()
            for body, fronts in edits:
                extra = {key: value for front in fronts for key, value in front.items()}
                first, rebuilt = _first_then_rebuild(session, root, story(**{**FRONT, **extra}, body=body))
                assert first is not None, body
                assert first.path == rebuilt.path
                assert first.data == rebuilt.data, body
                assert body.strip("|# ").split()[0].encode() in first.data


@pytest.mark.parametrize(
    "change",
    [
        {"date": "2026-01-05"},
        {"department": "South Police"},
        {"tags": ["beta"]},
        {"draft": "true"},
        {"slug": "b-renamed"},
        {"aliases": '["stories/old-b/"]'},
        {"featured": "true"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_an_edit_the_index_reads_waits_for_the_rebuild(tmp_path, change):
    _site(tmp_path)
    with new_session(tmp_path) as session:
        session.rebuild()
        first, _ = _first_then_rebuild(session, tmp_path, story(**{**FRONT, **change}, body="The first version."))
        assert first is None


def test_a_story_with_an_error_a_new_story_or_an_unknown_picture_waits_for_the_rebuild(tmp_path):
    _site(tmp_path)
    with new_session(tmp_path) as session:
        session.rebuild()
        broken = story(**FRONT, body="Text.").replace("date: 2026-01-02", "date: someday")
        assert _first_then_rebuild(session, tmp_path, broken)[0] is None
        (tmp_path / EDITED).write_text(story(**FRONT, body="Fixed."), encoding="utf-8")
        session.rebuild({EDITED})
        (tmp_path / "content/stories/d.md").write_text(story(title="New"), encoding="utf-8")
        assert storyfirst.story_page(tmp_path, "content/stories/d.md", *session.last_good, session.memory) is None
        session.rebuild({"content/stories/d.md"})
        unknown = story(**FRONT, body="![A car](media/car.svg)")
        assert _first_then_rebuild(session, tmp_path, unknown)[0] is None
        assert session.last_good is None  # that build failed: the next save waits for a rebuild too


def test_templates_that_read_the_whole_site_wait_for_the_rebuild(tmp_path):
    _site(tmp_path)
    (tmp_path / "templates").mkdir()
    theme_story = Path(__file__).parents[2] / "themes/default/templates/story.html"
    text = theme_story.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}{{ site.stories|length }}", 1
    )
    assert "site.stories" in text
    (tmp_path / "templates/story.html").write_text(text, encoding="utf-8")
    with new_session(tmp_path) as session:
        session.rebuild()
        first, rebuilt = _first_then_rebuild(session, tmp_path, story(**FRONT, body="Edited."))
        assert first is None
        assert b"Edited." in rebuilt.data


def test_the_session_serves_the_page_first_and_says_so(tmp_path):
    _site(tmp_path)
    said: list[str] = []
    with new_session(tmp_path) as session:
        session.say = said.append
        session.rebuild()
        epochs = []
        publish = session.state.publish
        session.state.publish = lambda *args, **kwargs: epochs.append(publish(*args, **kwargs)) or epochs[-1]
        (tmp_path / EDITED).write_text(story(**FRONT, body="Seen first."), encoding="utf-8")
        session.rebuild({EDITED})
    first, rebuilt = epochs
    assert b"Seen first." in first.files["stories/b/index.html"].data
    assert first.files["stories/b/index.html"].data == rebuilt.files["stories/b/index.html"].data
    assert b"Seen first." not in first.files["index.html"].data or b"Seen first." in rebuilt.files["index.html"].data
    assert any(line.startswith(f"{EDITED}: its page shown in ") for line in said), said

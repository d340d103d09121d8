"""The watcher's filter and its batching of file events."""

from __future__ import annotations

import os
import threading

import pytest

from builder.serve.watcher import ChangeCollector, Watcher, is_relevant


@pytest.mark.parametrize(
    ("path", "relevant"),
    [
        ("content/stories/a.md", True),
        ("content/media/photo.jpg", True),
        ("themes/default/templates/base.html", True),
        ("templates/story.html", True),
        ("static/favicon.ico", True),
        ("site.toml", True),
        ("content/stories/.a.md.swp", False),
        ("content/stories/a.md~", False),
        ("content/stories/#a.md#", False),
        ("content/.git/index", False),
        ("public/index.html", False),
        (".beat-cache/x", False),
        ("README.md", False),
        ("nested/site.toml", False),
    ],
)
def test_only_sources_of_the_site_are_relevant(path, relevant):
    assert is_relevant(path) is relevant


@pytest.fixture
def watched(tmp_path):
    (tmp_path / "content/stories").mkdir(parents=True)
    collector = ChangeCollector(tmp_path)
    watcher = Watcher(tmp_path, collector)
    watcher.start()
    yield tmp_path, collector, watcher
    watcher.stop()


def test_a_temp_file_renamed_over_a_story_reports_only_the_story(watched):
    root, collector, _ = watched
    temporary = root / "content/stories/draft-1234.tmp.md"
    temporary.write_text("new text")
    os.replace(temporary, root / "content/stories/a.md")
    assert collector.wait(threading.Event()) == {"content/stories/a.md"}


def test_many_writes_in_a_burst_arrive_as_one_batch(watched):
    root, collector, _ = watched
    for number in range(100):
        (root / f"content/stories/s{number}.md").write_text("x")
    batch = collector.wait(threading.Event())
    assert batch == {f"content/stories/s{number}.md" for number in range(100)}


def test_a_folder_created_later_is_watched(watched):
    root, collector, watcher = watched
    (root / "templates").mkdir()
    assert collector.wait(threading.Event()) == {"templates"}
    watcher.watch_new_folders()  # what the session does after each rebuild
    (root / "templates/story.html").write_text("x")
    assert "templates/story.html" in collector.wait(threading.Event())


def test_waiting_stops_when_asked(tmp_path):
    stop = threading.Event()
    stop.set()
    assert ChangeCollector(tmp_path).wait(stop) == set()


def test_a_temporary_file_whose_rename_arrives_late_is_never_reported(tmp_path):
    """On a busy machine the rename's event may come after a quiet window: the temporary file,
    gone by then, is left out, and the story is reported when the rename arrives."""
    from watchdog.events import FileCreatedEvent, FileMovedEvent

    (tmp_path / "content/stories").mkdir(parents=True)
    collector = ChangeCollector(tmp_path)
    temporary, story = tmp_path / "content/stories/draft-1234.tmp.md", tmp_path / "content/stories/a.md"
    temporary.write_text("new text")
    collector.on_any_event(FileCreatedEvent(str(temporary)))
    os.replace(temporary, story)  # renamed, but its event is not delivered yet
    results: list[set[str]] = []
    waiting = threading.Thread(target=lambda: results.append(collector.wait(threading.Event())))
    waiting.start()
    waiting.join(timeout=0.5)
    assert waiting.is_alive() and not results, "a batch of only a vanished temporary file is not returned"
    collector.on_any_event(FileMovedEvent(str(temporary), str(story)))
    waiting.join(timeout=10)
    assert results == [{"content/stories/a.md"}]

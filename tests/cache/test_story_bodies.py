"""A cached build loads stories without their bodies and reads a body only where it is shown."""

from __future__ import annotations

import os
from pathlib import Path

from builder.incremental import disk as cachefile
from builder.model import Card
from tests.cache.test_build_cache import cached_build, clean_build, tree
from tests.conftest import story

STORIES = {
    f"content/stories/s{n}.md": story(title=f"Story {n}", date=f"2026-01-{n + 1:02d}", body=f"Body of story {n}.")
    for n in range(12)
}


def same_as_clean(root: Path) -> bool:
    clean = root.parent / "clean"
    assert clean_build(root, clean)
    return tree(root / "public") == tree(clean)


def test_stories_come_from_the_cache_without_bodies_and_pages_still_show_them(make_site):
    site = make_site(STORIES)
    assert cached_build(site.root)
    memory = cachefile.load(site.root, site.public)
    stories = [r.item for r in memory.parsed.values() if r.item is not None and r.item.path.startswith("content/stories/")]
    assert len(stories) == 12 and all(type(s) is Card for s in stories)  # cards: no bodies in memory
    site.write({"content/stories/s5.md": story(title="Story 5", date="2026-01-06", body="A new body.")})
    assert cached_build(site.root)
    assert "A new body." in site.read("stories/s5/index.html")
    assert same_as_clean(site.root)


def test_full_results_missing_from_disk_are_parsed_again(make_site):
    site = make_site(STORIES)
    assert cached_build(site.root)
    for shard in (site.root / cachefile.CACHE_DIR / cachefile.PARSED_DIR).glob("*.pickle"):
        shard.unlink()
    site.write({"content/stories/s0.md": story(title="Story zero", date="2026-01-01", body="Edited.")})
    assert cached_build(site.root)  # the feeds show every story: each is parsed again
    assert same_as_clean(site.root)
    site.write({"content/stories/s1.md": story(title="Story one", date="2026-01-02", body="Edited too.")})
    assert cached_build(site.root)  # and the full results were saved again
    assert same_as_clean(site.root)


def test_a_file_changed_without_a_new_size_or_time_builds_afresh(make_site):
    site = make_site(STORIES)
    assert cached_build(site.root)
    for shard in (site.root / cachefile.CACHE_DIR / cachefile.PARSED_DIR).glob("*.pickle"):
        shard.unlink()  # so the body must come from the file itself
    path = site.root / "content/stories/s3.md"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Body of story 3.", "Body of story X."), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    # A new title for its neighbour: the page of s3 is rendered again, and needs its body.
    site.write({"content/stories/s4.md": story(title="Story four", date="2026-01-05", body="Body of story 4.")})
    assert cached_build(site.root)
    assert "Body of story X." in site.read("stories/s3/index.html")
    assert same_as_clean(site.root)


def test_a_theme_that_shows_bodies_in_listings_gets_every_body(make_site):
    listing = '{% extends "base.html" %}{% block content %}{% for s in stories %}{{ s.body_html }}{% endfor %}{% endblock %}\n'
    site = make_site({**STORIES, "templates/index.html": listing})
    assert cached_build(site.root)
    site.write({"content/stories/s7.md": story(title="Story 7", date="2026-01-08", body="Changed.")})
    assert cached_build(site.root)
    assert "Body of story 2." in site.read("index.html")
    assert same_as_clean(site.root)


def test_a_first_build_started_again_leaves_no_thread_or_half_tree_behind(make_site, monkeypatch):
    """A story that changes under a build makes it start again (OutOfStep): what the first
    attempt began, the new output tree and the thread that mirrors it, is abandoned."""
    import threading

    from builder import feeds
    from builder.model import OutOfStep

    site = make_site(STORIES)
    real_make_feeds = feeds.make_feeds
    attempts = []

    def make_feeds(*args, **kwargs):
        attempts.append(sorted(thread.name for thread in threading.enumerate() if thread.name.startswith("beat-")))
        if len(attempts) == 1:
            raise OutOfStep("content/stories/s1.md")
        yield from real_make_feeds(*args, **kwargs)

    monkeypatch.setattr(feeds, "make_feeds", make_feeds)
    assert cached_build(site.root)
    assert len(attempts) == 2
    assert attempts[1].count("beat-mirror") == 1, attempts  # the second attempt is a first build too: it mirrors
    assert not [thread for thread in threading.enumerate() if thread.name == "beat-mirror"]
    monkeypatch.undo()
    assert same_as_clean(site.root)

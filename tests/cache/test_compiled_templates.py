"""A build with a cache on disk does not compile the templates the last build compiled, and a
changed template is compiled again: what it shows is the new template's."""

from __future__ import annotations

import jinja2

from builder import incremental
from tests.cache.test_build_cache import cached_build, clean_build, new_site, tree
from tests.conftest import story


def test_templates_are_compiled_once_and_again_when_they_change(monkeypatch, tmp_path):
    compiled: list[str | None] = []
    compile_template = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_template(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    root = tmp_path / "site"
    new_site(root)
    assert cached_build(root)
    first = set(compiled)
    assert {"base.html", "story.html"} <= first
    compiled.clear()
    (root / "content/stories/a.md").write_text(story(title="Seed", department="North Police", tags=["alpha"], body="New words."))
    assert cached_build(root)
    assert compiled == [], "the last build's compiled templates are reused"
    (root / "templates/story.html").write_text(
        '{% extends "base.html" %}{% block content %}<p id="changed">{{ story.title }}</p>{% endblock %}', encoding="utf-8"
    )
    assert cached_build(root)
    assert compiled == ["story.html"], "only the changed template is compiled again"
    assert 'id="changed"' in (root / "public/stories/a/index.html").read_text(encoding="utf-8")
    assert tree(root / "public") == (tree(clean) if clean_build(root, clean := tmp_path / "clean") else None)


def test_the_compiled_code_of_a_template_no_longer_there_leaves_the_cache(tmp_path):
    root = tmp_path / "site"
    new_site(root)
    (root / "templates/404.html").write_text('{% extends "base.html" %}{% block content %}<p>Lost.</p>{% endblock %}')
    assert cached_build(root)
    before = set(incremental.on_disk(root, root / "public").compiled)
    (root / "templates/404.html").unlink()
    assert cached_build(root)
    after = set(incremental.on_disk(root, root / "public").compiled)
    assert len(before - after) == 1, "the removed override's code is dropped"
    assert len(after - before) == 1, "the theme's own 404.html is compiled in its place"
    assert len(after) == len(before)


def test_a_file_in_the_templates_folder_that_is_not_text_does_not_stop_the_build(tmp_path):
    root = tmp_path / "site"
    new_site(root)
    assert cached_build(root)
    (root / "templates/.DS_Store").write_bytes(b"Bud1\x00\x00\x10\x00\xff\xfe\x80 not text")  # macOS leaves these
    (root / "templates/404.html").write_text('{% extends "base.html" %}{% block content %}<p>Lost.</p>{% endblock %}')
    assert cached_build(root), "templates changed: the compiled code of the others is looked at"

import os

from tests.conftest import snapshot, story


def test_a_static_file_linking_outside_the_site_is_an_error_and_never_published(make_site):
    site = make_site({"content/stories/a.md": story(), "static/robots-extra.txt": "ok"})
    assert site.cli("build").returncode == 0
    before = snapshot(site.public)
    (site.root.parent / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    os.symlink(site.root.parent / "secret.txt", site.root / "static/link.txt")
    result = site.cli("build")
    assert result.returncode == 1
    assert "static/link.txt: error: is a symbolic link to a file outside the site" in result.stderr
    assert snapshot(site.public) == before


def test_a_static_file_linking_inside_the_site_is_published(make_site):
    site = make_site({"content/stories/a.md": story(), "notes/shared.txt": "shared"})
    (site.root / "static").mkdir()
    os.symlink(site.root / "notes/shared.txt", site.root / "static/shared.txt")
    assert site.cli("build").returncode == 0
    assert site.read("shared.txt") == "shared"

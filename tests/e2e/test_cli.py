"""The `beat` command as an editor runs it: output, exit codes, files written (requirement 11)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from tests.conftest import snapshot
from tests.e2e import newsroom
from tests.e2e.helpers import main, page, story_slugs, text, the_link


@pytest.fixture
def site(make_site):
    return make_site(newsroom.files(), site_toml=newsroom.site_toml())


def test_build_prints_a_one_line_summary_with_counts_and_seconds_and_exits_0(site):
    result = site.cli("build")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    summary = lines[0]
    assert re.search(r"\b5 stories\b", summary), summary
    assert re.search(r"\b4 tags\b", summary), summary
    assert re.search(r"\b3 departments\b", summary), summary
    assert re.search(r"\b1 pages?\b", summary), summary
    assert re.search(r"\b\d+(?:\.\d+)? ?s(?:econds?)?\b", summary), summary
    assert result.stderr == ""
    assert story_slugs(main(page(site.public, ""))) == newsroom.STORIES[:3]


def test_build_with_quiet_prints_nothing_on_success(site):
    result = site.cli("build", "--quiet")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    assert (site.public / "index.html").is_file()


def test_check_writes_nothing_and_exits_0(site):
    before = snapshot(site.root)
    result = site.cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not site.public.exists()
    assert snapshot(site.root) == before
    assert [p.name for p in site.root.parent.iterdir()] == [site.root.name]


def test_new_writes_a_story_file_for_this_year_and_prints_its_path(make_site):
    site = make_site({})
    years = {datetime.now(UTC).year}
    result = site.cli("new", "Officer Reads to Kids", "--department", "Test PD", "--tags", "a,b")
    years.add(datetime.now(UTC).year)
    assert result.returncode == 0, result.stderr
    printed = result.stdout.strip()
    assert printed in {f"content/stories/{year}/officer-reads-to-kids.md" for year in years}, printed
    assert (site.root / printed).is_file()


def test_a_new_story_passes_check_and_builds_into_a_page_once_written_and_no_longer_a_draft(make_site):
    site = make_site({})
    created = site.cli("new", "Officer Reads to Kids", "--department", "Test PD", "--tags", "a,b")
    assert created.returncode == 0, created.stderr
    check = site.cli("check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert site.cli("build", "--quiet").returncode == 0
    assert not (site.public / "stories/officer-reads-to-kids").exists(), "beat new writes a draft"
    path = site.root / created.stdout.strip()
    written = re.sub(r"(?m)^Write the story here\..*$", "Officer Ana read aloud.", path.read_text(encoding="utf-8"))
    path.write_text(written.replace("draft: true", "draft: false"), encoding="utf-8")
    built = site.cli("build", "--quiet")
    assert built.returncode == 0, built.stderr
    content = main(page(site.public, "stories/officer-reads-to-kids/"))
    assert [text(h) for h in content.iter("h1")] == ["Officer Reads to Kids"]
    assert text(the_link(content, "/departments/test-pd/")) == "Test PD"
    assert the_link(content, "/tags/a/") is not None and the_link(content, "/tags/b/") is not None


def test_a_new_story_without_a_department_passes_check_once_the_department_is_filled_in(make_site):
    site = make_site({})
    created = site.cli("new", "Quiet Night Downtown")
    assert created.returncode == 0, created.stderr
    path = site.root / created.stdout.strip()
    assert "department" in site.cli("check", "--drafts").stderr, "published, the draft would lack its department"
    filled, count = re.subn(r"(?m)^department:.*$", 'department: "Test PD"', path.read_text(encoding="utf-8"))
    assert count == 1
    path.write_text(filled, encoding="utf-8")
    check = site.cli("check", "--drafts")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "department" not in check.stderr


def test_an_unfinished_draft_is_a_warning_and_never_stops_the_rest_from_being_published(site):
    """An editor's `beat new` story, its department not filled in yet, beside the published
    archive: its problems are listed, with their lines, as warnings; everything else is published.
    Published with --drafts, the same problems are errors and nothing is published."""
    created = site.cli("new", "Quiet Night Downtown")
    assert created.returncode == 0, created.stderr
    draft = created.stdout.strip()
    line = next(
        n
        for n, text in enumerate((site.root / draft).read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("department:")
    )
    held = (
        f'{draft}:{line}: warning: "department" is required and is empty; the story is a draft, so this does not stop the build'
    )

    built = site.cli("build")
    assert built.returncode == 0, built.stderr
    assert held in built.stderr
    assert story_slugs(main(page(site.public, ""))) == newsroom.STORIES[:3]

    published = snapshot(site.public)
    with_drafts = site.cli("build", "--drafts")
    assert with_drafts.returncode == 1
    assert f'{draft}:{line}: error: "department" is required and is empty' in with_drafts.stderr
    assert "nothing was published" in with_drafts.stderr
    assert snapshot(site.public) == published

    strict = site.cli("build", "--strict")
    assert strict.returncode == 1 and held in strict.stderr

    # The builds above read the draft from the cache; clean builds say the same.
    for flags in ((), ("--drafts",)):
        cached, clean = site.cli("build", *flags), site.cli("build", "--no-cache", "--out", "../clean", *flags)
        assert (cached.returncode, cached.stderr) == (clean.returncode, clean.stderr)


def test_a_draft_whose_front_matter_cannot_be_read_still_stops_the_build(site):
    """Whether it is a draft cannot be known when its front matter cannot be read."""
    (site.root / "content/stories/broken-draft.md").write_text(
        '---\ntitle: "Unclosed\ndraft: true\n---\nText.\n', encoding="utf-8"
    )
    built = site.cli("build")
    assert built.returncode == 1
    assert "content/stories/broken-draft.md:2: error:" in built.stderr, built.stderr


def test_new_refuses_to_overwrite_an_existing_story(make_site):
    site = make_site({})
    first = site.cli("new", "Officer Reads to Kids", "--department", "Test PD", "--tags", "a,b")
    assert first.returncode == 0, first.stderr
    path = site.root / first.stdout.strip()
    path.write_text(path.read_text(encoding="utf-8") + "\nThe editor already wrote this paragraph.\n", encoding="utf-8")
    before = path.read_bytes()
    second = site.cli("new", "Officer Reads to Kids", "--department", "Other PD")
    assert second.returncode != 0
    assert second.stderr.strip()
    assert path.read_bytes() == before


def test_python_m_builder_help_works():
    result = subprocess.run([sys.executable, "-m", "builder", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for command in ("build", "check", "new"):
        assert command in result.stdout


def test_an_unknown_command_exits_2(site):
    result = site.cli("publish")
    assert result.returncode == 2
    assert result.stderr.strip()
    assert not site.public.exists()

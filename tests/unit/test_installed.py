"""builder/installed.py: library versions as importlib.metadata gives them, without importing it."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version

from builder.incremental.code import LIBRARIES
from builder.installed import installed_versions
from tests.conftest import story


def metadata_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def test_every_library_in_the_code_identity_has_the_version_importlib_metadata_gives():
    assert installed_versions([*LIBRARIES, "no-such-library-here"]) == (*map(metadata_version, LIBRARIES), "")
    assert all(installed_versions(LIBRARIES))  # each comes with Beat: none missed


def test_names_are_compared_as_packaging_does_and_the_first_on_the_path_wins(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "Some_Lib-2.0.dist-info").mkdir(parents=True)
    (second / "some.lib-1.0.dist-info").mkdir(parents=True)
    (second / "Old_Egg-0.9-py3.11.egg-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(first), str(second)])
    assert installed_versions(["some-lib", "SOME_LIB", "old-egg", "absent"]) == ("2.0", "2.0", "0.9", "")


def test_a_build_never_imports_importlib_metadata(make_site):
    """It costs every process 20-30 ms (with the email parser it reads METADATA with)."""
    site = make_site({"content/stories/a.md": story(), "content/stories/b.md": story(title="B")})
    script = (
        "import sys; from builder import cli\n"
        "assert cli.main(['build', '--site', sys.argv[1], '--quiet']) == 0\n"
        "print('importlib.metadata' in sys.modules)"
    )
    for _ in ("cold", "cached"):
        result = subprocess.run([sys.executable, "-c", script, str(site.root)], capture_output=True, text=True, check=True)
        assert result.stdout.strip() == "False", result.stderr
    assert (site.root / "public/stories/b/index.html").is_file()

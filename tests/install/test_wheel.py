"""Beat as a user installs it: a wheel in a fresh virtual environment, away from the checkout
(issue 9, item 6): `beat init`, `beat build`, `beat check` and `beat serve` from the wheel alone.

The wheel is built from a copy of the checkout's files (building in place would leave build/
and an egg-info in the checkout), without build isolation when this environment's setuptools can
build wheels by itself (the test extra asks for it), so nothing is downloaded.

The fresh environment gets the wheel alone (`pip install --no-deps`), then its dependencies
through a .pth file naming this test environment's site-packages: fast, offline, and the same
versions the rest of the suite tests. A .pth file only adds that folder to sys.path: the .pth
files inside it (such as an editable install's finder, which maps `builder` to the checkout) are
not processed, and the environment's own site-packages, where the wheel put `builder`, comes
first. The test asserts that `builder` is imported from the new environment and that no folder
on its sys.path holds the checkout's `builder`. Set BEAT_WHEEL_TEST_DEPENDENCIES=pypi to install
the dependencies from the package index instead, as a user would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import REPO

SERVING = re.compile(r"Serving (http://127\.0\.0\.1:\d+/)")


def clean_env() -> dict[str, str]:
    """This process's environment without the variables that could put the checkout on sys.path
    (PYTHONPATH and the like), nor the virtual environment the tests run in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def run(*args: str | Path, cwd: Path | None = None, env: dict | None = None, timeout: float = 300) -> str:
    env = clean_env() if env is None else env
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _setuptools_builds_wheels() -> bool:
    try:
        major, minor = (int(part) for part in version("setuptools").split(".")[:2])
    except Exception:  # noqa: BLE001 - absent or an unusual version: let pip isolate the build
        return False
    return (major, minor) >= (70, 1)  # bdist_wheel without the `wheel` package


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("builder", "themes"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    for file in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / file, source / file)
    isolation = ["--no-build-isolation"] if _setuptools_builds_wheels() else []
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-w", work / "dist", source, cwd=work)
    [built] = (work / "dist").glob("beat-*.whl")
    return built


def test_the_wheel_holds_every_package_and_the_default_theme(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {p.parent.relative_to(REPO).as_posix() for p in (REPO / "builder").rglob("__init__.py")}
    for package in packages:
        modules = {p.relative_to(REPO).as_posix() for p in (REPO / package).glob("*.py")}
        assert modules <= names, f"missing from the wheel: {sorted(modules - names)}"
    theme = {"builder/" + p.relative_to(REPO).as_posix() for p in (REPO / "themes").rglob("*") if p.is_file()}
    assert theme and theme <= names, f"missing from the wheel: {sorted(theme - names)}"
    assert not any(name.startswith(("themes/", "tests/")) for name in names)


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed, and nothing of the checkout."""
    root = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", "--without-pip", root)
    python = root / "bin" / "python"
    from_index = os.environ.get("BEAT_WHEEL_TEST_DEPENDENCIES") == "pypi"
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--disable-pip-version-check"]
    if from_index:
        run(*pip, wheel, timeout=600)
    else:
        run(*pip, "--no-deps", "--no-index", wheel)
        purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
        ours = [p for p in site.getsitepackages() if Path(p).is_dir()]
        (purelib / "zz-beat-test-dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> tuple[Path, dict]:
    """A working folder away from the checkout, and an environment that points nowhere near it."""
    home = tmp_path_factory.mktemp("elsewhere")
    assert not home.resolve().is_relative_to(REPO)
    return home, clean_env()


def test_builder_is_imported_from_the_new_environment_not_the_checkout(venv, outside):
    home, env = outside
    facts = json.loads(
        run(
            venv / "bin" / "python",
            "-c",
            "import builder, builder.serve, builder.templates as t, json, sys; "
            "print(json.dumps({'file': builder.__file__, 'serve': builder.serve.__file__, "
            "'theme': str(t.BUNDLED_THEMES), 'path': sys.path}))",
            cwd=home,
            env=env,
        )
    )
    assert Path(facts["file"]).is_relative_to(venv), facts["file"]
    assert Path(facts["serve"]).is_relative_to(venv)
    assert Path(facts["theme"]) == Path(facts["file"]).parent / "themes"
    assert (Path(facts["theme"]) / "default" / "templates" / "base.html").is_file()
    for entry in facts["path"]:
        folder = Path(entry).resolve() if entry else home.resolve()
        assert folder != REPO, "the checkout is on sys.path"
        if not folder.is_relative_to(venv.resolve()):
            assert not (folder / "builder" / "__init__.py").exists(), f"{entry} holds a `builder` package"


def test_init_build_check_and_serve_with_the_installed_beat(venv, outside):
    home, env = outside
    beat = venv / "bin" / "beat"
    run(beat, "init", "site", "--title", "Installed Beat", "--base-url", "https://example.org/", cwd=home, env=env)
    site_dir = home / "site"
    built = subprocess.run([beat, "build"], cwd=site_dir, env=env, capture_output=True, text=True, timeout=300)
    assert (built.returncode, built.stderr) == (0, ""), built.stdout + built.stderr
    assert "Installed Beat" in (site_dir / "public" / "index.html").read_text(encoding="utf-8")
    assert list((site_dir / "public" / "static" / "css").glob("style.*.css")), "the theme's stylesheet is published"
    checked = subprocess.run([beat, "check"], cwd=site_dir, env=env, capture_output=True, text=True, timeout=300)
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stdout + checked.stderr

    server = subprocess.Popen(
        [beat, "serve", "--port", "0"], cwd=site_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in server.stdout:
            lines.append(line.rstrip("\n"))
            if SERVING.search(line):
                found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not found.wait(0.1):
            assert server.poll() is None and time.monotonic() < deadline, "no Serving line:\n" + "\n".join(lines)
        url = next(m.group(1) for line in lines if (m := SERVING.search(line)))
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            page = response.read().decode("utf-8")
        assert "Installed Beat" in page
        assert "Welcome to the Archive" in page
    finally:
        server.terminate()
        server.wait(30)
        reader.join(10)

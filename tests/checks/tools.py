"""The external checkers the suite runs over built sites, found where `npm ci` and apt put them.

A missing checker fails the test that needs it, with the command that installs it: a skipped
check would let an invalid page through unnoticed. `.ci/run` installs all of them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITEMAP_XSD = NODE_MODULES / "sitemap" / "schema" / "sitemap.xsd"  # not all.xsd: it imports remote schemas


def require_npm_file(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run `npm ci --no-audit --no-fund` in {REPO} (.ci/run does)")
    return path


def require_java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "java is not installed: `apt-get install -y default-jre-headless` (.ci/run does); the Nu Html Checker needs it"
        )
    return java


@dataclass(frozen=True)
class VnuReport:
    errors: list[dict]  # vnu's JSON messages of type "error" (and any non-document failures)
    checked: set[Path]  # the files vnu says it read

    def describe(self, root: Path) -> str:
        """One line per error: file:line: message, the way an editor wants it."""
        lines = []
        for message in self.errors:
            url = message.get("url", "")
            file = Path(url.removeprefix("file:"))
            where = file.relative_to(root).as_posix() if file.is_relative_to(root) else url
            lines.append(f"{where}:{message.get('lastLine', '?')}: {message.get('message', message)}")
        return "\n".join(lines)


def run_vnu(folder: Path) -> VnuReport:
    """Validate every HTML file under `folder` in one JVM (one per file would take minutes)."""
    java = require_java()
    jar = require_npm_file(VNU_JAR)
    folder = folder.resolve()  # the build's output folder is a symbolic link to its live tree
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", "--stdout", "--skip-non-html", "--verbose", str(folder)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stdout[:2000]}\n{result.stderr[:2000]}")
    # With --verbose, vnu names each file it reads on stderr: proof that nothing was skipped.
    checked = {Path(line.strip()) for line in result.stderr.splitlines() if line.strip().endswith(".html")}
    errors = [m for m in messages if m.get("type") != "info"]
    if result.returncode != 0 and not errors:
        pytest.fail(f"vnu failed (exit {result.returncode}) without reporting an error:\n{result.stderr[:2000]}")
    return VnuReport(errors, checked)

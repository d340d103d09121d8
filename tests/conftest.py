"""Shared fixtures: inline sites written into tmp_path, built with the real pipeline and CLI."""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from builder.pipeline import BuildOptions, BuildResult, build

REPO = Path(__file__).resolve().parent.parent
# Every test build happens "now" = this moment, so future-dated stories are deterministic.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

SITE_TOML = """\
title = "Test Beat"
base_url = "https://example.org/"
description = "Stories for tests."
author = "Test Desk"
sources = "optional"
"""


def story(
    title: str = "A Story",
    date: str = "2026-01-10",
    department: str = "Test Police Department",
    tags: object = ("community",),
    body: str = "Officers and neighbours met.",
    **extra: object,
) -> str:
    """A story file's text with YAML front matter; extra keys are written as given (YAML values)."""
    lines = ["---", f"title: {_yaml(title)}", f"date: {date}", f"department: {_yaml(department)}"]
    if tags is not None:
        lines.append(f"tags: {_yaml(list(tags) if isinstance(tags, tuple) else tags)}")
    lines += [f"{key}: {value if isinstance(value, str) else _yaml(value)}" for key, value in extra.items()]
    return "\n".join([*lines, "---", body, ""])


def _yaml(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # JSON is valid YAML and quotes safely


class SiteFixture:
    """A site folder in tmp_path plus helpers to build it."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, files: dict[str, str | bytes]) -> None:
        for relative, text in files.items():
            path = self.root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text) if relative.endswith(".toml") else text, encoding="utf-8")

    def build(self, **options: object) -> BuildResult:
        options.setdefault("now", NOW)
        options.setdefault("out_dir", self.root / "public")
        return build(self.root, BuildOptions(**options))

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        """Run the real `beat` command (python -m builder) in the site folder. The result's
        `cpu_seconds` is the processor time it and its worker processes used: what a test of
        bounded work asserts, since wall time on a busy machine says little."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(
            [sys.executable, "-m", "builder", *args], cwd=self.root, capture_output=True, text=True, timeout=120
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command's waited-for workers count in its own figures
        result.cpu_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return result

    @property
    def public(self) -> Path:
        return self.root / "public"

    def read(self, relative: str) -> str:
        return (self.public / relative).read_text(encoding="utf-8")


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[dict[str, str | bytes]], SiteFixture]:
    """make_site({"content/stories/a.md": story(...)}) -> a site with site.toml and those files."""

    def make(files: dict[str, str | bytes], *, site_toml: str = SITE_TOML) -> SiteFixture:
        site = SiteFixture(tmp_path / "site")
        site.root.mkdir()
        site.write({"site.toml": site_toml, **files})
        return site

    return make


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The repository's own sample archive, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("sample") / "public"
    result = build(REPO, BuildOptions(out_dir=out, now=NOW))
    assert result.ok, "\n".join(map(str, result.problems))
    return out


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and modification time, to prove nothing changed."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()
    }

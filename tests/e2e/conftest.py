"""Fixture sites built once per test module, for tests that only read the output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SiteFixture
from tests.e2e import newsroom


def build_site(folder: Path, files: dict[str, str | bytes], site_toml: str, **options: object) -> SiteFixture:
    """Write a site into `folder`, build it with the real pipeline and insist the build succeeded."""
    site = SiteFixture(folder)
    site.root.mkdir(parents=True)
    site.write({"site.toml": site_toml, **files})
    result = site.build(**options)
    assert result.ok, "\n".join(map(str, result.problems))
    return site


@pytest.fixture(scope="module")
def newsroom_site(tmp_path_factory) -> SiteFixture:
    """The newsroom fixture at https://example.org/, built once per module."""
    return build_site(tmp_path_factory.mktemp("newsroom") / "site", newsroom.files(), newsroom.site_toml())


@pytest.fixture(scope="module")
def archive_site(tmp_path_factory) -> SiteFixture:
    """The newsroom fixture published under a path: https://example.org/archive/."""
    folder = tmp_path_factory.mktemp("archive") / "site"
    return build_site(folder, newsroom.files(), newsroom.site_toml("https://example.org/archive/"))

"""Playwright driving Debian's chromium (Playwright's own browser download cannot work here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from builder.pipeline import BuildOptions, build
from tests.browser.static_host import StaticHost
from tests.conftest import NOW, REPO
from tests.serve.conftest import preview_site  # noqa: F401 - the same small site the server tests use

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_addoption(parser):
    parser.addoption(
        "--update-screenshots",
        action="store_true",
        default=False,
        help="save the browser screenshots into docs/screenshots/ (otherwise into a temporary folder)",
    )


@pytest.fixture(scope="session")
def sample_host(sample_build: Path) -> Iterator[StaticHost]:
    """The repository's sample archive, built once, served at http://127.0.0.1:<port>/."""
    with StaticHost(sample_build) as host:
        yield host


@pytest.fixture(scope="session")
def archive_host(tmp_path_factory) -> Iterator[StaticHost]:
    """The sample archive built for a base URL with a path and served only under /archive/."""
    out = tmp_path_factory.mktemp("archive-host") / "public"
    host = StaticHost(out, prefix="/archive/")  # binds its port now: the build needs the address
    try:
        result = build(REPO, BuildOptions(out_dir=out, now=NOW, base_url=host.url))
        assert result.ok, "\n".join(map(str, result.problems))
        with host:
            yield host
    finally:
        host.server_close()


@pytest.fixture(scope="module")
def shared_page(browser: Browser) -> Iterator[Page]:
    """One tab for a module's many short, read-only visits (a new browser context per test costs
    more than the visit itself). Tests set their own viewport; nothing else is changed."""
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)

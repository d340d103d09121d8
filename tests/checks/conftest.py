"""Checks of the built repository sample with external tools: vnu, the sitemaps.org schema, lxml.

The sample is built once per session by `sample_build` (tests/conftest.py), with the real pipeline.
"""

from __future__ import annotations

import pytest

from builder.config import load_config
from tests.conftest import REPO


@pytest.fixture(scope="session")
def base_url() -> str:
    return load_config(REPO)[0].base_url

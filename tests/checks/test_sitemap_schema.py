"""The built sample's sitemap.xml is valid by the sitemaps.org schema and lists only absolute
addresses of this site (issue 5). What it lists is tested in tests/e2e/test_sitemap.py."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from tests.checks.tools import SITEMAP_XSD, require_npm_file
from tests.e2e.helpers import sitemap_locs


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(require_npm_file(SITEMAP_XSD))))


def schema_errors(schema: etree.XMLSchema, data: bytes) -> list[str]:
    schema.validate(etree.fromstring(data))
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def test_the_sitemap_of_the_built_sample_is_valid_by_the_sitemaps_org_schema(sample_build, schema):
    assert schema_errors(schema, (sample_build / "sitemap.xml").read_bytes()) == []


def test_every_loc_is_absolute_under_the_base_url(sample_build, base_url):
    # The schema accepts a relative <loc>: its only rule is a length of 12 to 2048 characters.
    locs = sitemap_locs(sample_build)
    assert len(locs) > 30
    assert [loc for loc in locs if not loc.startswith(base_url)] == []


def test_the_schema_rejects_a_planted_bad_lastmod(sample_build, schema):
    data = (sample_build / "sitemap.xml").read_bytes()
    planted, count = re.subn(rb"<lastmod>[^<]*</lastmod>", b"<lastmod>01/03/2024</lastmod>", data, count=1)
    assert count == 1

    errors = schema_errors(schema, planted)

    assert errors and "01/03/2024" in errors[0], errors

"""What a reader downloads for one page: its HTML and the stylesheets it links, as a server
would send them (gzip, level 9). Shared by test_page_weight.py and benchmarks/page_weight.py."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

from tests.e2e.helpers import output_file


@dataclass(frozen=True)
class PageWeight:
    page: str  # the site address, "" for the home page
    html_bytes: int
    css_bytes: int
    compressed: int  # each file gzipped on its own, summed: one response each


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def stylesheet_files(public: Path, html: bytes, base_path: str) -> list[Path]:
    doc = lxml.html.fromstring(html)
    files = []
    for href in doc.xpath('//link[@rel="stylesheet"]/@href'):
        path = urlsplit(href).path
        assert path.startswith(base_path), f"stylesheet {href} is not on this site"
        file = public / output_file(path.removeprefix(base_path))
        assert file.is_file(), f"stylesheet {href} was not built"
        files.append(file)
    return files


def page_weight(public: Path, site_path: str, base_path: str = "/") -> PageWeight:
    html = (public / output_file(site_path)).read_bytes()
    styles = [f.read_bytes() for f in stylesheet_files(public, html, base_path)]
    compressed = gzipped_size(html) + sum(gzipped_size(s) for s in styles)
    return PageWeight(site_path, len(html), sum(map(len, styles)), compressed)

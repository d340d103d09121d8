"""Every address and output path of the site. Nothing else joins URL strings.

A "site path" is relative to the site's root and has no leading slash: "" is home,
"tags/" a section, "feed.xml" a file. `url()` puts the base URL's path in front of it,
`absolute()` the whole base URL, `output_path()` turns it into a file in the output folder.
"""

from __future__ import annotations

from urllib.parse import quote

from builder.config import SiteConfig
from builder.model import Card, Department, Page, Tag

_PREFIXES = {Tag: "tags/", Department: "departments/", Page: ""}


def site_path(target: Card | Tag | Department | Page | str) -> str:
    if isinstance(target, str):
        return target.lstrip("/")
    if isinstance(target, Card):  # a story, with or without its body
        return story_path(target.slug)
    try:
        return f"{_PREFIXES[type(target)]}{target.slug}/"
    except KeyError:
        raise TypeError(f"no address for {type(target).__name__}") from None


def story_path(slug: str) -> str:
    return f"stories/{slug}/"


def paged(path: str, number: int) -> str:
    """Page `number` of a listing at `path` (a site path, or the listing's URL): page 1 is the listing itself."""
    return path if number == 1 else f"{path}page/{number}/"


def year_path(year: int) -> str:
    return f"archive/{year}/"


def region_path(slug: str) -> str:
    return f"departments/region/{slug}/"


def output_path(path: str) -> str:
    """The file a site path is written to: "tags/" -> "tags/index.html"."""
    return path + "index.html" if path == "" or path.endswith("/") else path


class Urls:
    def __init__(self, config: SiteConfig):
        self.base_url = config.base_url
        self.base_path = config.base_path

    def url(self, target: Card | Tag | Department | Page | str) -> str:
        return self.base_path + quote(site_path(target), safe="/#?=&%")

    def absolute(self, target: Card | Tag | Department | Page | str) -> str:
        return self.base_url + quote(site_path(target), safe="/#?=&%")

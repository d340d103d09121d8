"""Reading a built site the way a reader, a feed reader or a crawler would.

Pages are parsed with lxml.html; feeds and the sitemap with lxml.etree; links are collected with
the standard library's html.parser so the link checker depends on nothing the product uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
NS = {"a": ATOM, "s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# RFC 3339 date-time with a mandatory offset ("Z" or "+hh:mm"/"-hh:mm").
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


# --- pages -------------------------------------------------------------------------------------


def output_file(site_path: str) -> str:
    """The file a site address is served from: "" -> index.html, "tags/" -> tags/index.html."""
    site_path = site_path.lstrip("/")
    return site_path + "index.html" if site_path == "" or site_path.endswith("/") else site_path


def exists(public: Path, site_path: str) -> bool:
    return (public / output_file(site_path)).is_file()


def page(public: Path, site_path: str) -> lxml.html.HtmlElement:
    """The parsed HTML page at a site address ("" is home, "tags/" the tags overview)."""
    path = public / output_file(site_path)
    assert path.is_file(), f"/{site_path} was not built ({path} is missing)"
    return lxml.html.fromstring(path.read_bytes())


def main(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    found = doc.xpath("//main")
    assert len(found) == 1, "every page has exactly one <main>"
    return found[0]


def text(element) -> str:
    """The visible text of an element, whitespace collapsed."""
    return " ".join(element.text_content().split())


def hrefs(element) -> list[str]:
    return [a.get("href") for a in element.iter("a") if a.get("href") is not None]


def story_slugs(element, base_path: str = "/") -> list[str]:
    """Slugs of the stories an element links to, in document order, each once."""
    pattern = re.compile(rf"^{re.escape(base_path)}stories/([^/]+)/$")
    slugs: list[str] = []
    for href in hrefs(element):
        match = pattern.match(href)
        if match and match.group(1) not in slugs:
            slugs.append(match.group(1))
    return slugs


def links_to(element, href: str) -> list[lxml.html.HtmlElement]:
    return [a for a in element.iter("a") if a.get("href") == href]


def the_link(element, href: str) -> lxml.html.HtmlElement:
    found = links_to(element, href)
    assert found, f"no link to {href}; links are {hrefs(element)}"
    return found[0]


def rel_link(element, rel: str) -> str | None:
    """The href of the one <a rel=...> in an element (pagination, story navigation), or None."""
    found = [a.get("href") for a in element.iter("a") if rel in (a.get("rel") or "").split()]
    assert len(found) <= 1, f'more than one rel="{rel}" link: {found}'
    return found[0] if found else None


def head_value(doc, xpath: str) -> str:
    found = doc.xpath(xpath)
    assert len(found) == 1, f"{xpath}: expected one, found {found}"
    return found[0]


def canonical(doc) -> str:
    return head_value(doc, '//head/link[@rel="canonical"]/@href')


def og_url(doc) -> str:
    return head_value(doc, '//head/meta[@property="og:url"]/@content')


def is_redirect(doc) -> bool:
    """A page that moved (redirects.py): it names its new address as canonical, not its own."""
    return bool(doc.xpath('//head/meta[@http-equiv="refresh"]'))


def html_files(public: Path) -> list[Path]:
    return sorted(public.rglob("*.html"))


def site_path_of(public: Path, file: Path) -> str:
    """The site address a built file is served at: tags/index.html -> "tags/"."""
    relative = file.relative_to(public).as_posix()
    if relative == "index.html":
        return ""
    return relative.removesuffix("index.html") if relative.endswith("/index.html") else relative


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- feeds and the sitemap ---------------------------------------------------------------------


def xml(public: Path, path: str) -> etree._Element:
    file = public / path
    assert file.is_file(), f"/{path} was not built"
    return etree.fromstring(file.read_bytes())


def atom(element, path: str) -> list:
    return element.xpath(path, namespaces=NS)


def feed_entry_ids(public: Path, path: str) -> list[str]:
    return [e.text for e in atom(xml(public, path), "/a:feed/a:entry/a:id")]


def feed_entry_links(public: Path, path: str) -> list[str]:
    return [str(h) for h in atom(xml(public, path), '/a:feed/a:entry/a:link[@rel="alternate"]/@href')]


def sitemap_locs(public: Path) -> list[str]:
    return [loc.text.strip() for loc in atom(xml(public, "sitemap.xml"), "/s:urlset/s:url/s:loc")]


# --- the link checker --------------------------------------------------------------------------


class _LinkCollector(HTMLParser):
    """Every URL an HTML page refers to: href, src, srcset, and og:url/og:image metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str, str]] = []  # (line, what, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value for name, value in attrs if value is not None}
        for name in ("href", "src"):
            if name in values:
                self.urls.append((line, f"<{tag} {name}>", values[name]))
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.urls.append((line, f"<{tag} srcset>", candidate.split()[0]))
        if tag == "meta" and values.get("property") in ("og:url", "og:image") and "content" in values:
            self.urls.append((line, f'<meta property="{values["property"]}">', values["content"]))


def html_urls(html: str) -> list[tuple[int, str, str]]:
    collector = _LinkCollector()
    collector.feed(html)
    collector.close()
    return collector.urls


@dataclass
class LinkReport:
    checked: int
    broken: list[str]


def check_links(public: Path, base_url: str) -> LinkReport:
    """Resolve every internal URL of the built site to a file in `public`; list what does not.

    Relative and root-relative URLs are resolved against the page's own address; absolute URLs
    under base_url are the site's own (canonical, og:url, feeds, sitemap) and are checked after
    the prefix is stripped. External http(s) links, mailto:/tel: and fragment-only links are
    skipped. A root-relative URL outside base_url's path is broken.
    """
    root = public.resolve()
    report = LinkReport(0, [])

    def check(where: str, what: str, url: str, page_url: str) -> None:
        url = url.strip()
        parts = urlsplit(url)
        if not url or url.startswith("#") or parts.scheme in ("mailto", "tel"):
            return
        if parts.scheme and parts.scheme not in ("http", "https"):
            report.broken.append(f"{where}: {what} {url}: not a web address")
            return
        absolute = urljoin(page_url, url)
        if (parts.scheme or url.startswith("//")) and not absolute.startswith(base_url):
            return  # external
        report.checked += 1
        if not absolute.startswith(base_url):
            report.broken.append(f"{where}: {what} {url}: resolves to {absolute}, outside {base_url}")
            return
        path = unquote(urlsplit(absolute[len(base_url) :]).path)
        target = (root / output_file(path)).resolve()
        if not target.is_relative_to(root):
            report.broken.append(f"{where}: {what} {url}: leaves the output folder")
        elif not target.is_file():
            report.broken.append(f"{where}: {what} {url}: no file {target.relative_to(root).as_posix()}")

    for file in sorted(root.rglob("*")):
        if not file.is_file():
            continue
        relative = file.relative_to(root).as_posix()
        page_url = base_url + site_path_of(root, file)
        if file.suffix == ".html":
            for line, what, url in html_urls(file.read_text(encoding="utf-8")):
                check(f"{relative}:{line}", what, url, page_url)
        elif file.suffix == ".xml":
            document = etree.fromstring(file.read_bytes())
            for element in document.iter():
                if not isinstance(element.tag, str):
                    continue
                name = etree.QName(element).localname
                for attribute in ("href", "scheme"):
                    if element.get(attribute):
                        check(relative, f"<{name} {attribute}>", element.get(attribute), page_url)
                if name in ("id", "loc", "uri") and element.text:
                    check(relative, f"<{name}>", element.text, page_url)
                if name == "content" and element.text:
                    # Entry bodies: their links resolve against the entry's xml:base.
                    entry_base = element.get("{http://www.w3.org/XML/1998/namespace}base") or page_url
                    for line, what, url in html_urls(element.text):
                        check(f"{relative} (entry body line {line})", what, url, entry_base)
        elif relative == "robots.txt":
            for line in file.read_text(encoding="utf-8").splitlines():
                if line.lower().startswith("sitemap:"):
                    check(relative, "Sitemap:", line.split(":", 1)[1], page_url)
    return report

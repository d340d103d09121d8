"""The Jinja environment: the site's templates/ over the theme's, autoescaping everywhere."""

from __future__ import annotations

import hashlib
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
import jinja2.bccache
import jinja2.meta

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# The default theme: inside the package in a wheel (builder/themes/), beside it in a checkout
# or an editable install of one (themes/, its one copy in the repository).
_PACKAGE = Path(__file__).resolve().parent
BUNDLED_THEMES = _PACKAGE / "themes" if (_PACKAGE / "themes").is_dir() else _PACKAGE.parent / "themes"


def theme_dir(site_dir: Path, theme: str) -> Path | None:
    """The site's own themes/<theme>/, else the theme that ships with Beat."""
    for root in (site_dir / "themes", BUNDLED_THEMES):
        candidate = root / theme
        if (candidate / "templates").is_dir():
            return candidate
    return None


def template_dirs(site_dir: Path, theme: Path) -> list[Path]:
    overrides = site_dir / "templates"
    return [d for d in (overrides, theme / "templates") if d.is_dir()]


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in a mapping its owner stores, by template file. Jinja checks each
    against its template's source before using it, so a changed template is compiled again."""

    def __init__(self, known: MutableMapping[str, bytes]):
        self.known = known

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.known.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.known[bucket.key] = bucket.bytecode_to_string()


def forget_compiled_except(env: jinja2.Environment, known: MutableMapping[str, bytes]) -> None:
    """Drop from `known` the compiled code of every template `env` can no longer load. The keys
    are made by Jinja's own loader and cache, as they are when a template is loaded."""
    cache, loader = env.bytecode_cache, env.loader
    assert cache is not None and loader is not None
    current = set()
    for name in env.list_templates():
        try:
            _, filename, _ = loader.get_source(env, name)
        except (jinja2.TemplateNotFound, OSError, UnicodeDecodeError):  # gone since it was listed, or no template (.DS_Store)
            continue
        current.add(cache.get_cache_key(name, filename))
    for key in set(known) - current:
        del known[key]


def environment(dirs: list[Path], compiled: CompiledTemplates | None = None) -> jinja2.Environment:
    """`compiled`: where templates compiled by an earlier build may be found (and this one's are put)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        # Every template, whatever its name: select_autoescape() would skip feed.xml.j2 and the like.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A change to any template makes a new environment (pipeline._templates), so looking
        # at the files' times on every page would only cost a stat or two per page.
        auto_reload=False,
        bytecode_cache=compiled,
    )
    env.filters["date"] = human_date
    env.filters["isodate"] = iso_date
    return env


def human_date(moment: datetime) -> str:
    """23 November 2026, the same on every machine whatever its locale."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def iso_date(moment: datetime) -> str:
    return moment.isoformat()


@dataclass(frozen=True, slots=True)
class TemplateFacts:
    """What the templates in use read, beyond the data each page is given."""

    digest: str  # of every template file: any edit changes it
    cacheable: bool  # no template reads `site` directly: each page depends only on its declared data
    bodies_in_listings: bool  # some template shows stories' bodies beyond the story's own page


@dataclass(frozen=True, slots=True)
class TemplateFiles:
    digest: str  # of every file in the template folders
    sources: dict[str, str]  # template name -> text: the site's templates/ over the theme's, as the loader sees them


def read_templates(dirs: list[Path]) -> TemplateFiles:
    files = sorted(p for d in dirs for p in d.rglob("*") if p.is_file())
    contents = {path: path.read_bytes() for path in files}
    total = hashlib.sha256()
    for path, data in contents.items():
        total.update(path.as_posix().encode() + b"\0" + data + b"\0")
    sources: dict[str, str] = {}
    for directory in dirs:
        for path in files:
            if path.is_relative_to(directory) and path.suffix == ".html":
                sources.setdefault(path.relative_to(directory).as_posix(), contents[path].decode("utf-8", "replace"))
    return TemplateFiles(total.hexdigest(), sources)


def template_facts(files: TemplateFiles) -> TemplateFacts:
    """What the templates read: whether any reads `site` (then a page may depend on anything),
    and whether any shows bodies beyond a story's or page's own."""
    names: set[str] = set()
    env = environment([])  # for parsing only: the same syntax settings
    for text in files.sources.values():
        try:
            names |= jinja2.meta.find_undeclared_variables(env.parse(text))
        except jinja2.TemplateSyntaxError:
            names.add("site")  # unreadable: assume the worst; rendering will report the error
    own_body = ("story.html", "page.html")  # each shows only its own story's or page's body
    sources = files.sources
    bodies = any("body_html" in text for name, text in sources.items() if name not in own_body) or bool(
        re.search(r"\b(previous|next)\.body_html", sources.get("story.html", ""))
    )
    return TemplateFacts(files.digest, "site" not in names, bodies)

"""site.toml and command-line overrides -> SiteConfig (frozen) + problems."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from builder.frontmatter import toml_error_line
from builder.problems import Problem, error, warning

CONFIG_FILE = "site.toml"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = "Beat"
    base_url: str = "http://localhost:8000/"  # always ends with "/"
    description: str = ""
    language: str = "en"
    author: str = ""  # the feed's author when a story names none
    theme: str = "default"
    paginate: int = 20
    feed_limit: int = 20
    timezone: str = "UTC"  # completes dates written without a time or offset
    search: bool = True  # build the Pagefind search index and the /search/ page
    sources: str = "recommended"  # a story without sources: "required" (an error), "recommended" (a warning), "optional"
    data_license: str = ""  # the licence of the open data in /data/ (an SPDX id such as "CC-BY-4.0", or words)

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/archive/"."""
        return urlsplit(self.base_url).path

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


_KEYS = {f.name: f for f in fields(SiteConfig)}
TABLES = ("checks",)  # site.toml tables read by their own modules: [checks] by builder/checks/policy.py
SOURCE_POLICIES = ("required", "recommended", "optional")


def normalise_base_url(value: str) -> str | None:
    """An absolute http(s) URL ending in "/", or None if `value` is not one."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def load_config(site_dir: Path, *, base_url: str | None = None) -> tuple[SiteConfig, list[Problem]]:
    """Read site.toml (absent means all defaults) and apply overrides from the command line."""
    path = site_dir / CONFIG_FILE
    problems: list[Problem] = []
    raw: dict = {}
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8-sig")
            raw = tomllib.loads(text)
        except UnicodeDecodeError:
            return SiteConfig(), [error(CONFIG_FILE, "is not UTF-8 text")]
        except tomllib.TOMLDecodeError as exc:
            reason = str(exc).split(" (at ", 1)[0]
            return SiteConfig(), [error(CONFIG_FILE, f"invalid TOML: {reason}", toml_error_line(text, exc))]
    values: dict = {}
    for key, value in raw.items():
        if key in TABLES or key in TERM_POLICY_KEYS:
            continue  # read by checks/policy.py and load_term_policy: they change what is checked, not what is built
        if key not in _KEYS:
            hint = difflib.get_close_matches(key, _KEYS, n=1)
            suggestion = f'; did you mean "{hint[0]}"?' if hint else ""
            problems.append(warning(CONFIG_FILE, f'unknown setting "{key}"{suggestion}'))
            continue
        expected = _KEYS[key].type
        if expected == "bool":
            if not isinstance(value, bool):
                problems.append(error(CONFIG_FILE, f'"{key}" must be true or false'))
                continue
        elif expected == "int":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                problems.append(error(CONFIG_FILE, f'"{key}" must be a whole number of at least 1'))
                continue
        elif not isinstance(value, str):
            problems.append(error(CONFIG_FILE, f'"{key}" must be a string'))
            continue
        values[key] = value
    if base_url is not None:
        values["base_url"] = base_url
    if "base_url" in values:
        normalised = normalise_base_url(values["base_url"])
        if normalised is None:
            where = "--base-url" if base_url is not None else CONFIG_FILE
            problems.append(error(where, f'base_url "{values["base_url"]}" must be an absolute http(s) URL'))
            del values["base_url"]
        else:
            values["base_url"] = normalised
    if "timezone" in values:
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(
                error(CONFIG_FILE, f'unknown timezone "{values["timezone"]}" (use an IANA name such as "America/Chicago")')
            )
            del values["timezone"]
    if values.get("sources", SOURCE_POLICIES[1]) not in SOURCE_POLICIES:
        choices = ", ".join(f'"{p}"' for p in SOURCE_POLICIES)
        problems.append(error(CONFIG_FILE, f'"sources" must be one of {choices}, not "{values.pop("sources")}"'))
    return SiteConfig(**values), problems


TERM_POLICY_KEYS = ("departments", "tags")
TERM_POLICIES = ("open", "profiles")


@dataclass(frozen=True, slots=True)
class TermPolicy:
    """Which departments and tags a story may name: "open" (any; a close misspelling of a known
    one is warned) or "profiles" (only those with a profile in content/departments/ or content/tags/)."""

    departments: str = "open"
    tags: str = "open"


def load_term_policy(site_dir: Path) -> tuple[TermPolicy, list[Problem]]:
    """site.toml's `departments` and `tags` (load_config reports the file's own problems)."""
    try:
        raw = tomllib.loads((site_dir / CONFIG_FILE).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return TermPolicy(), []
    values, problems = {}, []
    for key in TERM_POLICY_KEYS:
        if key in raw:
            if raw[key] in TERM_POLICIES:
                values[key] = raw[key]
            else:
                problems.append(error(CONFIG_FILE, f'"{key}" must be "open" or "profiles", not {raw[key]!r}'))
    return TermPolicy(**values), problems


def base_url_warning(config: SiteConfig) -> Problem | None:
    """A warning for a build to be published while base_url still points at this computer."""
    default = SiteConfig().base_url  # http://localhost:8000/
    if config.base_url == default:
        what = f"is still the default {default}"
    elif urlsplit(config.base_url).hostname in ("localhost", "127.0.0.1", "::1"):
        what = f"{config.base_url} points at this computer"
    else:
        return None
    return warning(CONFIG_FILE, f"base_url {what}; set it to the address the site is published at")

"""The Jinja environment: the site's templates/ over the theme's, autoescaping everywhere."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import jinja2

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
BUNDLED_THEMES = Path(__file__).resolve().parent.parent / "themes"


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


def environment(dirs: list[Path]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        # Every template, whatever its name: select_autoescape() would skip feed.xml.j2 and the like.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = human_date
    env.filters["isodate"] = iso_date
    return env


def human_date(moment: datetime) -> str:
    """23 November 2026, the same on every machine whatever its locale."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def iso_date(moment: datetime) -> str:
    return moment.isoformat()

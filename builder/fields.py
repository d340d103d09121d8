"""Reading typed values out of front matter: one place for every conversion and its message."""

from __future__ import annotations

import difflib
import unicodedata
from datetime import date, datetime, time, tzinfo
from urllib.parse import urlsplit

from builder.frontmatter import FrontMatter, ImpossibleDate
from builder.problems import Problem, error, warning


def web_url_problem(key: str, value: str) -> str | None:
    """Why `value` cannot be a link to another site (http or https, with a host), or None.
    urlsplit raises ValueError on a malformed bracketed host ("https://[x]/", "http://[::1")
    and .port on a port that is not a number up to 65535: both are the editor's typo, not a crash."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - read only for the ValueError it raises
    except ValueError as exc:
        return f'"{key}" is not a valid web address: "{value}" ({exc})'
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f'"{key}" must be an http:// or https:// address, not "{value}"'
    if any(char.isspace() or unicodedata.category(char) == "Cc" for char in value):
        return f'"{key}" is not a valid web address: "{value}" holds a space or control character'
    return None


def moment_value(key: str, value: object, zone: tzinfo) -> tuple[datetime | None, str | None]:
    """A date, or a datetime with offset, from a front-matter value (a bare date or time is
    completed in the site's zone); or None and why it is not one."""
    if isinstance(value, ImpossibleDate):
        return None, f'"{key}" is {value}, which is not a real date'
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None, f'"{key}" must be a date like 2026-01-31 or 2026-01-31T09:30:00-05:00, not "{value}"'
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)), None
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=zone), None
    return None, f'"{key}" must be a date like 2026-01-31, not {kind_of(value)}'


class FieldReader:
    """Reads one file's front matter, collecting a problem for every value it cannot use."""

    def __init__(self, path: str, front: FrontMatter, known: tuple[str, ...]):
        self.path = path
        self.front = front
        self.problems: list[Problem] = []
        for key in front.data:
            if key not in known:
                hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                suggestion = f'; did you mean "{hint[0]}"?' if hint else ""
                self.problems.append(warning(path, f'unknown front-matter key "{key}"{suggestion}', self.line(key)))

    def line(self, key: str) -> int | None:
        return self.front.key_lines.get(key)

    def fail(self, key: str, message: str) -> None:
        self.problems.append(error(self.path, message, self.line(key)))

    def warn(self, key: str, message: str) -> None:
        self.problems.append(warning(self.path, message, self.line(key)))

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.front.data.get(key)
        if value is None:
            if required:
                self.fail(key, f'"{key}" is required' + ("" if key not in self.front.data else " and is empty"))
            return ""
        if isinstance(value, bool | int | float | date):
            # YAML typed it (title: 2024); the editor meant the text as written.
            value = self.front.raw_scalars.get(key, str(value))
        if not isinstance(value, str):
            self.fail(key, f'"{key}" must be text, not {kind_of(value)}')
            return ""
        value = " ".join(value.split())
        if required and not value:
            self.fail(key, f'"{key}" is required and is empty')
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        """A list of texts, or one comma-separated text."""
        value = self.front.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            items = value.split(",")
        elif isinstance(value, list):
            items = []
            for item in value:
                if isinstance(item, bool | int | float):
                    item = str(item)
                if not isinstance(item, str):
                    self.fail(key, f'"{key}" must be a list of texts, but holds {kind_of(item)}')
                    return ()
                items.append(item)
        else:
            self.fail(key, f'"{key}" must be a list or a comma-separated text, not {kind_of(value)}')
            return ()
        return tuple(cleaned for item in items if (cleaned := " ".join(item.split())))

    def boolean(self, key: str) -> bool:
        value = self.front.data.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, f'"{key}" must be true or false')
            return False
        return value

    def moment(self, key: str, zone: tzinfo, *, required: bool = False) -> datetime | None:
        """A date, or a datetime with offset; a bare date or time is completed in the site's zone."""
        value = self.front.data.get(key)
        if value is None:
            if required:
                self.fail(key, f'"{key}" is required (for example {key}: 2026-01-31)')
            return None
        moment, problem = moment_value(key, value, zone)
        if problem:
            self.fail(key, problem)
        return moment

    def web_url(self, key: str) -> str:
        value = self.text(key)
        if value and (problem := web_url_problem(key, value)):
            self.fail(key, problem)
            return ""
        return value


def kind_of(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, datetime | date):
        return "a date"
    return f"a {type(value).__name__}"

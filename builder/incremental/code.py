"""What Beat's own output depends on besides the site: its code, its theme and its libraries.

Anything remembered between builds is tied to `code_identity()`: a change to any of Beat's files
(a new check in the parser, a new field in the model, a fix in a template) or to a library that
shapes the output makes everything remembered unusable, with no version number to bump.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from pathlib import Path

import builder
from builder.installed import installed_versions

# Libraries whose behaviour is baked into parse results and pages.
LIBRARIES = (
    "markdown",
    "nh3",
    "PyYAML",
    "python-slugify",
    "Jinja2",
    "MarkupSafe",
    "pagefind_bin",
    "imagesize",
    "pillow",
    "phonenumbers",
)


@functools.cache  # one process runs one version of Beat
def code_identity() -> tuple:
    return (_package_digest(Path(builder.__file__).parent), sys.version_info[:3], installed_versions(LIBRARIES))


def _package_digest(package: Path) -> str:
    total = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            total.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return total.hexdigest()

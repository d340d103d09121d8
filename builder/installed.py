"""The versions of installed libraries, found without importlib.metadata.

Importing importlib.metadata (and the email parser it reads METADATA with) costs every process
20-30 ms, a tenth of what an edit's build spends before its own work; the version is in the
name of the library's `<name>-<version>.dist-info` folder.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Sequence


def installed_versions(names: Sequence[str]) -> tuple[str, ...]:
    """Each library's installed version ("" if it is not installed)."""
    found = _distributions(tuple(sys.path))
    return tuple(found.get(_normalized(name), "") for name in names)


@functools.cache  # a process runs with the libraries it started with: sys.path is read once
def _distributions(path: tuple[str, ...]) -> dict[str, str]:
    """Project name (normalized) -> version, from the names of the dist-info (or egg-info)
    folders on `path`; the first on the path wins, as importlib.metadata finds it."""
    found: dict[str, str] = {}
    for entry in path:
        try:
            here = os.listdir(entry or ".")
        except OSError:  # a zip file, a path hook, a folder that is not there
            continue
        for filename in here:
            stem, _, suffix = filename.rpartition(".")
            if suffix in ("dist-info", "egg-info"):
                project, _, version = stem.partition("-")
                found.setdefault(_normalized(project), version.partition("-")[0])  # an egg's "1.0-py3.11": its version
    return found


def _normalized(name: str) -> str:
    """A project's name as packaging compares them (PEP 503): "PyYAML" and "pyyaml" are one."""
    return re.sub(r"[-_.]+", "-", name).lower()

"""Static files: theme assets under content-hashed names, the site's static/ and content/media/."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath

from builder.filestate import state_of
from builder.load import is_ignored_name
from builder.model import MediaFile
from builder.outputs import OutputFile
from builder.problems import Problem, error

HASH_LENGTH = 10


def theme_assets(theme: Path) -> tuple[list[OutputFile], dict[str, str]]:
    """Theme static files as "static/css/style.<hash>.css", and the map from logical names."""
    outputs, manifest = [], {}
    root = theme / "static"
    for path in _files(root):
        logical = path.relative_to(root).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
        pure = PurePosixPath(logical)
        hashed = f"static/{pure.with_name(f'{pure.stem}.{digest}{pure.suffix}')}"
        manifest[logical] = hashed
        outputs.append(OutputFile(hashed, data=data, owner=f"theme file {logical}", stamp=digest))
    return outputs, manifest


def site_static(site_dir: Path) -> tuple[list[OutputFile], list[Problem]]:
    """The site's own static/ folder, copied to the root as it is (favicon.ico, CNAME, ...)."""
    root = site_dir / "static"
    escaping = set(escaping_links(root, site_dir))
    problems = [
        error(p.relative_to(site_dir).as_posix(), "is a symbolic link to a file outside the site; copy the file instead")
        for p in sorted(escaping)
    ]
    outputs = [
        OutputFile(p.relative_to(root).as_posix(), copy_from=p, owner=p.relative_to(site_dir).as_posix(), stamp=_file_stamp(p))
        for p in _files(root)
        if p not in escaping
    ]
    return outputs, problems


def media_files(site_dir: Path, media: tuple[MediaFile, ...]) -> list[OutputFile]:
    return [
        OutputFile(m.path, copy_from=site_dir / m.source, owner=m.source, stamp=_file_stamp(site_dir / m.source)) for m in media
    ]


def _file_stamp(path: Path) -> tuple | None:
    """A copied file is taken to be unchanged while its size and time are."""
    state = state_of(path)
    return ("file", state) if state is not None else None


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not is_ignored_name(d))
        found += [Path(current) / f for f in sorted(files) if not is_ignored_name(f)]
    return sorted(found)


def escaping_links(root: Path, allowed: Path) -> list[Path]:
    """Files under `root` that are symbolic links to somewhere outside `allowed`."""
    inside = allowed.resolve()
    return [p for p in _files(root) if p.is_symlink() and not p.resolve().is_relative_to(inside)]

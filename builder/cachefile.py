"""The build cache on disk, `.beat-cache/`: what `beat build` keeps from one run to the next.

The file holds the parse results of every source file (keyed by digest) and a fingerprint of
every output, with the size and time of the file it wrote. It is checksummed, and tied to the
versions of Beat and of every library that shapes the output: anything that does not match
exactly is ignored, and the build simply starts from nothing. An output is reused only while
its published file is still the one Beat wrote.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from builder import __version__
from builder.cache import BuildCache, stat_key
from builder.outputs import OutputFile

CACHE_DIR = ".beat-cache"
CACHE_FILE = "build.pickle"
FORMAT = 1
MAGIC = b"BEAT-BUILD-CACHE\n"
# Libraries whose behaviour is baked into cached parse results and pages.
LIBRARIES = ("markdown", "nh3", "PyYAML", "python-slugify", "Jinja2", "MarkupSafe")


def _versions() -> tuple:
    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    return (FORMAT, __version__, sys.version_info[:3], tuple(installed(name) for name in LIBRARIES))


def cache_path(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / CACHE_FILE


def load(site_dir: Path, out_dir: Path) -> BuildCache:
    """The cache saved by the last build, or an empty one if there is none or it cannot be trusted."""
    fresh = BuildCache(stable=True)
    try:
        blob = cache_path(site_dir).read_bytes()
    except OSError:
        return fresh
    header = len(MAGIC) + 65
    digest, payload = blob[len(MAGIC) : header - 1], blob[header:]
    if not blob.startswith(MAGIC) or hashlib.sha256(payload).hexdigest().encode() != digest:
        return fresh  # damaged or half-written: start over
    try:
        data = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - any unreadable cache is simply not used
        return fresh
    if not isinstance(data, dict) or data.get("versions") != _versions():
        return fresh
    cache = BuildCache(stable=True, sources=data["sources"], parsed=data["parsed"], templates=data["templates"])
    if data["out_dir"] == str(out_dir.resolve()):
        cache.pages = _published(out_dir, data["pages"])
        cache.feeds = _published(out_dir, data["feeds"])
        cache.manifests = data["manifests"]
    return cache


def _published(out_dir: Path, entries: dict) -> dict:
    """Outputs whose published file is still exactly the one the last build wrote."""
    kept = {}
    for path, (stamp, size_and_time, owner, output_file) in entries.items():
        file = out_dir / output_file
        try:
            if stat_key(file) != size_and_time:
                continue
        except OSError:
            continue
        kept[path] = (stamp, OutputFile(output_file, copy_from=file, reuse=True, owner=owner, stamp=stamp))
    return kept


def save(site_dir: Path, cache: BuildCache, out_dir: Path) -> None:
    """Write the cache next to the site, atomically: a crash leaves the old file or the new one."""

    def entries(table: dict) -> dict:
        saved = {}
        for path, (stamp, output) in table.items():
            try:
                saved[path] = (stamp, stat_key(out_dir / output.path), output.owner, output.path)
            except OSError:
                continue
        return saved

    data = {
        "versions": _versions(),
        "out_dir": str(out_dir.resolve()),
        # Texts are left out (they are most of the size); parse results stand in for them.
        "sources": {path: (key, replace(source, text="")) for path, (key, source) in cache.sources.items()},
        "parsed": cache.parsed,
        "templates": cache.templates,
        "pages": entries(cache.pages),
        "feeds": entries(cache.feeds),
        "manifests": cache.manifests,
    }
    payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    folder = site_dir / CACHE_DIR
    folder.mkdir(exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".build-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        os.replace(temporary, cache_path(site_dir))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

"""The build cache on disk, `.beat-cache/`: what `beat build` keeps from one run to the next.

`outputs.pickle` holds what is cheap to keep and needed whole: each source file's size, time and
digest, a fingerprint of every output with the size and time of the file written for it, and
what each output tree holds. The parse results, most of the size, are spread over `parsed/`
by file path, so a build that changed a few stories rewrites a few small files. `cards/` holds
the same results without the stories' bodies, nine tenths of the bytes: a build loads those,
and reads a story's full result only when a page or feed it renders shows the body.

Every file is signed and tied to the versions of Beat and of every library that shapes the
output: a file that does not match exactly is ignored, and its part of the work is simply done
again. An output is reused only while its published file is still the one Beat wrote.

The files are pickles, and unpickling runs code: a cache that came with a site from somewhere
else must never be loaded. So the signature is an HMAC with a key kept outside the site, in the
user's own cache folder; a file signed with any other key, or not at all, is ignored.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import secrets
import sys
import tempfile
from collections import defaultdict
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from builder import __version__
from builder.cache import BuildCache, stat_key
from builder.model import EMPTY_HTML, SourceFile, Story
from builder.outputs import OutputFile

CACHE_DIR = ".beat-cache"
OUTPUTS_FILE = "outputs.pickle"
PARSED_DIR = "parsed"
CARDS_DIR = "cards"
FORMAT = 6
MAGIC = b"BEAT-BUILD-CACHE\n"
# Libraries whose behaviour is baked into cached parse results and pages.
LIBRARIES = ("markdown", "nh3", "PyYAML", "python-slugify", "Jinja2", "MarkupSafe", "pagefind_bin")


def _versions() -> tuple:
    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    return (FORMAT, __version__, sys.version_info[:3], tuple(installed(name) for name in LIBRARIES))


def cache_path(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / OUTPUTS_FILE


def _shard(path: str) -> str:
    return hashlib.sha1(path.encode()).hexdigest()[:2]  # 256 shards


def load(site_dir: Path, out_dir: Path) -> BuildCache:
    """The cache saved by the last build, or an empty one if there is none or it cannot be trusted."""
    cache = BuildCache(stable=True)
    versions = _versions()  # looked up once: reading package metadata is slow
    data = _read(cache_path(site_dir), versions)
    if data is None:
        return cache
    cache.sources = data["sources"]
    cache.templates = data["templates"]
    if data["out_dir"] == str(out_dir.absolute()):
        # Pages are many: each is checked only if the build uses it (Publisher.reusable).
        cache.pages = _by_stamp(data["pages"])
        cache.feeds = _published(out_dir, data["feeds"])
        cache.search = {year: (key, _by_stamp(files)) for year, (key, files) in data["search"].items()}
        cache.manifests = data["manifests"]
    shards: dict[str, set] = {}
    for file in sorted((site_dir / CACHE_DIR / CARDS_DIR).glob("*.pickle")):
        cards = _read(file, versions)
        if isinstance(cards, dict):
            cache.parsed.update(cards)
            shards[file.stem] = set(cards)
            cache.hollow.update((key[:2], key) for key, result in cards.items() if isinstance(result.item, Story))
    cache.saved_shards = shards
    cache.bodies = FullResults(site_dir / CACHE_DIR / PARSED_DIR, versions)
    return cache


class FullResults:
    """The parse results in full, read from disk a shard at a time, when first asked for."""

    def __init__(self, folder: Path, versions: tuple):
        self.folder = folder
        self.versions = versions
        self.shards: dict[str, dict] = {}

    def get(self, key: tuple) -> Any:
        """The full parse result for this parse key, or None if its shard is missing or damaged."""
        name = _shard(key[0])
        if name not in self.shards:
            data = _read(self.folder / f"{name}.pickle", self.versions)
            self.shards[name] = data if isinstance(data, dict) else {}
        return self.shards[name].get(key)


def _read(file: Path, expected_versions: tuple) -> Any:
    """A cache file's contents, or None if it is missing, damaged, or from other versions."""
    try:
        blob = file.read_bytes()
    except OSError:
        return None
    header = len(MAGIC) + 65
    # A view, not a copy: the parse results are tens of megabytes on a large archive.
    digest, payload = blob[len(MAGIC) : header - 1], memoryview(blob)[header:]
    try:
        expected = _signature(payload)
    except OSError:  # no key can be had (an unwritable home folder): no cache
        return None
    if not blob.startswith(MAGIC) or not hmac.compare_digest(expected, digest):
        return None  # damaged, half-written, or not written by this user's Beat
    try:
        versions, data = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - any unreadable cache file is simply not used
        return None
    return data if versions == expected_versions else None


def _by_stamp(entries: dict) -> dict:
    """Outputs known by their stamps only: whether each one's file can still be had is looked at
    only if the build uses it (Publisher.reusable), as outputs are many."""
    return {
        path: (stamp, OutputFile(output_file, reuse=True, owner=owner, stamp=stamp))
        for path, (stamp, _, owner, output_file) in entries.items()
    }


def _published(out_dir: Path, entries: dict) -> dict:
    """Outputs whose published file is still exactly the one the last build wrote."""
    kept = {}
    root = str(out_dir)
    for path, (stamp, size_and_time, owner, output_file) in entries.items():
        try:  # a plain string: a large archive has tens of thousands of outputs to look at
            if stat_key(f"{root}/{output_file}") != size_and_time:
                continue
        except OSError:
            continue
        kept[path] = (stamp, OutputFile(output_file, copy_from=out_dir / output_file, reuse=True, owner=owner, stamp=stamp))
    return kept


def save(site_dir: Path, cache: BuildCache, out_dir: Path) -> None:
    """Write the cache beside the site; each file atomically (a crash leaves the old or the new)."""
    live = cache.manifests.get(cache.live_tree, ((), {}))[1]  # what the publisher wrote, with sizes and times

    def entries(table: dict) -> dict:
        saved = {}
        for path, (stamp, output) in table.items():
            known = live.get(output.path)
            if known and known[0] == stamp:  # the publisher recorded the file's size and time
                saved[path] = (stamp, known[1], output.owner, output.path)
        return saved

    search = {}
    for year, (key, files) in cache.search.items():
        saved = entries(files)
        if len(saved) == len(files):
            search[year] = (key, saved)
    folder = site_dir / CACHE_DIR
    versions = _versions()
    _write(
        folder / OUTPUTS_FILE,
        versions,
        {
            "out_dir": str(out_dir.absolute()),
            # Texts are left out (they are most of the size); parse results stand in for them.
            "sources": {path: (key, _without_text(source)) for path, (key, source) in cache.sources.items()},
            "templates": cache.templates,
            "pages": entries(cache.pages),
            "feeds": entries(cache.feeds),
            "search": search,
            "manifests": cache.manifests,
        },
    )
    shards: dict[str, dict] = defaultdict(dict)
    known = {key: name for name, keys in cache.saved_shards.items() for key in keys}  # no hashing those again
    for key, result in cache.parsed.items():
        shards[known.get(key) or _shard(key[0])][key] = result
    saved = dict(cache.saved_shards)
    for name in set(shards) | set(saved):
        if set(shards.get(name, {})) != saved.get(name):
            if name in shards:
                full = _in_full(shards[name], cache)
                _write(folder / PARSED_DIR / f"{name}.pickle", versions, full)  # first: cards point to it
                _write(folder / CARDS_DIR / f"{name}.pickle", versions, _cards(full))
                saved[name] = set(full)
            else:
                (folder / CARDS_DIR / f"{name}.pickle").unlink(missing_ok=True)
                (folder / PARSED_DIR / f"{name}.pickle").unlink(missing_ok=True)
                del saved[name]
    cache.saved_shards = saved


def _in_full(results: dict, cache: BuildCache) -> dict:
    """A shard's results with every story's body; one whose full result cannot be read is left
    out (the next build parses its file again)."""
    full = {}
    for key, result in results.items():
        if key[:2] in cache.hollow:
            result = cache.bodies.get(key) if cache.bodies else None
            if result is None:
                continue
        full[key] = result
    return full


def _cards(results: dict) -> dict:
    return {
        key: replace(result, item=replace(result.item, body_html=EMPTY_HTML)) if isinstance(result.item, Story) else result
        for key, result in results.items()
    }


def _without_text(source: SourceFile) -> SourceFile:
    # Most were loaded from this file, textless already: replace() would copy each for nothing.
    return replace(source, text="") if source.text else source


def _signature(payload: bytes | memoryview) -> bytes:
    return hmac.new(_key(), payload, hashlib.sha256).hexdigest().encode()


@functools.cache
def _key() -> bytes:
    """This user's secret for signing caches, made on first use (XDG cache folder, else ~/.cache)."""
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "beat"
    path = home / "cache-signing-key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        home.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another build made it just now
            return path.read_bytes()
        with os.fdopen(descriptor, "wb") as out:
            out.write(key)
        return key


def _write(file: Path, versions: tuple, data: Any) -> None:
    payload = pickle.dumps((versions, data), protocol=pickle.HIGHEST_PROTOCOL)
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + _signature(payload) + b"\n" + payload)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

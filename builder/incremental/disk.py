"""The build cache on disk, `.beat-cache/`: what `beat build` keeps from one run to the next.

`outputs.pickle` holds what is cheap to keep and needed whole: each source file's size, time and
digest, a fingerprint of every output with the size and time of the file written for it, and
what each output tree holds. The parse results, most of the size, are spread over `parsed/`
by file path, so a build that changed a few stories rewrites a few small files. `cards/` holds
the same results without the stories' bodies, nine tenths of the bytes: a build loads those,
and reads a story's full result only when a page or feed it renders shows the body.

Every file is signed and tied to Beat's code, theme and libraries (code.py): a file that does
not match exactly is ignored, and its part of the work is simply done again. An output is reused only while its published file is still the one Beat wrote.

The files are pickles, and unpickling runs code: a cache that came with a site from somewhere
else must never be loaded. So the signature is an HMAC with a key kept outside the site, in the
user's own cache folder; a file signed with any other key, or not at all, is ignored.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import marshal
import os
import pickle
import secrets
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from builder.incremental.code import code_identity
from builder.incremental.memory import Memory
from builder.model import Card, SourceFile, Story
from builder.outputs import OutputFile
from builder.problems import Problem, warning

CACHE_DIR = ".beat-cache"
OUTPUTS_FILE = "outputs.pickle"
PARSED_DIR = "parsed"
CARDS_DIR = "cards"
MAGIC = b"BEAT-BUILD-CACHE\n"


def cache_path(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / OUTPUTS_FILE


def _shard(path: str) -> str:
    return hashlib.sha1(path.encode()).hexdigest()[:2]  # 256 shards


def load(site_dir: Path, out_dir: Path, *, forget: bool = False) -> Memory:
    """The memory saved by the last build, or an empty one if there is none, it cannot be
    trusted, or it is to be forgotten."""
    memory = Memory(stable=True, site_dir=site_dir)
    memory.out_dir = str(out_dir.absolute())
    versions = code_identity()
    if forget:  # what is on disk is replaced, shard by shard, when this memory is saved
        memory.saved_shards = {file.stem: set() for file in (site_dir / CACHE_DIR / CARDS_DIR).glob("*.pickle")}
        return memory
    data = _read(cache_path(site_dir), versions)
    if data is None:
        return memory
    tables = _unpacked(data["tables"])
    memory.sources = {
        path: ((size, time), SourceFile(path, "", digest)) for path, (size, time, digest) in tables["sources"].items()
    }
    memory.template_facts = data["templates"]
    memory.compiled = data["compiled"]
    memory.recalled = data["recalled"]
    memory.last = data["last"]
    if data["out_dir"] == memory.out_dir:
        # Outputs are many: each one's file is looked at only if the build uses it (Publisher.reusable).
        memory.outputs = {table: _by_stamp(entries) for table, entries in tables["outputs"].items()}
        memory.manifests = tables["manifests"]
    shards: dict[str, set] = {}
    for file in sorted((site_dir / CACHE_DIR / CARDS_DIR).glob("*.pickle")):
        cards = _read(file, versions)
        if isinstance(cards, dict):
            memory.parsed.update(cards)
            shards[file.stem] = set(cards)
    memory.saved_shards = shards
    memory.stored = FullResults(site_dir / CACHE_DIR / PARSED_DIR, versions)
    return memory


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
    only if the build uses it (Publisher.reusable)."""
    return {
        path: (key, tuple(OutputFile(name, reuse=True, owner=owner, stamp=stamp) for name, stamp, owner in files))
        for path, (key, files) in entries.items()
    }


def save(memory: Memory) -> list[Problem]:
    """Write the memory beside the site; each file atomically (a crash leaves the old or the new).
    A failure costs only speed: the next build does more work."""
    try:
        _save(memory)
    except OSError as exc:
        return [warning(CACHE_DIR, f"could not save the build cache: {exc.strerror or exc}")]
    return []


def _save(memory: Memory) -> None:
    site_dir = memory.site_dir
    assert site_dir is not None
    live = memory.manifests.get(memory.live_tree, ((), {}))[1]  # what the publisher wrote, with sizes and times

    def entries(table: dict) -> dict:
        saved = {}
        for path, (key, files) in table.items():  # tens of thousands: loops, not generators
            rows = []
            for output in files:
                known = live.get(output.path)
                if not known or known[0] != output.stamp:
                    break  # only outputs whose every file the publisher recorded: the next build checks those
                rows.append((output.path, output.stamp, output.owner))
            else:
                saved[path] = (key, tuple(rows))
        return saved

    folder = site_dir / CACHE_DIR
    versions = code_identity()
    _write(
        folder / OUTPUTS_FILE,
        versions,
        {
            "out_dir": memory.out_dir,
            "templates": memory.template_facts,
            "compiled": memory.compiled,
            "recalled": memory.recalled,
            "last": memory.last,
            "tables": _packed(
                {
                    # Only each file's size, time and digest: parse results stand in for its text.
                    "sources": {path: (*key, source.digest) for path, (key, source) in memory.sources.items()},
                    "outputs": {table: entries(outputs) for table, outputs in memory.outputs.items()},
                    "manifests": memory.manifests,
                }
            ),
        },
    )
    shards: dict[str, dict] = defaultdict(dict)
    known = {key: name for name, keys in memory.saved_shards.items() for key in keys}  # no hashing those again
    for key, result in memory.parsed.items():
        shards[known.get(key) or _shard(key[0])][key] = result
    saved = dict(memory.saved_shards)
    for name in set(shards) | set(saved):
        if set(shards.get(name, {})) != saved.get(name):
            if name in shards:
                full = _in_full(shards[name], memory)
                _write(folder / PARSED_DIR / f"{name}.pickle", versions, full)  # first: cards point to it
                _write(folder / CARDS_DIR / f"{name}.pickle", versions, _cards(full))
                saved[name] = set(full)
            else:
                (folder / CARDS_DIR / f"{name}.pickle").unlink(missing_ok=True)
                (folder / PARSED_DIR / f"{name}.pickle").unlink(missing_ok=True)
                del saved[name]
    memory.saved_shards = saved


def _in_full(results: dict, memory: Memory) -> dict:
    """A shard's results with every story's body; one whose full result cannot be read is left
    out (the next build parses its file again)."""
    full = {}
    for key, result in results.items():
        if isinstance(result.item, Card) and not isinstance(result.item, Story):  # remembered without its body
            result = memory.stored.get(key) if memory.stored is not None else None
            if result is None or not isinstance(result.item, Story):
                continue
        full[key] = result
    return full


def _cards(results: dict) -> dict:
    """The results with each story as its card: what a build loads."""
    return {key: result.carded() for key, result in results.items()}


def _packed(tables: dict) -> tuple[str, Any]:
    """The large tables of plain values every build reads and writes, as marshal writes them:
    for 10,000 stories a third of pickle's time to write, and no more to read. (Like the pickles,
    only ever read back from a file whose signature is this user's.)"""
    try:
        return "marshal", marshal.dumps(tables)
    except ValueError:  # a value marshal cannot write (only plain values are expected): pickled
        return "pickle", tables


def _unpacked(packed: tuple[str, Any]) -> dict:
    kind, value = packed
    return marshal.loads(value) if kind == "marshal" else value


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
            out.write(MAGIC + _signature(payload) + b"\n")
            out.write(payload)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

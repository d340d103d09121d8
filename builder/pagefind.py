"""Pagefind, the search indexer: run it, and make what it writes the same on every run.

Pagefind 1.5 writes its filters (department, tag, year) in hash-map order, which changes from
one run to the next, and names files after their contents: two indexes of the same pages
differ in the filter files, the metadata file that lists them and pagefind-entry.json. Beat
promises byte-identical output for identical input, so those files are rewritten here with
their entries sorted, and renamed after their new contents, as Pagefind names them.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import cbor2

from builder.installed import installed_versions

HEADER = b"pagefind_dcd"  # what every Pagefind data file starts with, once decompressed


class PagefindError(Exception):
    """Pagefind is missing or could not index the pages; the message says why."""


def pagefind_version() -> str | None:
    return installed_versions(["pagefind_bin"])[0] or None


def run(
    site: Path,
    index: Path,
    *,
    modest: bool = False,
    cancel: threading.Event | None = None,
    started: threading.Event | None = None,
) -> None:
    """Index the HTML pages under `site` into `index`, deterministically.

    `modest`: at a low priority, for indexing in the background of the preview.
    `cancel`: stops Pagefind when set (the preview is closing).
    `started`: set once Pagefind's process runs.
    """
    try:
        from pagefind_bin import get_executable

        executable = str(get_executable())
    except (ImportError, FileNotFoundError):
        raise PagefindError(
            "Pagefind is not installed (it comes with Beat: install Beat again, or set search = false in site.toml)"
        ) from None
    # One thread: Pagefind's work is mostly serial, and a second thread of its pool spins (for
    # 1,000 stories here: 2.9 s wall and 0.5 s of system time with one thread, 3.4 s and 1.9 s
    # with two). Beat runs shards side by side instead.
    environment = {**os.environ, "RAYON_NUM_THREADS": "1"}
    try:
        process = subprocess.Popen(
            [*_ended_with_this_process(), executable, "--site", str(site), "--output-path", str(index), "--silent"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
    except OSError as exc:
        raise PagefindError(f"Pagefind could not start: {exc.strerror or exc}") from None
    if modest and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):  # it may have finished already
            os.setpriority(os.PRIO_PROCESS, process.pid, 10)
    if started is not None:
        started.set()
    stdout, stderr = _wait(process, cancel)
    if process.returncode != 0 or not (index / "pagefind-entry.json").is_file():
        said = (stderr or stdout).strip()
        if "not able to build an index" in said:
            raise PagefindError(
                "Pagefind found no text to index in the story pages"
                " (does the theme's story.html print a whole HTML page, with data-pagefind-body on the story?)"
            )
        raise PagefindError(said.splitlines()[0] if said else f"Pagefind stopped with status {process.returncode}")
    make_deterministic(index)


# Started in front of Pagefind where Linux allows: the kernel kills Pagefind when the thread of
# Beat that started it is gone, even after a `kill -9` of Beat, which runs no code of Beat's.
# util-linux's setpriv adds no measurable time; a Python interpreter in front added about 20 ms
# of a core and 33 ms of wall time to each start (66 starts in a cold build of 10,000 stories).
# setpriv cannot tell whether Beat died before it asked: then Pagefind indexes its one bounded
# shard (a second or two) and ends.
_PARENT_DEATH_SIGNAL = """
import ctypes, os, signal, sys
if ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL) != 0 or os.getppid() != int(sys.argv[1]):
    sys.exit(1)
os.execv(sys.argv[2], sys.argv[2:])
"""


def _ended_with_this_process() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    if setpriv := _setpriv():
        return [setpriv, "--pdeathsig", "KILL", "--"]
    return [sys.executable, "-I", "-S", "-c", _PARENT_DEATH_SIGNAL, str(os.getpid())]


@functools.cache
def _setpriv() -> str | None:
    return shutil.which("setpriv")


def _wait(process: subprocess.Popen, cancel: threading.Event | None) -> tuple[str, str]:
    """Pagefind's output once it has finished, or once `cancel` stopped it."""
    while True:
        try:
            return process.communicate(timeout=None if cancel is None else 0.1)
        except subprocess.TimeoutExpired:
            if cancel is not None and cancel.is_set():
                process.kill()
                process.communicate()
                raise PagefindError("stopped") from None


def make_deterministic(index: Path) -> None:
    """Sort the filters and their values, rename the files after their new contents."""
    entry_file = index / "pagefind-entry.json"
    entry = entry_file.read_text(encoding="utf-8")
    for meta_file in sorted(index.glob("pagefind.*.pf_meta")):
        old_hash = meta_file.name.removeprefix("pagefind.").removesuffix(".pf_meta")
        language = old_hash.rsplit("_", 1)[0]
        meta = _read(meta_file)
        filters = []
        for name, filter_hash in meta[3]:
            filter_file = index / "filter" / f"{filter_hash}.pf_filter"
            filter_name, values = _read(filter_file)
            data = _encode([filter_name, sorted(values, key=lambda value: value[0])])
            new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
            filter_file.unlink()
            _write(index / "filter" / f"{new_hash}.pf_filter", data)
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        data = _encode(meta)
        new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        meta_file.unlink()
        _write(index / f"pagefind.{new_hash}.pf_meta", data)
        entry = entry.replace(f'"hash":"{old_hash}"', f'"hash":"{new_hash}"')
    entry_file.write_text(entry, encoding="utf-8")


def _read(file: Path):
    data = gzip.decompress(file.read_bytes())
    if not data.startswith(HEADER):
        raise PagefindError(f"{file.name} is not a Pagefind data file")
    return cbor2.loads(data[len(HEADER) :])


def _encode(value) -> bytes:
    return HEADER + cbor2.dumps(value)


def _write(file: Path, data: bytes) -> None:
    file.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))

"""Stage 1: content/ on disk -> SourceFile values (decoded text) and media files + problems.

Nothing here interprets content; it only decides which files are content and reads them
safely: UTF-8 (a BOM is fine), no symbolic links that lead out of the site, nothing huge.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from builder import images, pictures
from builder.model import ImageSize, MediaFile, SourceFile
from builder.problems import Problem, error, warning

CONTENT_DIR = "content"
MARKDOWN_FOLDERS = ("stories", "departments", "tags", "pages")
MEDIA_FOLDER = "media"
MAX_SOURCE_BYTES = 10 * 1024 * 1024  # a pasted blob, not a story: Markdown would take minutes


@dataclass(frozen=True, slots=True)
class Sources:
    markdown: tuple[SourceFile, ...]  # sorted by path
    media: tuple[MediaFile, ...]  # sorted by path


def is_ignored_name(name: str) -> bool:
    """Hidden files, editor swap and backup files: never content."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))


Reader = Callable[[str, str, tuple[int, int] | None], tuple[SourceFile | None, Problem | None]]
# (file, path relative to the site, its size and time if known: see filestate.stat_key)


def read_sources(site_dir: Path, read: Reader | None = None) -> tuple[Sources, list[Problem]]:
    """Every Markdown file and media file under content/, in a stable order. `read` reads one
    Markdown file (read_markdown, unless the caller knows a faster way to the same result)."""
    read = read or (lambda path, relative, state: read_markdown(path, relative))
    content = site_dir / CONTENT_DIR
    problems: list[Problem] = []
    markdown: list[SourceFile] = []
    media: list[MediaFile] = []
    if not content.is_dir():
        return Sources((), ()), [error(CONTENT_DIR, "folder not found: a site keeps its stories in content/stories/")]
    site_root = site_dir.resolve()
    for path, relative, state in _walk(content, site_root, problems):
        parts = relative.split("/")  # ["content", folder, ...]
        folder = parts[1] if len(parts) > 2 else ""
        if folder == MEDIA_FOLDER:
            # The output name is NFC; the source keeps the name on disk (macOS may write NFD).
            size, problem = _image_size(path, relative)
            if problem:
                problems.append(problem)
            media.append(MediaFile(path="/".join(parts[1:]), source=Path(path).relative_to(site_dir).as_posix(), size=size))
        elif folder in MARKDOWN_FOLDERS and relative.lower().endswith((".md", ".markdown")):
            source, problem = read(path, relative, state)
            if problem:
                problems.append(problem)
            if source:
                markdown.append(source)
        else:
            problems.append(warning(relative, _unplaced_hint(folder)))
    problems += _media_case_collisions(media)
    markdown.sort(key=lambda s: s.path)
    media.sort(key=lambda m: m.path)
    return Sources(tuple(markdown), tuple(media)), problems


def read_markdown(path: str | Path, relative: str) -> tuple[SourceFile | None, Problem | None]:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return None, error(relative, f"cannot be read: {exc.strerror}")
    if len(data) > MAX_SOURCE_BYTES:
        return None, error(relative, f"is {len(data) / 2**20:.1f} MB; a story may be at most {MAX_SOURCE_BYTES / 2**20:.1f} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, error(relative, f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", line)
    if not text.strip():
        return None, error(relative, "is empty")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceFile(path=relative, text=text, digest=hashlib.sha256(data).hexdigest()), None


def _walk(content: Path, site_root: Path, problems: list[Problem]) -> Iterator[tuple[str, str, tuple[int, int] | None]]:
    """(file, path relative to the site, its size and time) for every file under content/, in sorted order,
    reporting what cannot be content: folders that cannot be listed, symbolic links that leave
    the site or loop, and anything neither a file nor a folder. Plain strings and os.scandir:
    an archive of tens of thousands of files is walked on every rebuild."""
    pending = [(str(content), CONTENT_DIR)]
    while pending:
        folder, relative_folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:  # a folder without read permission: one problem, the rest is still checked
            problems.append(error(relative_folder, f"cannot be read: {exc.strerror or exc}"))
            continue
        subfolders = []
        for entry in entries:
            if is_ignored_name(entry.name):
                continue
            relative = unicodedata.normalize("NFC", f"{relative_folder}/{entry.name}")
            if entry.is_symlink():
                if problem := _link_problem(entry.path, relative, site_root):
                    problems.append(problem)
                else:
                    yield entry.path, relative, None  # its size and time are its target's
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                mode = info.st_mode
            except OSError as exc:
                problems.append(error(relative, f"cannot be read: {exc.strerror or exc}"))
                continue
            if stat.S_ISDIR(mode):
                subfolders.append((entry.path, relative))
            elif stat.S_ISREG(mode):
                yield entry.path, relative, (info.st_size, info.st_mtime_ns)
            else:
                # Opening a named pipe waits for a writer forever, and a socket or device is no
                # content either: refused by name, never opened.
                problems.append(error(relative, f"is {_special_kind(mode)}, not a file or folder; remove it from content/"))
        pending.extend(reversed(subfolders))  # depth first, in name order


def _link_problem(path: str, relative: str, site_root: Path) -> Problem | None:
    """Why the symbolic link at `path` is not content, or None when it leads to a file in the site."""
    try:
        target = Path(path).resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError("Symlink loop ...")
        return error(relative, "is a symbolic link that leads back to itself (a loop of links); remove it")
    if not target.is_relative_to(site_root):
        kind = "folder" if target.is_dir() else "file"
        hint = "copy what it links to instead" if kind == "folder" else "copy the file instead"
        return error(relative, f"is a symbolic link to a {kind} outside the site; {hint}")
    try:
        mode = target.stat().st_mode
    except OSError:
        return error(relative, "is a symbolic link to nothing")
    if stat.S_ISDIR(mode):
        return warning(relative, "is a symbolic link to a folder; it is not followed")
    if not stat.S_ISREG(mode):
        return error(relative, f"is a symbolic link to {_special_kind(mode)}, not to a file; remove it from content/")
    return None


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _image_size(path: str, relative: str) -> tuple[ImageSize | None, Problem | None]:
    """An image's width and height, for pages to reserve its space; other media have none."""
    if not images.is_image(relative):
        return None, None
    try:
        return images.read_image_size(Path(path)), None
    except images.UnreadableImage as exc:
        reason = str(exc)
    except OSError as exc:
        reason = exc.strerror or str(exc)
    if pictures.is_resizable(relative):  # its resized copies cannot be made either (pictures.py)
        return None, error(relative, f"cannot be read as a picture: {reason}; save it again as a PNG, JPEG or WebP file")
    return None, warning(relative, f"cannot read the image's width and height: {reason}; pages show it without them")


def _unplaced_hint(folder: str) -> str:
    if folder in MARKDOWN_FOLDERS:
        return f"ignored: only Markdown files (.md) belong in content/{folder}/"
    return "ignored: content files belong in content/stories/, departments/, tags/, pages/ or media/"


def _media_case_collisions(media: list[MediaFile]) -> list[Problem]:
    # Two names that differ only in case overwrite each other on macOS and Windows; two that
    # differ only in Unicode normalisation ("café" with é as one character or as e + accent,
    # which macOS may write) are one output name, since output names are NFC.
    seen: dict[str, MediaFile] = {}
    problems = []
    for item in sorted(media, key=lambda m: (m.path, m.source)):
        key = item.path.casefold()
        if key not in seen:
            seen[key] = item
            continue
        other = seen[key].source
        if unicodedata.normalize("NFC", other) == unicodedata.normalize("NFC", item.source):
            difference = (
                "once accented letters are written the same way: the names differ only in Unicode normalisation "
                "(an accent stored as part of its letter or as a separate mark)"
            )
        else:
            difference = "except for upper and lower case"
        problems.append(error(item.source, f"has the same name as {other} {difference}; rename or remove one of them"))
    return problems

"""Stage 1: content/ on disk -> SourceFile values (decoded text) and media files + problems.

Nothing here interprets content; it only decides which files are content and reads them
safely: UTF-8 (a BOM is fine), no symbolic links that lead out of the site, nothing huge.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from builder import images
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


Reader = Callable[[str, str], tuple[SourceFile | None, Problem | None]]  # (file, path relative to the site)


def read_sources(site_dir: Path, read: Reader | None = None) -> tuple[Sources, list[Problem]]:
    """Every Markdown file and media file under content/, in a stable order. `read` reads one
    Markdown file (read_markdown, unless the caller knows a faster way to the same result)."""
    read = read or read_markdown
    content = site_dir / CONTENT_DIR
    problems: list[Problem] = []
    markdown: list[SourceFile] = []
    media: list[MediaFile] = []
    if not content.is_dir():
        return Sources((), ()), [error(CONTENT_DIR, "folder not found: a site keeps its stories in content/stories/")]
    site_root = site_dir.resolve()
    for path, relative in _walk(content, site_root, problems):
        parts = relative.split("/")  # ["content", folder, ...]
        folder = parts[1] if len(parts) > 2 else ""
        if folder == MEDIA_FOLDER:
            # The output name is NFC; the source keeps the name on disk (macOS may write NFD).
            size, problem = _image_size(path, relative)
            if problem:
                problems.append(problem)
            media.append(MediaFile(path="/".join(parts[1:]), source=Path(path).relative_to(site_dir).as_posix(), size=size))
        elif folder in MARKDOWN_FOLDERS and relative.lower().endswith((".md", ".markdown")):
            source, problem = read(path, relative)
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


def _walk(content: Path, site_root: Path, problems: list[Problem]) -> Iterator[tuple[str, str]]:
    """(file, path relative to the site) for every file under content/, in sorted order,
    reporting symbolic links that leave the site. Plain strings and os.scandir: an archive of
    tens of thousands of files is walked on every rebuild."""
    pending = [(str(content), CONTENT_DIR)]
    while pending:
        folder, relative_folder = pending.pop()
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        subfolders = []
        for entry in entries:
            if is_ignored_name(entry.name):
                continue
            relative = unicodedata.normalize("NFC", f"{relative_folder}/{entry.name}")
            if entry.is_symlink():
                target = Path(entry.path).resolve()
                if not target.is_relative_to(site_root):
                    kind = "folder" if target.is_dir() else "file"
                    hint = "copy what it links to instead" if kind == "folder" else "copy the file instead"
                    problems.append(error(relative, f"is a symbolic link to a {kind} outside the site; {hint}"))
                elif target.is_dir():
                    problems.append(warning(relative, "is a symbolic link to a folder; it is not followed"))
                elif not target.is_file():
                    problems.append(error(relative, "is a symbolic link to nothing"))
                else:
                    yield entry.path, relative
            elif entry.is_dir():
                subfolders.append((entry.path, relative))
            else:
                yield entry.path, relative
        pending.extend(reversed(subfolders))  # depth first, in name order


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
    return None, warning(relative, f"cannot read the image's width and height: {reason}; pages show it without them")


def _unplaced_hint(folder: str) -> str:
    if folder in MARKDOWN_FOLDERS:
        return f"ignored: only Markdown files (.md) belong in content/{folder}/"
    return "ignored: content files belong in content/stories/, departments/, tags/, pages/ or media/"


def _media_case_collisions(media: list[MediaFile]) -> list[Problem]:
    # Two names that differ only in case overwrite each other on macOS and Windows.
    seen: dict[str, MediaFile] = {}
    problems = []
    for item in sorted(media, key=lambda m: m.path):
        key = item.path.casefold()
        if key in seen:
            problems.append(
                error(item.source, f"has the same name as {seen[key].source} except for upper and lower case; rename one of them")
            )
        else:
            seen[key] = item
    return problems

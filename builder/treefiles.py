"""Files of an output tree: each written whole under a temporary name and renamed into place
(a file of the tree may be a hard link shared with the live tree: never changed where it
stands), folders made over whatever stands in their way, and files looked at by their size and
time. Used by the Publisher (write.py) and by the worker processes that write story pages
(storypages.py)."""

from __future__ import annotations

import filecmp
import hashlib
import os
import shutil
from pathlib import Path

from builder.filestate import stat_key
from builder.outputs import OutputFile, stamp_of


def link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def put_file(tree: str | Path, path: str, data: bytes) -> tuple[int, int]:
    """Write a new file into an output tree the way Publisher.write does (another process may
    call this: see storypages.py); the file's size and time."""
    target = Path(tree, path)
    make_folder(target.parent, Path(tree))
    return write_new(target, data) or replace_file(target, data)


def write_new(target: Path, data: bytes) -> tuple[int, int] | None:
    """Write `data` as `target` if nothing stands there, not even a link (the usual case in a
    first build): no temporary to remove, no rename, no lookup by name afterwards. Its size and
    time; None if something stands there. A build killed midway may leave the file half-written,
    but in the tree readers are not served, and with a size and time no record of the cache
    vouches for: the next build finds something in the way and writes it afresh."""
    try:
        with open(target, "xb") as file:  # "x": made here, or FileExistsError (only open() raises that)
            file.write(data)
            file.flush()
            info = os.fstat(file.fileno())
    except FileExistsError:
        return None
    return info.st_size, info.st_mtime_ns


def replace_file(target: Path, data: bytes) -> tuple[int, int]:
    """Write `data` over what stands at `target` (a file, perhaps a hard link shared with the
    live tree, or a folder) without changing it where it stands; its size and time."""
    temporary = temporary_for(target)
    temporary.unlink(missing_ok=True)  # left by a build that was killed midway
    temporary.write_bytes(data)
    rename_into_place(temporary, target)  # the old file may be a hard link shared with the live tree
    return stat_key(target)


def make_folder(folder: Path, tree: Path) -> None:
    """Make a folder of an output tree, replacing a file that stands where one of its folders
    should (the tree is Beat's own: whatever is in the way was not written there by this build).
    Nothing outside `tree` is ever touched."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        inside = folder.relative_to(tree).parts
        for depth in range(1, len(inside) + 1):
            part = tree.joinpath(*inside[:depth])
            if part.is_symlink() or (part.exists() and not part.is_dir()):
                part.unlink()
        folder.mkdir(parents=True, exist_ok=True)


def rename_into_place(temporary: Path, target: Path) -> None:
    """Rename a written file into place, over a folder that stands where the file should be."""
    try:
        os.replace(temporary, target)
    except IsADirectoryError:
        shutil.rmtree(target)
        os.replace(temporary, target)


def temporary_for(target: Path) -> Path:
    """Where a file is written before it is renamed into place: a short name of its own (a name
    made longer than the target's could pass the file system's 255 bytes)."""
    return target.with_name(f".beat-{hashlib.blake2b(target.name.encode(), digest_size=6).hexdigest()}.tmp")


def holds_bytes_of(file: str, output: OutputFile) -> bool:
    """Whether `file` holds exactly the output's bytes, as far as they can be known."""
    try:
        if isinstance(output.stamp, bytes):  # a digest of the bytes (outputs.stamp_of)
            with open(file, "rb") as handle:
                return stamp_of(handle.read()) == output.stamp
        if output.copy_from is not None:
            return filecmp.cmp(file, output.copy_from, shallow=False)
        if output.data:
            with open(file, "rb") as handle:
                return handle.read() == output.data
    except OSError:
        return False
    return False


def same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def files_under(folder: Path) -> set[str]:
    found = set()
    for current, _, files in os.walk(folder):
        prefix = os.path.relpath(current, folder)
        for name in files:
            found.add(name if prefix == "." else f"{prefix}/{name}".replace(os.sep, "/"))
    return found


def remove_empty_folders(folder: Path, candidates: set[str]) -> None:
    """Remove the folders in `candidates` (relative) that are now empty, then their emptied parents."""
    pending = set(candidates)
    while pending:
        relative = max(pending, key=lambda p: p.count("/"))  # deepest first
        pending.discard(relative)
        if relative in ("", "."):
            continue
        try:
            os.rmdir(folder / relative)
        except OSError:
            continue  # not empty, or already gone
        pending.add(str(Path(relative).parent))

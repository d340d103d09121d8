"""Stage 5: OutputFiles -> the output tree readers are not being served -> swapped in whole.

The published folder is never half-written: a failed or interrupted build leaves it exactly
as it was. Beat only ever replaces a folder it created itself. Its own bookkeeping lives beside
the trees, never in them, so nothing of it is published.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Hashable, Iterable
from pathlib import Path

from builder.filestate import stat_key, state_of
from builder.mirror import Mirror, link_tree
from builder.outputs import OutputFile
from builder.treefiles import (
    files_under,
    holds_bytes_of,
    link_or_copy,
    make_folder,
    remove_empty_folders,
    rename_into_place,
    replace_file,
    same_file,
    temporary_for,
    write_new,
)

LEGACY_MARKER = ".beat-output"  # written into the tree by earlier versions: still recognised, removed on publishing
BUILT = "built"  # `.<tree>.built` beside a tree: written by every build that published it
WRITING = "writing"  # `.<tree>.writing` beside a tree: present while a build writes into it


def _beside(tree: Path, what: str) -> Path:
    return tree.with_name(f".{tree.name}.{what}")


def made_by_beat(out_dir: Path) -> bool:
    """Whether the output folder is one a build made: a link to one of its trees, or a copy of
    one (without symbolic links) beside the trees' bookkeeping, or an earlier version's folder."""
    trees = [out_dir.with_name(f"{out_dir.name}.{name}") for name in TREES]
    if out_dir.is_symlink():
        return Path(os.readlink(out_dir)).name in {tree.name for tree in trees}
    return any(_beside(tree, BUILT).exists() for tree in trees) or (out_dir / LEGACY_MARKER).exists()


def check_output_dir(out_dir: Path, site_dir: Path) -> str | None:
    """Why `out_dir` must not be used as the output folder, or None."""
    out, site = out_dir.resolve(), site_dir.resolve()
    if out == site or site.is_relative_to(out):
        return f"{out_dir} holds the site itself; choose a folder of its own, such as public/"
    for protected in ("content", "themes", "templates", "static", ".git", ".beat-cache"):
        if out.is_relative_to(site / protected):
            return f"{out_dir} is inside the site's {protected}/ folder; choose a folder of its own, such as public/"
    if out.exists() and not out.is_dir():
        return f"{out_dir} is a file, not a folder"
    if out.is_dir() and any(out.iterdir()) and not made_by_beat(out_dir):
        return f"{out_dir} already holds files Beat did not write; empty it or choose another folder"
    return None


TREES = ("beat-a", "beat-b")

Files = dict[str, tuple[Hashable, tuple[int, int]]]  # output path -> (stamp, (size, mtime) as written)
Manifest = tuple[tuple, Files]  # (the tree's BUILT file as that build left it: inode, time; its files)


class Publisher:
    """Writes a build into the tree readers are not being served, then points the output folder
    at it in one step.

    The output folder is a symbolic link to one of two sibling trees, `<out>.beat-a` and
    `<out>.beat-b`. A build updates the other one: a file whose stamp and on-disk state match
    what the tree's manifest says is left alone, anything else is written (always to a new file,
    renamed into place, never changed where it stands), and files the build no longer makes are
    removed. Then the link is replaced, atomically. Nothing readers see changes before that, so a
    failed build leaves the published site exactly as it was; and a rebuild after a small edit
    writes a handful of files, not the whole site.
    """

    def __init__(self, out_dir: Path, manifests: dict[str, Manifest] | None = None, *, verify: bool = False):
        self.out_dir = out_dir.absolute()
        # verify: look at every file of the trees, not only at the sizes and times the manifests
        # recorded: a file edited by hand keeping both, or one added by hand, is found and repaired.
        self.verify = verify
        self.trees = {name: self.out_dir.with_name(f"{self.out_dir.name}.{name}") for name in TREES}
        self.live = self._live_tree()
        self.name = TREES[1] if self.live == TREES[0] else TREES[0]
        self.folder = self.trees[self.name]
        self.created = not self.folder.exists()  # by this build: removed again if it fails (abandon)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.remembering = manifests is not None  # a build with memory: manifests are kept between builds
        self.manifests = dict(manifests or {})
        token, self.known = self.manifests.get(self.name, ((), {}))
        # The manifest lists what is in the tree only if the tree's last build is the one it
        # describes (every build rewrites BUILT, so its inode and time tell builds apart, even
        # one run without the cache) and that build finished (no WRITING left behind).
        # Otherwise look, and trust no file's state.
        writing = _beside(self.folder, WRITING)
        if token and _token_of(self.folder) == token and not writing.exists() and not verify:
            # Files dropped in by hand are looked for at the top only (a CNAME copied into
            # public/, say): one listing. Deeper ones take --verify.
            self.present = set(self.known) | _strays_at_top(self.folder, self.known)
        else:
            self.known = {} if not verify or _token_of(self.folder) != token else self.known
            self.present = files_under(self.folder)
        writing.touch()
        self.written: Files = {}
        self.files_written = 0  # files actually written (the rest were already right)
        self._made: set[Path] = set()
        self._root = str(self.folder)
        live = self.trees[self.live] if self.live else None
        self._live_root = str(live) if live else ""
        self._live_files = self.manifests.get(self.live, ((), {}))[1] if self.live else {}
        self._ready: set[str] = set()  # outputs `reusable` found already right in this tree
        self.published_tree = ""  # the tree live after publish()
        self.other = TREES[1] if self.name == TREES[0] else TREES[0]
        # A first build: the other tree is filled with links to this one's files as they are written.
        self._mirror = None if self.trees[self.other].exists() else Mirror(self.folder, self.trees[self.other])

    def _live_tree(self) -> str | None:
        if self.out_dir.is_symlink():
            target = os.readlink(self.out_dir)
            return next((name for name, path in self.trees.items() if Path(target).name == path.name), None)
        return None

    def _holds(self, output: OutputFile) -> bool:
        """Whether this tree has the output's file already, as its manifest says (and the file's
        size and time confirm). A plain string path: after a small edit, nearly every output ends here."""
        known = self.known.get(output.path)
        return bool(
            output.stamp is not None
            and known
            and known[0] == output.stamp
            and output.path in self.present
            and state_of(f"{self._root}/{output.path}") == known[1]
            and (not self.verify or holds_bytes_of(f"{self._root}/{output.path}", output))
        )

    def reusable(self, output: OutputFile) -> bool:
        """Whether an output of an earlier build, known only by its stamp, can be published as it
        is: this tree holds it already, or the live tree still holds the file a build wrote for it
        (to be linked from there). Looked at only now, for the pages the build uses."""
        if self._holds(output):
            self._ready.add(output.path)
            return True
        live = self._live_files.get(output.path)
        file = f"{self._live_root}/{output.path}"
        return bool(
            live and live[0] == output.stamp and state_of(file) == live[1] and (not self.verify or holds_bytes_of(file, output))
        )

    def write(self, output: OutputFile) -> None:
        self._write(output)
        if self._mirror is not None:
            self._mirror.add(output.path)

    def _write(self, output: OutputFile) -> None:
        if output.written is not None:  # another process wrote it into this tree (see storypages.py)
            self.written[output.path] = (output.stamp, output.written)
            self.files_written += 1
            return
        if output.path in self._ready and self.known[output.path][0] == output.stamp:  # `reusable` has just seen it
            self.written[output.path] = self.known[output.path]
            return
        if self._holds(output):
            self.written[output.path] = self.known[output.path]
            return
        self._put(output)

    def _put(self, output: OutputFile) -> None:
        target = self.folder / output.path
        if target.parent not in self._made:
            make_folder(target.parent, self.folder)
            self._made.add(target.parent)
        source = output.copy_from
        if output.reuse and source is None:  # known by its stamp only: `reusable` found it in the live tree
            source = Path(self._live_root, output.path)
        if output.reuse and source is not None and same_file(target, source):
            # Already the live tree's file (shared by an earlier build). Renaming another link
            # to the same file over it would do nothing at all, and leave the temporary behind.
            self.written[output.path] = (output.stamp, stat_key(target))
            return
        if source is None:
            self.written[output.path] = (output.stamp, write_new(target, output.data) or replace_file(target, output.data))
            self.files_written += 1
            return
        if output.reuse and _linked_new(source, target):
            self.written[output.path] = (output.stamp, stat_key(target))
            self.files_written += 1
            return
        # A new file renamed into place: the old one may be a hard link shared with the live tree.
        temporary = temporary_for(target)
        temporary.unlink(missing_ok=True)  # left by a build that was killed midway
        if output.reuse:  # the same bytes as in the live tree: share them
            try:
                os.link(source, temporary)
            except OSError:  # a file system without hard links
                shutil.copyfile(source, temporary)
        else:
            shutil.copyfile(source, temporary)
        rename_into_place(temporary, target)
        self.written[output.path] = (output.stamp, stat_key(target))
        self.files_written += 1

    def publish(self) -> dict[str, Manifest]:
        """Remove what this build no longer makes, point the output folder here; the manifests."""
        stale = self.present - self.written.keys()
        for path in stale:
            # Gone already, or replaced by a folder of this build's (see treefiles.make_folder, rename_into_place).
            with contextlib.suppress(FileNotFoundError, NotADirectoryError, IsADirectoryError):
                (self.folder / path).unlink()
        remove_empty_folders(self.folder, {str(Path(path).parent) for path in stale})
        _mark_built(self.folder, self.out_dir)
        _beside(self.folder, WRITING).unlink()
        self._point_output_here()
        self.published_tree = self.name
        manifests = {**self.manifests, self.name: (_token_of(self.folder), self.written)}
        if self.verify:  # the other tree was not looked at: its next build trusts none of its files
            manifests = {self.name: manifests[self.name]}
        other = self.other
        # Remembering builds keep both trees known; a tree no manifest describes (a first build,
        # or one made by --no-cache) would be rewritten in full by the next build.
        if self._mirror is not None:
            if self._mirror.finish(self.written):
                manifests.update(self._mirrored(other))
        elif (not self.trees[other].exists() or (self.remembering and other not in manifests)) and link_tree(
            self.folder, self.trees[other], self.written
        ):
            manifests.update(self._mirrored(other))
        return manifests

    def _mirrored(self, name: str) -> dict[str, Manifest]:
        """The other tree, filled with hard links to this one's files (see mirror.py): a link has
        its file's size and time, so this tree's manifest describes the other as well."""
        other = self.trees[name]
        _mark_built(other, self.out_dir)
        _beside(other, WRITING).unlink(missing_ok=True)  # left by a failed build of the tree just replaced
        return {name: (_token_of(other), dict(self.written))}

    def beside(self, what: str) -> Path:
        """A path of this output's own beside it, for a build's working files: `.public.beat-<what>`."""
        return self.out_dir.with_name(f".{self.out_dir.name}.beat-{what}")

    def abandon(self) -> None:
        """The build failed: leave nothing behind that was not there before it."""
        if self._mirror is not None:
            self._mirror.abandon()
        if self.created:
            shutil.rmtree(self.folder, ignore_errors=True)
            _beside(self.folder, WRITING).unlink(missing_ok=True)

    def _point_output_here(self) -> None:
        link = self.out_dir.with_name(f".{self.out_dir.name}.beat-link")
        link.unlink(missing_ok=True)
        try:
            os.symlink(self.folder.name, link)  # relative: the site folder may move
        except OSError:  # no symbolic links here (Windows without Developer Mode, some mounts)
            self._copy_output_here()
            return
        if self.out_dir.is_dir() and not self.out_dir.is_symlink():
            # A folder from an earlier Beat: move it aside, then link (the one moment without it).
            retired = self.out_dir.with_name(f"{self.out_dir.name}.beat-old")
            shutil.rmtree(retired, ignore_errors=True)
            os.replace(self.out_dir, retired)
            os.replace(link, self.out_dir)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(link, self.out_dir)  # atomic: readers see the old site or the new one

    def _copy_output_here(self) -> None:
        """Without symbolic links: the output folder becomes a copy of this tree (its files
        hard-linked where the file system allows), swapped in by two renames. Readers may find no
        folder for that moment, but never a half-written one."""
        staged = self.out_dir.with_name(f"{self.out_dir.name}.beat-next")
        shutil.rmtree(staged, ignore_errors=True)
        shutil.copytree(self.folder, staged, copy_function=link_or_copy)
        retired = self.out_dir.with_name(f"{self.out_dir.name}.beat-old")
        shutil.rmtree(retired, ignore_errors=True)
        if self.out_dir.is_symlink():
            self.out_dir.unlink()
        elif self.out_dir.exists():
            os.replace(self.out_dir, retired)
        os.replace(staged, self.out_dir)
        shutil.rmtree(retired, ignore_errors=True)


def still_published(out_dir: Path, manifests: dict[str, Manifest]) -> bool:
    """Whether the output folder still shows the tree the last build published, untouched: a
    link to it, no build writing into it, each file of its manifest with the size and time it was
    written with, nothing added at its top. (What a build looks at before reusing a file.)"""
    if not out_dir.is_symlink():
        return False
    target = Path(os.readlink(out_dir)).name
    name = next((name for name in TREES if target == f"{out_dir.name}.{name}"), None)
    if name is None or name not in manifests:
        return False
    tree = out_dir.with_name(target)
    token, files = manifests[name]
    if not token or _token_of(tree) != token or _beside(tree, WRITING).exists():
        return False
    root = str(tree)
    return all(state_of(f"{root}/{path}") == state for path, (_, state) in files.items()) and not _strays_at_top(tree, files)


def _mark_built(tree: Path, out_dir: Path) -> None:
    built = _beside(tree, BUILT)
    built.unlink(missing_ok=True)  # a new file: a new inode, whatever the clock's resolution
    built.write_text(f"{tree.name} is written by `beat build`; {out_dir.name} shows it.\n")


def _token_of(folder: Path) -> tuple:
    try:
        info = os.stat(_beside(folder, BUILT))
    except OSError:
        return ()
    return info.st_ino, info.st_mtime_ns


def _strays_at_top(folder: Path, known: Files) -> set[str]:
    """Files at the top of the tree, or under folders at its top, that the manifest does not list."""
    tops = {path.split("/", 1)[0] for path in known}
    strays = set()
    for entry in os.scandir(folder):
        if entry.name not in tops:
            if entry.is_dir(follow_symlinks=False):
                strays |= {f"{entry.name}/{path}" for path in files_under(Path(entry.path))}
            else:
                strays.add(entry.name)
    return strays


def publish(outputs: Iterable[OutputFile], out_dir: Path) -> None:
    """Write every output and publish them (no manifests: every file is written)."""
    publisher = Publisher(out_dir)
    for output in outputs:
        publisher.write(output)
    publisher.publish()


def _linked_new(source: Path, target: Path) -> bool:
    """Whether `target`, where nothing stood, is now a hard link to `source` (as write_new writes)."""
    try:
        os.link(source, target)
    except OSError:  # something stands there, or no hard links here: renamed into place instead
        return False
    return True

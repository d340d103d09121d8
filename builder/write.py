"""Stage 5: OutputFiles -> a staging folder beside the output folder -> swapped in whole.

The published folder is never half-written: a failed or interrupted build leaves it exactly
as it was. Beat only ever replaces a folder it created itself (it holds MARKER).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from builder.outputs import OutputFile

MARKER = ".beat-output"


class UnsafeOutput(Exception):
    """The output folder is not one Beat may replace."""


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
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        return f"{out_dir} already holds files Beat did not write; empty it or choose another folder"
    return None


class Staging:
    """A new output folder being written beside the published one, swapped in only by publish()."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir.absolute()
        self.folder = self.out_dir.with_name(self.out_dir.name + ".beat-new")
        self.retired = self.out_dir.with_name(self.out_dir.name + ".beat-old")
        for leftover in (self.folder, self.retired):  # from a build that was killed midway
            if leftover.exists():
                shutil.rmtree(leftover)
        self.folder.mkdir(parents=True)
        self._made: set[Path] = {self.folder}

    def write(self, output: OutputFile) -> None:
        target = self.folder / output.path
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        if output.copy_from is None:
            target.write_bytes(output.data)
        elif output.reuse:
            # The same bytes as last time: share the published file rather than copy it.
            try:
                os.link(output.copy_from, target)
            except OSError:  # a file system without hard links
                shutil.copyfile(output.copy_from, target)
        else:
            shutil.copyfile(output.copy_from, target)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def publish(self) -> None:
        """Swap the staging folder in for the output folder."""
        try:
            (self.folder / MARKER).write_text("This folder is written by `beat build` and replaced whole on every build.\n")
            if self.out_dir.exists():
                os.replace(self.out_dir, self.retired)
            os.replace(self.folder, self.out_dir)
        except BaseException:
            self.discard()
            if self.retired.exists() and not self.out_dir.exists():
                os.replace(self.retired, self.out_dir)
            raise
        shutil.rmtree(self.retired, ignore_errors=True)


def publish(outputs: Iterable[OutputFile], out_dir: Path) -> None:
    """Write every output into a fresh staging folder, then swap it in for `out_dir`."""
    staging = Staging(out_dir)
    try:
        for output in outputs:
            staging.write(output)
    except BaseException:
        staging.discard()
        raise
    staging.publish()

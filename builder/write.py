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


def publish(outputs: Iterable[OutputFile], out_dir: Path) -> None:
    """Write every output into a fresh staging folder, then swap it in for `out_dir`."""
    out_dir = out_dir.absolute()
    staging = out_dir.with_name(out_dir.name + ".beat-new")
    retired = out_dir.with_name(out_dir.name + ".beat-old")
    for leftover in (staging, retired):  # from a build that was killed midway
        if leftover.exists():
            shutil.rmtree(leftover)
    staging.mkdir(parents=True)
    try:
        made: set[Path] = set()
        for output in outputs:
            target = staging / output.path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if output.copy_from is not None:
                shutil.copyfile(output.copy_from, target)
            else:
                target.write_bytes(output.data)
        (staging / MARKER).write_text("This folder is written by `beat build` and replaced whole on every build.\n")
        if out_dir.exists():
            os.replace(out_dir, retired)
        os.replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out_dir.exists():
            os.replace(retired, out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)

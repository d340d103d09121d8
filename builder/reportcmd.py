"""`beat report`: check the archive and write its report as HTML (default), JSON or GitHub annotations."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from builder import report
from builder.pipeline import BuildOptions, build
from builder.reportpage import report_page

FORMATS = ("html", "json", "github")
EXIT_OK, EXIT_PROBLEMS = 0, 1


def run_report(site_dir: Path, fmt: str, out: str | None, jobs: int, now: datetime | None = None) -> int:
    """html and json are written to a file (report/index.html, report.json, or --out; "-" for
    standard output) and exit 0; github prints its annotations and exits 1 if there are errors,
    so a workflow step fails on them."""
    result = build(site_dir, BuildOptions(write=False, jobs=jobs))
    archive = report.from_build(result, now or datetime.now(UTC))
    if fmt == "github":
        sys.stdout.write(report.as_github(archive))
        return EXIT_PROBLEMS if archive.errors else EXIT_OK
    text = report_page(archive) if fmt == "html" else report.as_json(archive)
    if out == "-":
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(out) if out else site_dir / ("report/index.html" if fmt == "html" else "report/report.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)
    where = target.relative_to(site_dir) if target.is_relative_to(site_dir) else target
    sys.stderr.write(f"report written to {where}: {archive.errors} errors, {archive.warnings} warnings\n")
    return EXIT_OK

"""The `beat` command: argument parsing, printing and exit codes over the pipeline.

Exit status: 0 success, 1 content problems (or a file that could not be written), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import shlex
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from builder import __version__
from builder.config import base_url_warning, load_config, normalise_base_url
from builder.newsite import InitError, init_site
from builder.pipeline import BuildOptions, BuildResult, build
from builder.scaffold import ScaffoldError, new_story
from builder.write import check_output_dir

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    site_dir = Path(args.site)
    if not site_dir.is_dir():
        parser.error(f"--site {args.site}: no such folder")
    try:
        return args.run(args, site_dir, parser)
    except KeyboardInterrupt:
        print("beat: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        # The machine failing (disk full, permissions), not the content: one line, no traceback.
        print(f"beat: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_PROBLEMS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="beat", description="Build the Beat story archive.")
    parser.add_argument("--version", action="version", version=f"beat {__version__}")
    commands = parser.add_subparsers(required=True, metavar="command")

    site = argparse.ArgumentParser(add_help=False)
    site.add_argument("--site", default=".", metavar="DIR", help="the site folder (default: the current folder)")
    selection = argparse.ArgumentParser(add_help=False)
    selection.add_argument("--drafts", action="store_true", help="include stories marked draft: true")
    selection.add_argument("--future", action="store_true", help="include stories dated in the future")
    selection.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes for parsing (default: all cores)",
    )

    build_cmd = commands.add_parser("build", parents=[site, selection], help="build the site into public/")
    build_cmd.add_argument("--out", metavar="DIR", help="output folder (default: public/ in the site)")
    build_cmd.add_argument("--base-url", metavar="URL", help="override base_url from site.toml")
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.add_argument("--quiet", action="store_true", help="print only problems")
    build_cmd.add_argument("--no-cache", action="store_true", help="ignore and do not update the cache in .beat-cache/")
    build_cmd.add_argument(
        "--verify",
        action="store_true",
        help="check every file of the output trees against what Beat wrote (slower) and repair any that differ",
    )
    build_cmd.set_defaults(run=_build)

    check_cmd = commands.add_parser("check", parents=[site, selection], help="validate everything, write nothing")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_cmd.set_defaults(run=_check, quiet=False, base_url=None)

    serve_cmd = commands.add_parser("serve", parents=[site, selection], help="preview the site while you edit it")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve_cmd.add_argument("--open", action="store_true", dest="open_browser", help="open the preview in a browser")
    serve_cmd.set_defaults(run=_serve)

    init_cmd = commands.add_parser("init", help="start a new archive in a folder")
    init_cmd.add_argument(
        "folder", nargs="?", default=".", metavar="DIR", help="the new site's folder (default: the current one)"
    )
    init_cmd.add_argument("--title", help='the site\'s name (default: "Beat")')
    init_cmd.add_argument("--base-url", metavar="URL", help="the address the site will be published at")
    init_cmd.add_argument(
        "--force", action="store_true", help="add the archive to a folder that is not empty (no file is overwritten)"
    )
    init_cmd.set_defaults(run=_init, site=".")

    new_cmd = commands.add_parser("new", parents=[site], help="start a new story")
    new_cmd.add_argument("title", help='the story\'s title, e.g. "Officer Runs Reading Club"')
    new_cmd.add_argument("--department", default="", help="the police department")
    new_cmd.add_argument("--tags", default="", help="comma-separated tags, e.g. youth-outreach,sports")
    new_cmd.set_defaults(run=_new)

    terms_cmd = commands.add_parser("terms", parents=[site], help="list departments and tags; merge two into one")
    terms_cmd.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N", help=argparse.SUPPRESS)
    terms_cmd.set_defaults(run=_terms, action=None)
    terms_actions = terms_cmd.add_subparsers(dest="action", metavar="merge")
    merge_cmd = terms_actions.add_parser("merge", help="rename OLD to NEW in every story, keeping OLD as an alias of NEW")
    merge_cmd.add_argument("old", metavar="OLD", help="the department or tag to replace")
    merge_cmd.add_argument("new", metavar="NEW", help="the name to write instead")
    merge_cmd.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    which = merge_cmd.add_mutually_exclusive_group()
    which.add_argument("--department", action="store_const", const="department", dest="kind", help="OLD is a department")
    which.add_argument("--tag", action="store_const", const="tag", dest="kind", help="OLD is a tag")

    report_cmd = commands.add_parser("report", parents=[site], help="write a report of the whole archive (outside public/)")
    report_cmd.add_argument(
        "--format", choices=("html", "json", "github"), default="html", help="html (default), json, or github"
    )
    report_cmd.add_argument(
        "--out", metavar="FILE", help='where to write it (default: report/index.html or report/report.json; "-": print)'
    )
    report_cmd.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N", help=argparse.SUPPRESS)
    report_cmd.set_defaults(run=_archive_report)
    return parser


def _archive_report(args, site_dir: Path, parser) -> int:
    from builder.reportcmd import run_report

    return run_report(site_dir, args.format, args.out, args.jobs)


def _build(args, site_dir: Path, parser) -> int:
    out_dir = Path(args.out) if args.out else site_dir / "public"
    if reason := check_output_dir(out_dir, site_dir):
        parser.error(f"--out: {reason}")
    if args.strict:
        # --strict fails on this warning too, before anything is written (the pipeline knows
        # nothing of it: `beat check` and `beat serve` publish nothing and do not warn).
        config, problems = load_config(site_dir, base_url=args.base_url)
        if not any(p.is_error for p in problems) and (localhost := base_url_warning(config)):
            _report(BuildResult(problems=[localhost], ok=False), quiet=args.quiet)
            return EXIT_PROBLEMS
    options = BuildOptions(
        out_dir=out_dir,
        drafts=args.drafts,
        future=args.future,
        base_url=args.base_url,
        jobs=args.jobs,
        disk_cache=not args.no_cache,
        verify=args.verify,
        strict=args.strict,
        progress=None if args.quiet else _progress_printer(),
        on_wait=lambda: print("beat: waiting for another build of this site to finish", file=sys.stderr, flush=True),
    )
    # The process ends with the build, so no cyclic garbage collection at all: not after the
    # build (enabled again, the collector would start by scanning every object the build made,
    # ~0.05 s at 10k stories) nor at exit (frozen objects are left out of the last collection).
    gc.disable()
    result = build(site_dir, options)
    gc.freeze()
    if result.ok and result.config and (localhost := base_url_warning(result.config)):
        result.problems.append(localhost)
    _report(result, quiet=args.quiet)
    if result.ok and not args.quiet:
        print(_summary(result, f"built into {out_dir} ({result.files_written} written, the rest unchanged)"))
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _check(args, site_dir: Path, parser) -> int:
    options = BuildOptions(drafts=args.drafts, future=args.future, strict=args.strict, write=False, jobs=args.jobs)
    result = build(site_dir, options)
    _report(result, quiet=False)
    if result.ok:
        print(_summary(result, "checked, nothing written"))
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _serve(args, site_dir: Path, parser) -> int:
    from builder.serve import ServeOptions, serve
    from builder.serve.session import PortInUse

    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    options = ServeOptions(
        host=args.host,
        port=args.port,
        drafts=args.drafts,
        future=args.future,
        open_browser=args.open_browser,
        jobs=args.jobs,
    )
    # Ctrl-C, and a plain `kill`, stop the preview cleanly. SIGINT is set explicitly because a
    # shell starts background jobs with it ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return serve(site_dir, options, say=lambda line: print(line, flush=True))
    except PortInUse as exc:
        print(f"beat: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _terms(args, site_dir: Path, parser) -> int:
    from builder import termscmd

    if args.action == "merge":
        return termscmd.merge_terms(site_dir, args.old, args.new, args.kind, args.dry_run, args.jobs)
    return termscmd.list_terms(site_dir, args.jobs)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _new(args, site_dir: Path, parser) -> int:
    tags = tuple(t.strip() for t in args.tags.split(",") if t.strip())
    config, _ = load_config(site_dir)
    today = datetime.now(config.tzinfo).date()  # the date where the newsroom is
    try:
        path = new_story(site_dir, args.title, today=today, department=args.department, tags=tags)
    except ScaffoldError as exc:
        print(f"beat: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(path.relative_to(site_dir).as_posix() if path.is_relative_to(site_dir) else path)
    return EXIT_OK


def _init(args, site_dir: Path, parser) -> int:
    base_url = None
    if args.base_url is not None and (base_url := normalise_base_url(args.base_url)) is None:
        parser.error(f'--base-url "{args.base_url}" must be an absolute http(s) URL')
    folder = Path(args.folder)
    # The example story's date. A new site's time zone is UTC, where a bare date means midnight:
    # today's date there is never in the future.
    today = datetime.now(UTC).date()
    try:
        written = init_site(folder, today=today, title=args.title, base_url=base_url, force=args.force)
    except InitError as exc:
        print(f"beat: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Started a new archive in {folder}:")
    for path in written:
        print(f"  {path}")
    go = "" if folder == Path(".") else f"cd {shlex.quote(str(folder))} && "
    print(f'Next: `{go}beat serve` to preview it; `beat new "Title"` to start a story; `beat build` to publish it.')
    if base_url is None:
        print("Set base_url in site.toml to the address the site will be published at.")
    print("To publish on GitHub Pages, set BEAT_PACKAGE in .github/workflows/publish.yml first.")
    return EXIT_OK


def _report(result: BuildResult, *, quiet: bool) -> None:
    for problem in result.problems:
        if problem.is_error or not quiet:
            print(problem, file=sys.stderr)
    if not result.ok:
        errors = sum(p.is_error for p in result.problems)
        warnings = len(result.problems) - errors
        counted = f"{errors} error{'s' * (errors != 1)}" + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else "")
        print(f"beat: {counted}; nothing was published", file=sys.stderr)


def _summary(result: BuildResult, what: str) -> str:
    stories, tags, departments, pages = result.counts
    return (
        f"{stories} stories, {tags} tags, {departments} departments, "
        f"{pages} pages: {len(result.outputs) or ''}{' files ' if result.outputs else ''}"
        f"{what} in {result.seconds:.2f} s"
    )


def _progress_printer():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= 500:  # short builds finish before a progress line could be read
            end = "\n" if done == total else ""
            print(f"\rrendering pages: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show

"""`beat terms` (every department and tag with its story count, and the names that look alike)
and `beat terms merge OLD NEW`: the printing and exit codes over terms.py and merge.py."""

from __future__ import annotations

import sys
from pathlib import Path

from builder import load, parse
from builder.config import load_config
from builder.merge import MergeError, plan_merge, read_from, write_all
from builder.terms import DEPARTMENT, TAG, Vocabulary, near_pairs, vocabulary

EXIT_OK, EXIT_PROBLEMS = 0, 1


def site_vocabulary(site_dir: Path, jobs: int = 1) -> tuple[Vocabulary | None, list[str]]:
    """The vocabulary of every story as it is on disk now, or None and the errors that stop reading it."""
    config, problems = load_config(site_dir)
    sources, found = load.read_sources(site_dir)
    content, parsed = parse.parse_sources(sources.markdown, config, jobs)
    errors = [str(p) for p in problems + found + parsed if p.is_error]
    return vocabulary(content), errors


def list_terms(site_dir: Path, jobs: int, out=sys.stdout) -> int:
    words, errors = site_vocabulary(site_dir, jobs)
    for line in errors:
        print(line, file=sys.stderr)
    for kind, terms in ((DEPARTMENT, words.departments), (TAG, words.tags)):
        print(f"{kind.capitalize()}s ({len(terms)}):", file=out)
        width = max((len(str(t.count)) for t in terms), default=1)
        for term in sorted(terms, key=lambda t: (-t.count, t.slug)):
            profile = f"profile {term.profile}" if term.profile else "no profile"
            aliases = f"; aliases: {', '.join(term.aliases)}" if term.aliases else ""
            plural = "story" if term.count == 1 else "stories"
            print(f"  {term.count:>{width}} {plural:<7}  {term.name} ({term.slug}; {profile}{aliases})", file=out)
        pairs = near_pairs(terms)
        if pairs:
            print(f"  Names that look alike ({len(pairs)}):", file=out)
            for pair in pairs:
                print(
                    f'    "{pair.first.name}" ({pair.first.count}) ~ "{pair.second.name}" ({pair.second.count}): '
                    f"{round(pair.score)}%; merge with `beat terms merge OLD NEW`",
                    file=out,
                )
        print(file=out)
    return EXIT_PROBLEMS if errors else EXIT_OK


def merge_terms(site_dir: Path, old: str, new: str, kind: str | None, dry_run: bool, jobs: int, out=sys.stdout) -> int:
    words, errors = site_vocabulary(site_dir, jobs)
    if errors:
        for line in errors:
            print(line, file=sys.stderr)
        print("beat: error: fix the problems above before merging (nothing was changed)", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        changes = plan_merge(words, read_from(site_dir), old, new, kind)
        if not dry_run:
            write_all(site_dir, changes)
    except MergeError as exc:
        print(f"beat: error: {exc} (nothing was changed)", file=sys.stderr)
        return EXIT_PROBLEMS
    for change in changes:
        print(("would change " if dry_run else "") + change.what, file=out)
    count = len(changes)
    files = "file" if count == 1 else "files"
    print(f"{count} {files} {'would be changed (dry run: nothing written)' if dry_run else 'changed'}", file=out)
    return EXIT_OK

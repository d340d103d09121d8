"""`beat terms merge OLD NEW`: one department or tag renamed in every story that uses it, and
OLD kept as an alias in NEW's profile (made if there is none), all files or none.

The plan (`plan_merge`) is pure: file texts in, new file texts out. `write_all` then writes
every changed file to a temporary file beside it first, and only when all are written
renames them into place; a failure at any point puts back every file already renamed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder.frontedit import EditError, add_to_list, front_block, quoted, replace_items, rewrite_in_commas, value_spans
from builder.slugs import make_slug
from builder.terms import DEPARTMENT, TAG, Term, Vocabulary, normalised

DOUBLE = '"'


class MergeError(Exception):
    """Why a merge cannot be made; nothing was written."""


@dataclass(frozen=True, slots=True)
class Change:
    path: str  # relative to the site
    before: bytes | None  # None: a new file
    after: bytes
    what: str  # one line for the editor


def find_term(words: Vocabulary, name: str, kind: str | None) -> Term | None:
    """The department or tag `name` names (by slug, spelling or alias); MergeError if both kinds do."""
    found = []
    for each in (DEPARTMENT, TAG) if kind is None else (kind,):
        for term in words.of_kind(each):
            if term.slug == make_slug(name) or any(s.casefold() == name.casefold() for s in term.spellings):
                found.append(term)
                break
    if len({t.kind for t in found}) > 1:
        raise MergeError(f'"{name}" is both a department and a tag: say which with --department or --tag')
    return found[0] if found else None


def plan_merge(words: Vocabulary, read: Callable[[str], bytes], old: str, new: str, kind: str | None = None) -> list[Change]:
    """Every file change merging OLD into NEW; `read` gives a file's bytes by its site path."""
    old_term = find_term(words, old, kind)
    if old_term is None:
        raise MergeError(f'no story uses a {kind or "department or tag"} named "{old}" (see `beat terms`)')
    new = " ".join(new.split())
    if not make_slug(new):
        raise MergeError(f'"{new}" has no letters or digits to make a web address from')
    new_term = next((t for t in words.of_kind(old_term.kind) if t.slug == make_slug(new)), None)
    if new_term is None:
        new_term = find_term(words, new, old_term.kind)
    if new_term is not None and new_term.slug == old_term.slug:
        raise MergeError(f'"{old}" and "{new}" are already the same {old_term.kind}')
    if old_term.profile:
        raise MergeError(
            f'"{old}" has its own profile, {old_term.profile}: move what it says into the profile of "{new}" and delete it first'
        )
    changes = [_story_change(path, read(path), old_term, new) for path in dict.fromkeys(u.path for u in old_term.uses)]
    changes.append(_profile_change(old_term, new_term, new, old, read))
    return [change for change in changes if change is not None]


def _story_change(path: str, raw: bytes, term: Term, new: str) -> Change | None:
    text = raw.decode("utf-8")
    key = "department" if term.kind == DEPARTMENT else "tags"
    # The spellings that stand for OLD in this story: what the vocabulary saw it write.
    olds = {" ".join(s.split()).casefold() for s in (u.spelling for u in term.uses if u.path == path)}
    try:
        block = front_block(text)
        kind, spans = value_spans(block, key)
        if kind == "scalar" and term.kind == TAG:
            after = rewrite_in_commas(spans[0], olds, new, text)
        else:
            hits = {i: quoted(new, span.style) for i, span in enumerate(spans) if " ".join(span.value.split()).casefold() in olds}
            after = replace_items(text, spans, hits) if hits else None
    except EditError as exc:
        raise MergeError(f"{path}: {exc}") from None
    if after is None:
        raise MergeError(f'{path}: could not find the {term.kind} "{term.name}" in its front matter')
    line = text.count("\n", 0, spans[0].start) + 1
    return Change(path, raw, after.encode("utf-8"), f'{path}:{line}: {term.kind} "{term.name}" -> "{new}"')


def _profile_change(old_term: Term, new_term: Term | None, new: str, old: str, read) -> Change | None:
    folder = "departments" if old_term.kind == DEPARTMENT else "tags"
    aliases = [old_term.name, *(s for s in old_term.spellings if s != old_term.name)]
    known = {normalised(a) for a in new_term.spellings} if new_term else set()
    wanted = [a for a in dict.fromkeys(aliases) if normalised(a) not in known and make_slug(a) != make_slug(new)]
    wanted = [a for n, a in enumerate(wanted) if make_slug(a) not in {make_slug(b) for b in wanted[:n]}]
    if new_term is not None and new_term.profile:
        raw = read(new_term.profile)
        text = raw.decode("utf-8")
        try:
            for alias in wanted:
                text = add_to_list(front_block(text), "aliases", alias)
        except EditError as exc:
            raise MergeError(f"{new_term.profile}: {exc}") from None
        if not wanted:
            return None
        listed = ", ".join(f'"{a}"' for a in wanted)
        return Change(new_term.profile, raw, text.encode("utf-8"), f"{new_term.profile}: aliases + {listed}")
    path = f"content/{folder}/{make_slug(new)}.md"
    name_key = "name" if old_term.kind == DEPARTMENT else "title"
    listed = ", ".join(quoted(a, DOUBLE) for a in wanted)
    lines = ["---", f"{name_key}: {quoted(new, DOUBLE)}", f"aliases: [{listed}]", "---", ""]
    return Change(path, None, "\n".join(lines).encode("utf-8"), f'{path}: new profile of "{new}", aliases {", ".join(wanted)}')


def write_all(site_dir: Path, changes: list[Change], *, replace: Callable[[str, str], None] = os.replace) -> None:
    """Write every change or none: temporary files first, then renames; a failure puts back
    every file already replaced (and removes new ones)."""
    temporary: dict[Path, Path] = {}
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for change in changes:
            target = site_dir / change.path
            if (target.read_bytes() if target.exists() else None) != change.before:
                raise MergeError(f"{change.path} changed while Beat was merging; run the merge again")
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.beat-merge")
            with open(temp, "wb") as handle:
                temporary[target] = temp
                handle.write(change.after)
                handle.flush()
                os.fsync(handle.fileno())
            if change.before is not None:
                backup = target.with_name(f".{target.name}.beat-merge-old")
                shutil.copy2(target, backup)
                backups[target] = backup
        for target, temp in temporary.items():
            replace(str(temp), str(target))
            done.append(target)
    except BaseException:
        for target in reversed(done):
            if target in backups:
                os.replace(backups.pop(target), target)
            else:
                target.unlink()
        raise
    finally:
        for leftover in [*temporary.values(), *backups.values()]:
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def read_from(site_dir: Path) -> Callable[[str], bytes]:
    return lambda relative: (site_dir / relative).read_bytes()

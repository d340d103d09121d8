"""What the editor's guard (near-duplicate stories, the vocabulary guard) costs, at any size.

    python benchmarks/guard.py SITE_DIR --stories 10000 [--planted 20] [--jobs 2]

Writes a generated archive (benchmarks/generate.py) into SITE_DIR, plants copies of some
stories (the title reworded, the first block moved to the end), and measures:

- signatures: computing every story's MinHash signature, which the parse stage does once per
  story (the memory keeps it): CPU seconds in one process, and the share of a cold build's
  wall time with the parse spread over --jobs workers;
- guard: the stage after the index (LSH banding over every signature, the vocabulary and its
  guard), which every build runs: cold, and after one edit (the preview's rebuild);
- a whole `beat check` cold and after one edit, for scale;
- what it finds: every planted pair and no other;
- the vocabulary guard's worst case: 2,000 departments, each used by one story and close to
  others ("Maple 0 Police Department", "Maple 20 ..."), every name compared with all.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from builder import duplicates, guard, terms
from builder.config import load_term_policy
from builder.frontmatter import split
from builder.incremental import Memory
from builder.model import Card
from builder.pipeline import BuildOptions, build

NOW = datetime(2026, 11, 30, tzinfo=UTC)


def worst_case_terms(count: int) -> tuple[terms.Term, ...]:
    """`count` departments, each used by one story, each close to others: the vocabulary guard
    compares every name with all of them and has a suggestion for each."""

    def used_by(path: str, name: str) -> terms.Use:
        story = Card(slug=path, title="T", date=None, department_name=name, tag_names=(), tags=(), summary="", path=path)
        return terms.Use(story, name, "department")

    words = ["Maple", "Cedar", "Oak", "Pine"]
    names = [f"{words[n % len(words)]} {n} Police Department" for n in range(count)]
    return tuple(terms.Term("department", f"d{n}", name, (used_by(f"s{n}.md", name),)) for n, name in enumerate(names))


def plant(site_dir: Path, every: int, count: int) -> list[tuple[str, str]]:
    """Copies of `count` stories, each a new file: (original, copy) paths."""
    stories = sorted((site_dir / "content/stories").rglob("*.md"))
    planted = []
    for original in stories[::every][:count]:
        text = original.read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1)
        blocks = body.strip("\n").split("\n\n")
        moved = "\n\n".join([*blocks[1:], blocks[0]]) + "\n"
        front = front.replace('\ntitle: "', '\ntitle: "Filed Again: ', 1)
        copy = original.with_name("copy-" + original.name)
        copy.write_text(f"{front}\n---\n{moved}", encoding="utf-8")
        planted.append((original.relative_to(site_dir).as_posix(), copy.relative_to(site_dir).as_posix()))
    return planted


def best_of(rounds: int, measure) -> float:
    return min(measure() for _ in range(rounds))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--stories", type=int, default=10000)
    parser.add_argument("--planted", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="measure the archive SITE_DIR holds from an earlier run")
    args = parser.parse_args(argv)
    site_dir: Path = args.site_dir
    if args.reuse:
        copies = sorted((site_dir / "content/stories").rglob("copy-*.md"))
        planted = [
            (c.with_name(c.name.removeprefix("copy-")).relative_to(site_dir).as_posix(), c.relative_to(site_dir).as_posix())
            for c in copies
        ]
    else:
        if site_dir.exists():
            shutil.rmtree(site_dir)
        site_dir.mkdir(parents=True)
        generate(site_dir, args.stories)
        planted = plant(site_dir, max(1, args.stories // max(1, args.planted)), args.planted)
    print(f"{args.stories} stories and {len(planted)} planted copies in {site_dir}")

    # Signatures, as the parse stage computes them (of the visible text; the Markdown is as long).
    bodies = [split(path.read_text(encoding="utf-8")).body for path in sorted((site_dir / "content/stories").rglob("*.md"))]

    def signatures() -> float:
        started = time.process_time()
        for body in bodies:
            duplicates.signature(body)
        return time.process_time() - started

    signing = best_of(args.rounds, signatures)
    print(
        f"signatures: {signing:.2f} CPU s for {len(bodies)} stories ({1e6 * signing / len(bodies):.0f} us each); "
        f"about {signing / args.jobs:.2f} s of a cold build's wall time over {args.jobs} workers"
    )

    # A whole check, cold, then the guard stage alone on its result.
    started = time.perf_counter()
    memory = Memory()
    result = build(site_dir, BuildOptions(write=False, jobs=args.jobs, now=NOW, memory=memory, search=False))
    cold = time.perf_counter() - started
    policy, _ = load_term_policy(site_dir)
    content, site = result.content, result.site

    def cpu(work) -> float:
        # CPU time: on a shared machine wall time counts other processes' turns too.
        started = time.process_time()
        work()
        return time.process_time() - started

    def guard_stage() -> float:
        return cpu(lambda: guard.review_archive(content, site, policy))

    def parts() -> str:
        near = best_of(args.rounds, lambda: cpu(lambda: duplicates.near_duplicates(content.stories, site.story_department)))
        names = best_of(args.rounds, lambda: cpu(lambda: terms.term_problems(terms.vocabulary(content), policy)))
        return f"near-duplicate stories {1000 * near:.0f} ms, vocabulary guard {1000 * names:.0f} ms"

    stage = best_of(args.rounds, guard_stage)
    found = {frozenset((p.first.path, p.second.path)) for p in result.review.duplicates}
    found_planted = found & {frozenset(pair) for pair in planted}
    false_pairs = len(found) - len(found_planted)
    print(f"cold check: {cold:.2f} s wall; guard stage: {1000 * stage:.0f} ms CPU (best of {args.rounds}): {parts()}")
    print(f"found {len(found_planted)} of {len(planted)} planted pairs, {false_pairs} other pairs")

    # One edit: the preview's rebuild. The guard stage runs again over every remembered signature.
    edited = site_dir / planted[0][0]
    edits = []
    for round_number in range(args.rounds):
        edited.write_text(edited.read_text(encoding="utf-8") + f"\nOne more line, round {round_number}.\n", encoding="utf-8")
        memory.forget({planted[0][0]})
        started = time.perf_counter()
        result = build(site_dir, BuildOptions(write=False, jobs=args.jobs, now=NOW, memory=memory, search=False))
        edits.append(time.perf_counter() - started)
        content, site = result.content, result.site
    stage_after_edit = best_of(args.rounds, guard_stage)
    print(
        f"one-edit check: {statistics.median(edits):.2f} s wall (median); guard stage in it: {1000 * stage_after_edit:.0f} ms CPU: "
        f"{parts()}"
    )
    worst = worst_case_terms(2000)
    names = best_of(args.rounds, lambda: cpu(lambda: terms.term_problems(terms.Vocabulary(worst, ()), policy)))
    print(f"vocabulary guard, worst case (2,000 departments, each close to others): {1000 * names:.0f} ms CPU")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0 if len(found_planted) == len(planted) and false_pairs == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())

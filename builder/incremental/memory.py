"""The memory of earlier builds: every step the build asks of it (see forgetful.py), reusing
what it can, keyed by everything the value was computed from (see keys.py), so a build with
memory gives the same bytes as one without. The preview keeps one in memory across rebuilds;
`beat build` keeps one on disk (disk.py).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from builder import load, parse, templates
from builder.beside import Beside
from builder.bodies import RememberedBodies
from builder.config import SiteConfig
from builder.filestate import state_of
from builder.incremental.forgetful import Declared, Forgetful, LastBuild, Made, Maker, Plan
from builder.incremental.keys import StandIns, fingerprint
from builder.model import Result, SourceFile
from builder.outputs import OutputFile, stamp_of
from builder.problems import Problem
from builder.templates import TemplateFacts


@dataclass(slots=True)
class Memory(Forgetful):
    """What earlier builds made, reused while the inputs are the same.

    `stable`: fingerprints that mean the same in another process (a memory kept on disk, see
    disk.py); otherwise Python's hash() and outputs kept with their bytes (the preview).
    """

    stable: bool = False
    sources: dict[str, tuple[tuple[int, int], SourceFile]] = field(default_factory=dict)  # path -> (size, mtime)
    parsed: dict[tuple, parse.ParseResult] = field(default_factory=dict)  # (path, digest, settings) -> result
    carded: dict[tuple, parse.ParseResult] = field(default_factory=dict)  # the same, each story as its card
    outputs: dict[str, dict[str, tuple[Hashable, tuple[OutputFile, ...]]]] = field(
        default_factory=dict
    )  # kind -> path -> (key, files)
    template_facts: TemplateFacts | None = None
    recalled: dict[str, tuple[Hashable, Any]] = field(default_factory=dict)  # function -> (its arguments' fingerprint, result)
    last: LastBuild | None = None
    environment: tuple[Any, jinja2.Environment] | None = None  # compiled templates, kept while the files are unchanged
    compiled: dict[str, bytes] = field(default_factory=dict)  # Jinja's bytecode of each template file, kept on disk
    manifests: dict = field(default_factory=dict)  # output tree -> what was written there (see write.py)
    live_tree: str = ""
    # Where full parse results can be had for cards remembered without their bodies (disk.py).
    stored: Any = None
    saved_shards: dict = field(default_factory=dict)  # disk.py's bookkeeping
    site_dir: Path | None = None  # where a memory kept on disk is saved
    out_dir: str = ""  # the output folder its outputs were published to

    @property
    def keep_bytes(self) -> bool:
        """Whether outputs are remembered with their bytes (in memory, for the preview), or only
        by name (on disk: the published file holds the bytes)."""
        return not self.stable

    def forget(self, relative_paths: set[str]) -> None:
        """Drop what is known about these source files (the watcher saw them change)."""
        for path in relative_paths:
            self.sources.pop(path, None)

    def read_sources(self, site_dir: Path, config: SiteConfig) -> tuple[load.Sources, list[Problem]]:
        """Files whose size and time are unchanged are not read again (unless their text is
        needed: a memory kept on disk has no texts, only parse results)."""
        settings = parse.parse_settings(config)

        def read(path: str, relative: str, state: tuple[int, int] | None) -> tuple[SourceFile | None, Problem | None]:
            if state is None:  # a symbolic link: its target's
                state = state_of(path)
            known = self.sources.get(relative)
            if state is not None and known and known[0] == state:
                source = known[1]
                if source.text or (relative, source.digest, settings) in self.parsed:
                    return source, None
            source, problem = load.read_markdown(path, relative)
            if source and state is not None:
                self.sources[relative] = (state, source)
            return source, problem

        return load.read_sources(site_dir, read=read)

    def parse(self, sources: Sequence[SourceFile], config: SiteConfig, jobs: int, site_dir: Path):
        settings = parse.parse_settings(config)
        keys = [(source.path, source.digest, settings) for source in sources]
        todo = [source for source, key in zip(sources, keys, strict=True) if key not in self.parsed]
        fresh = dict(zip(((s.path, s.digest, settings) for s in todo), parse.parse_all(todo, config, jobs), strict=True))
        results = [self.parsed.get(key) or fresh[key] for key in keys]
        self.parsed = dict(zip(keys, results, strict=True))  # drops files that changed or went away
        if self.stable:
            # A memory kept on disk keeps no texts (see disk.py); dropped now rather than at the
            # end, a large archive's texts are not held through the rest of the build.
            for path, (state, source) in list(self.sources.items()):
                if source.text:  # only files read by this build: the rest were loaded without texts
                    self.sources[path] = (state, replace(source, text=""))
        # Cards made once, not every build: 10,000 cards cost 80 ms of a 0.8 s preview rebuild.
        carded = self.carded
        self.carded = {key: carded.get(key) or result.carded() for key, result in self.parsed.items()}
        content, problems = parse.collect(self.carded.values())
        return content, problems, RememberedBodies(self, settings, site_dir, config)

    def last_build(self, inputs: Any, now: datetime) -> LastBuild | None:
        last = self.last
        if last is None or inputs is None or fingerprint(inputs, stable=self.stable) != last.inputs:
            return None
        return last if last.now <= now and (last.until is None or now < last.until) else None

    def built(self, inputs: Any, last: LastBuild) -> None:
        self.last = None if inputs is None else replace(last, inputs=fingerprint(inputs, stable=self.stable))

    def recall(self, function: Callable[..., Result], *args: Any) -> Result:
        """The function's result for these arguments: the one remembered if the last call had the
        same arguments (one result is kept for each function; the caller never changes it)."""
        name = f"{function.__module__}.{function.__qualname__}"
        key = fingerprint(args, stable=self.stable)
        known = self.recalled.get(name)
        if known is not None and known[0] == key:
            return known[1]
        result = function(*args)
        self.recalled[name] = (key, result)
        return result

    def templates(self, dirs: list[Path]) -> tuple[jinja2.Environment, TemplateFacts]:
        files = templates.read_templates(dirs)
        changed = self.template_facts is not None and self.template_facts.digest != files.digest
        if self.template_facts is None or changed:
            self.template_facts = templates.template_facts(files)
        key = (tuple(dirs), files.digest)
        if self.environment is None or self.environment[0] != key:
            env = templates.environment(dirs, templates.CompiledTemplates(self.compiled))
            if changed:  # a template renamed or removed would otherwise keep its code in the cache for good
                templates.forget_compiled_except(env, self.compiled)
            self.environment = (key, env)
        return self.environment[1], self.template_facts

    def stand_ins(self, site) -> StandIns:
        return StandIns(site, stable=self.stable)

    def produce(
        self,
        jobs: Iterable[Declared],
        make: Maker,
        emit: Callable[[OutputFile], None],
        *,
        scope: Hashable = None,
        stand_ins: StandIns | None = None,
        reusable: Callable[[OutputFile], bool] | None = None,
        unordered: bool = False,
    ) -> list[Problem]:
        jobs = list(jobs)
        if not jobs:
            return []
        table = _table_of(jobs[0])
        if not unordered:
            return self.make(
                [self.plan(jobs, emit, table=table, scope=scope, stand_ins=stand_ins, reusable=reusable)], make, emit
            )
        if scope is None or stand_ins is None:
            self.outputs.pop(table, None)
            return super().produce(jobs, make, emit)
        keys = self._keys(jobs, scope, stand_ins)
        known = self.outputs.get(table, {})
        same = {path for path, key in keys.items() if key is not None and path in known and known[path][0] == key}
        plan = Plan(table, [job for job in jobs if job.path not in same], keys)
        problems: list[Problem] = []
        record = self._recorder([plan], emit, problems)

        def making(hand: Callable[[Made], None]) -> None:
            for item in make(plan.todo) if plan.todo else ():
                hand(item)  # and wait until it is taken: the files it points to may be removed next

        # What changed is made in a thread while the remembered ones are looked at: Pagefind
        # indexes the edited search shard while the thousands of files of the others are looked at.
        with Beside(making, name="beat-make") as made:
            remembered = self._keep([job for job in jobs if job.path in same], plan, known, emit, reusable)
            made.take(record)
        plan.todo = remembered  # remembered, but their files can no longer be had: made now
        return problems + self.make([plan], make, emit)

    def plan(
        self,
        jobs: Iterable[Declared],
        emit: Callable[[OutputFile], None],
        *,
        table: str,
        scope: Hashable = None,
        stand_ins: StandIns | None = None,
        reusable: Callable[[OutputFile], bool] | None = None,
    ) -> Plan:
        jobs = list(jobs)
        if scope is None or stand_ins is None:  # they may depend on anything: never remembered
            return Plan(table, jobs, dict.fromkeys(job.path for job in jobs))
        plan = Plan(table, [], self._keys(jobs, scope, stand_ins))
        plan.todo = self._keep(jobs, plan, self.outputs.get(table, {}), emit, reusable)
        return plan

    def make(self, plans: Sequence[Plan], make: Maker, emit: Callable[[OutputFile], None]) -> list[Problem]:
        todo = [job for plan in plans for job in plan.todo]
        problems: list[Problem] = []
        if todo:
            record = self._recorder(plans, emit, problems)
            for item in make(todo):
                record(item)
        for plan in plans:
            plan.todo = []
            self.outputs[plan.table] = plan.kept
        return problems

    def _recorder(
        self, plans: Sequence[Plan], emit: Callable[[OutputFile], None], problems: list[Problem]
    ) -> Callable[[Made], None]:
        """What to do with each output made for these plans: hand on its files, and remember it."""
        plan_of = {job.path: plan for plan in plans for job in plan.todo}

        def record(item: Made) -> None:
            job, files, problem = item
            plan = plan_of[job.path]
            key = plan.keys[job.path]
            # Stamped by their bytes: a page made again with the same bytes (a neighbour's new
            # word count, say) is not written again, nor is the search index of its year made again.
            stamped = [output if output.stamp is not None else replace(output, stamp=stamp_of(output.data)) for output in files]
            for output in stamped:
                emit(output)
            if problem:
                problems.append(problem)
            elif key is not None:
                plan.kept[job.path] = (key, tuple(o if self.keep_bytes else o.without_bytes() for o in stamped))

        return record

    @staticmethod
    def _keys(jobs: list[Declared], scope: Hashable, stand_ins: StandIns) -> dict[str, Hashable]:
        return {job.path: None if job.data is None else stand_ins.key(scope, job.kind, job.path, job.data) for job in jobs}

    def _keep(
        self,
        jobs: list[Declared],
        plan: Plan,
        known: dict[str, tuple[Hashable, tuple[OutputFile, ...]]],
        emit: Callable[[OutputFile], None],
        reusable: Callable[[OutputFile], bool] | None,
    ) -> list[Declared]:
        """Hand on the remembered files of these jobs that are still good and can still be had;
        the rest are to be made. `known`: the table as the last build left it."""
        todo = []
        for job in jobs:
            key = plan.keys[job.path]
            remembered = known.get(job.path)
            if key is not None and remembered and remembered[0] == key and _all_reusable(remembered[1], reusable):
                for output in remembered[1]:
                    emit(output)
                plan.kept[job.path] = remembered  # as it was: no copy without bytes needed
            else:
                todo.append(job)
        return todo

    def published(self, manifests: dict, tree: str) -> None:
        self.manifests, self.live_tree = manifests, tree

    def save(self) -> list[Problem]:
        if self.site_dir is None:
            return []
        from builder.incremental import disk  # only a memory kept on disk is saved

        return disk.save(self)


def _table_of(job: Declared) -> str:
    """Outputs are remembered by the table of their kind: pages, feeds, search shards."""
    return type(job).__name__


def _all_reusable(files: Iterable[OutputFile], reusable: Callable[[OutputFile], bool] | None) -> bool:
    return reusable is None or all(reusable(output) for output in files)

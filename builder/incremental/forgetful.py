"""What the build asks of a memory, and the build that remembers nothing.

The pipeline asks a memory to do each step that may reuse earlier work: read the sources,
parse them, compile the templates, and produce declared outputs. `Forgetful` is that interface,
and does every step afresh (`beat check`, `--no-cache`, tests); `Memory` (memory.py) reuses
what it can. The stages themselves (load, parse, index, render, feeds, search) know nothing of this.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import jinja2

from builder import load, parse, templates
from builder.bodies import KnownBodies
from builder.config import SiteConfig
from builder.incremental.keys import StandIns
from builder.model import Content, SourceFile, Story, call
from builder.outputs import OutputFile
from builder.problems import Problem
from builder.templates import TemplateFacts


class Declared(Protocol):
    """An output as the stage that makes it declares it (pages.PageJob, feeds.FeedJob, ...)."""

    @property
    def path(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def data(self) -> Any: ...


Made = tuple[Any, list[OutputFile], Problem | None]  # (job, its files, a problem)
Maker = Callable[[list], Iterable[Made]]


@dataclass(slots=True)
class Plan:
    """Declared outputs of one table, looked at: the remembered ones still good are handed on
    already (`kept`); `todo` are to be made, by `make()`, with others' if wanted."""

    table: str
    todo: list[Any]
    keys: dict[str, Hashable] = field(default_factory=dict)  # path -> key (None: never remembered)
    kept: dict[str, tuple[Hashable, tuple[OutputFile, ...]]] = field(default_factory=dict)


class Forgetful:
    """A build with no memory: every step done afresh."""

    stable = False

    def read_sources(self, site_dir: Path, config: SiteConfig) -> tuple[load.Sources, list[Problem]]:
        return load.read_sources(site_dir)

    def parse(self, sources: Sequence[SourceFile], config: SiteConfig, jobs: int, site_dir: Path):
        """(Content with story cards, problems, the Bodies that gives each card its body)."""
        return _split_bodies(parse.collect(parse.parse_all(list(sources), config, jobs)))

    def templates(self, dirs: list[Path]) -> tuple[jinja2.Environment, TemplateFacts]:
        return templates.environment(dirs), templates.template_facts(templates.read_templates(dirs))

    recall = staticmethod(call)  # see model.Recall

    def last_build(self, inputs: Any, now: datetime) -> LastBuild | None:
        """The last build, if it read exactly these inputs and the clock has changed nothing since."""
        return None

    def built(self, inputs: Any, last: LastBuild) -> None:
        """A build that read `inputs` has just published."""

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
        """Make every declared output and hand its files to `emit`.

        `scope`: what every one of them depends on besides its own data (None: they may depend
        on anything, and are never reused); `reusable`: whether a remembered file can still be had;
        `unordered`: their files may be handed on in any order (no two can claim one path), so
        the outputs to make are started before the remembered ones are looked at.
        """
        problems = []
        for _, files, problem in make(list(jobs)):
            for output in files:
                emit(output)
            if problem:
                problems.append(problem)
        return problems

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
        """produce() in two steps: what is remembered and still good is handed to `emit` now,
        the rest is made by make(), which may make several plans' outputs in one go (pages
        rendered by workers while this process renders others: storypages.py). `table`: where
        they are remembered (one table a plan)."""
        return Plan(table, list(jobs))

    def make(self, plans: Sequence[Plan], make: Maker, emit: Callable[[OutputFile], None]) -> list[Problem]:
        """Make the outputs the plans left to make, in the plans' order, and remember them."""
        return Forgetful.produce(self, [job for plan in plans for job in plan.todo], make, emit)

    def stand_ins(self, site) -> StandIns | None:
        return None

    manifests: dict | None = None  # what the output trees hold, as remembered (see write.py): nothing

    def published(self, manifests: dict, tree: str) -> None:
        """The output trees as the build that has just published left them."""

    def save(self) -> list[Problem]:
        return []


@dataclass(frozen=True, slots=True)
class LastBuild:
    """What a build that published reported, and until when its inputs make the same build."""

    inputs: Hashable  # the fingerprint of its inputs (see builder/inputs.py)
    now: datetime
    until: datetime | None  # the first moment a story or correction dated after `now` changes a build
    problems: tuple[Problem, ...]
    counts: tuple[int, int, int, int]  # stories, tags, departments, pages


def _split_bodies(collected: tuple[Content, list[Problem]]):
    content, problems = collected
    stories = [story for story in content.stories if isinstance(story, Story)]
    cards = replace(content, stories=tuple(story.card for story in content.stories))
    return cards, problems, KnownBodies(stories)

"""Memory.produce: what it remembers, and in which order it makes and looks."""

from __future__ import annotations

import threading
from typing import Any, NamedTuple

from builder.incremental.memory import Memory
from builder.model import Site
from builder.outputs import OutputFile

EMPTY_SITE = Site(stories=(), departments={}, tags={}, pages=(), story_department={}, story_tags={})


class Job(NamedTuple):
    path: str
    data: Any
    kind: str = "test"


def _produce(memory: Memory, jobs: list[Job], events: list[str], *, unordered: bool, gone: frozenset[str] = frozenset()):
    """One build's produce: `events` records each file looked at and each job made; the files
    under `gone` are no longer in the output tree."""

    def make(todo: list[Job]):
        for job in todo:
            events.append(f"make {job.path}")
            yield job, [OutputFile(f"{job.path}file", job.data.encode(), owner=job.path)], None

    def reusable(output: OutputFile) -> bool:
        events.append(f"look {output.path}")
        return output.path not in gone

    emitted: list[str] = []
    problems = memory.produce(
        jobs,
        make,
        lambda output: emitted.append(output.path),
        scope="scope",
        stand_ins=memory.stand_ins(EMPTY_SITE),
        reusable=reusable,
        unordered=unordered,
    )
    assert problems == []
    return emitted


def test_in_order_the_remembered_outputs_are_looked_at_and_handed_on_then_the_others_made():
    memory = Memory(stable=True)
    _produce(memory, [Job("a/", "1"), Job("b/", "1"), Job("c/", "1")], [], unordered=False)
    events: list[str] = []
    emitted = _produce(memory, [Job("a/", "1"), Job("b/", "2"), Job("c/", "1")], events, unordered=False)
    assert events == ["look a/file", "look c/file", "make b/"]
    assert emitted == ["a/file", "c/file", "b/file"]


def test_unordered_what_changed_is_made_while_the_remembered_outputs_are_looked_at():
    """Pagefind indexes the edited search shard while the other shards' files are looked at:
    here the making waits until a file is looked at, and the looking until the making has
    begun, so one done after the other never ends."""
    memory = Memory(stable=True)
    _produce(memory, [Job("a/", "1"), Job("b/", "1"), Job("c/", "1")], [], unordered=True)
    making, looking = threading.Event(), threading.Event()
    events: list[str] = []

    def make(todo: list[Job]):
        making.set()
        assert looking.wait(timeout=60), "the remembered outputs were not looked at while this one was made"
        for job in todo:
            events.append(f"make {job.path}")
            yield job, [OutputFile(f"{job.path}file", job.data.encode(), owner=job.path)], None

    def reusable(output: OutputFile) -> bool:
        assert making.wait(timeout=60), "the outputs to make were not started before the remembered ones were looked at"
        looking.set()
        events.append(f"look {output.path}")
        return True

    emitted: list[str] = []
    jobs = [Job("a/", "1"), Job("b/", "2"), Job("c/", "1")]
    stand_ins = memory.stand_ins(EMPTY_SITE)
    problems = memory.produce(
        jobs,
        make,
        lambda output: emitted.append(output.path),
        scope="scope",
        stand_ins=stand_ins,
        reusable=reusable,
        unordered=True,
    )
    assert problems == []
    assert sorted(events) == ["look a/file", "look c/file", "make b/"]
    assert emitted == ["a/file", "c/file", "b/file"], "handed on in one order: the remembered ones, then the one made"


def test_a_remembered_output_whose_file_is_gone_is_made_again_and_remembered():
    for unordered in (True, False):
        memory = Memory(stable=True)
        jobs = [Job("a/", "1"), Job("b/", "1")]
        _produce(memory, jobs, [], unordered=unordered)
        events: list[str] = []
        emitted = _produce(memory, jobs, events, unordered=unordered, gone=frozenset({"a/file"}))
        assert events == ["look a/file", "look b/file", "make a/"]
        assert sorted(emitted) == ["a/file", "b/file"]
        events = []
        _produce(memory, jobs, events, unordered=unordered)
        assert events == ["look a/file", "look b/file"]  # both remembered again: nothing made

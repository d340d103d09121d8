"""Memory.produce: what it remembers, and in which order it makes and looks."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest

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


@pytest.mark.parametrize(
    ("unordered", "expected", "handed_on"),
    [
        # What changed first: Pagefind starts at once.
        (True, ["make b/", "look a/file", "look c/file"], ["b/file", "a/file", "c/file"]),
        # Otherwise: the remembered ones in their order as they are looked at, then those made.
        (False, ["look a/file", "look c/file", "make b/"], ["a/file", "c/file", "b/file"]),
    ],
)
def test_outputs_to_make_are_made_before_remembered_ones_are_looked_at_only_when_unordered(unordered, expected, handed_on):
    memory = Memory(stable=True)
    _produce(memory, [Job("a/", "1"), Job("b/", "1"), Job("c/", "1")], [], unordered=unordered)
    events: list[str] = []
    emitted = _produce(memory, [Job("a/", "1"), Job("b/", "2"), Job("c/", "1")], events, unordered=unordered)
    assert events == expected
    assert emitted == handed_on


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

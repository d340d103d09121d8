"""builder/beside.py: work in a thread whose outputs the build's thread takes, in order."""

from __future__ import annotations

import threading

import pytest

from builder.beside import Beside

WAIT = 30  # seconds: only ever reached when the behaviour under test is broken


def test_items_reach_the_callers_thread_in_order_and_the_result_comes_back():
    def work(hand):
        for number in range(5):
            hand(number)
        return "done"

    taken = []
    with Beside(work) as beside:
        result = beside.take(lambda item: taken.append((item, threading.current_thread())))
    assert result == "done"
    assert [item for item, _ in taken] == [0, 1, 2, 3, 4]
    assert {thread for _, thread in taken} == {threading.current_thread()}


def test_the_work_runs_while_the_caller_does_something_else():
    started = threading.Event()

    def work(hand):
        started.set()
        hand("made")

    with Beside(work) as beside:
        # Nothing is taken yet: the work has started all the same.
        assert started.wait(WAIT)
        assert beside.take(lambda item: None) is None


def test_the_work_waits_until_its_item_is_taken():
    """A handed item may point at a temporary file the work removes next: it must not go on early."""
    went_on = threading.Event()

    def work(hand):
        hand("first")
        went_on.set()

    seen = []

    def emit(item):
        seen.append((item, went_on.is_set()))

    with Beside(work) as beside:
        beside.take(emit)
    assert seen == [("first", False)]
    assert went_on.is_set()


def test_items_not_waited_for_are_queued_and_still_taken_in_order():
    handed_all = threading.Event()

    def work(hand):
        for number in range(3):
            hand(number, wait=False)
        handed_all.set()
        hand("last")  # waited for: taken after those before it

    with Beside(work) as beside:
        assert handed_all.wait(WAIT), "the work went on without anything taken"
        taken = []
        beside.take(taken.append)
    assert taken == [0, 1, 2, "last"]


def test_an_exception_of_the_work_is_raised_by_take():
    def work(hand):
        hand(1)
        raise ValueError("broken")

    taken = []
    with Beside(work) as beside, pytest.raises(ValueError, match="broken"):
        beside.take(taken.append)
    assert taken == [1]


def test_leaving_without_taking_stops_the_work_and_waits_for_it():
    handing = threading.Event()
    finished = threading.Event()
    reached_the_end = []

    def work(hand):
        try:
            handing.set()
            hand(1)
            hand(2)
            reached_the_end.append(True)
        finally:
            finished.set()

    with pytest.raises(RuntimeError), Beside(work):
        assert handing.wait(WAIT)
        raise RuntimeError("the build failed")
    # Left: the work has ended (joined), at its hand-over, without going on to the end.
    assert finished.is_set()
    assert reached_the_end == []
    assert not [thread for thread in threading.enumerate() if thread.name == "beat-beside"]

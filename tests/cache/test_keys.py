"""builder/incremental/keys.py: equal data, equal keys; any change in the data, another key."""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime

from builder.incremental.keys import StandIns
from builder.model import Rows, Site

WHEN = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


def empty_site() -> Site:
    return Site(stories=(), departments={}, tags={}, pages=(), by_year={})


def rows(*, title: str = "Ducklings", tags: tuple = (("animals", "Animals"),), when: datetime = WHEN) -> Rows:
    return Rows(("ducks", title, when, None, ("cedar", "Cedar Point Police"), tags) for _ in range(300))


def key(data, stand_ins: StandIns | None = None) -> bytes:
    return (stand_ins or StandIns(empty_site(), stable=True)).key("scope", "open data", "data/stories.json", {"stories": data})


def test_rows_equal_in_value_have_one_key_from_one_build_to_the_next():
    assert key(rows()) == key(rows())


def test_a_change_anywhere_in_the_rows_changes_the_key():
    reference = key(rows())
    assert key(rows(title="Ducklings!")) != reference
    assert key(rows(tags=(("animals", "Animal"),))) != reference  # a tag's title, two levels down
    assert key(rows(when=WHEN.replace(minute=31))) != reference
    assert key(Rows(list(rows())[:-1])) != reference  # one row fewer


def test_rows_and_a_plain_tuple_of_the_same_rows_have_one_key():
    """Pickled whole or walked value by value, the rows stand for the same thing."""
    plain = tuple(rows())
    assert StandIns(empty_site(), stable=True).of(plain) == StandIns(empty_site(), stable=True).of(rows())


class CountingStandIns(StandIns):
    def __init__(self, site: Site):
        super().__init__(site, stable=True)
        self.calls = 0

    def of(self, value):
        self.calls += 1
        return super().of(value)


def test_rows_are_stood_for_by_their_pickle_not_walked_value_by_value():
    """The open data's 10,000 rows, walked, took 0.2 s of every edit (a Rows is a tuple, and was
    taken for one)."""
    stand_ins = CountingStandIns(empty_site())
    key(rows(), stand_ins)
    assert stand_ins.calls <= 3  # the data, its mapping's one value: not 300 rows of 6 values


def test_keys_made_on_two_threads_at_once_are_the_keys_made_on_one():
    stand_ins = StandIns(empty_site(), stable=True)
    datas = [rows(title=f"Story {n}") for n in range(40)]
    alone = [key(data) for data in datas]
    results: dict[int, list] = {}

    def make(worker: int) -> None:
        results[worker] = [key(data, stand_ins) for data in datas]

    threads = [threading.Thread(target=make, args=(worker,)) for worker in range(2)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as CPython can: in the middle of a pickling
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert results[0] == alone and results[1] == alone

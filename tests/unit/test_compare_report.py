"""benchmarks/compare.py's table of targets gives each round's figure beside the medians': on a
machine whose speed drifts, a target met on the medians may hold in one round of three."""

from __future__ import annotations

from types import SimpleNamespace

from tests.unit.compare_script import compare


def results_of(figures: dict[tuple[str, str], list[float]]) -> compare.Results:
    results = compare.Results()
    for (tool, scenario), seconds in figures.items():
        for value in seconds:
            results.add(tool, scenario, compare.Measure(value, 100.0, 120.0))
    return results


def target_row(lines: list[str], label: str) -> list[str]:
    row = next(line for line in lines if f"| {label} |" in line)
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_each_round_is_shown_with_how_many_met():
    tools = [SimpleNamespace(key=key, name=compare.TOOL_NAMES[key], version="") for key in ("beat", "hugo")]
    results = results_of(
        {
            ("beat", "cold"): [23.2, 28.9, 30.8],
            ("beat", "warm"): [0.75, 0.86, 0.69],
            ("beat", "edit"): [1.59, 2.04, 2.39],
            ("hugo", "cold"): [10.0, 12.0, 16.0],
            ("hugo", "warm"): [13.9, 19.6, 18.0],
            ("hugo", "edit"): [13.1, 17.0, 16.1],
        }
    )
    lines = compare.report(tools, results, {"beat": 12432, "hugo": 12371}, "header")

    edit = target_row(lines, "rebuild after one edit")
    assert edit[3] == "0.170x"  # the medians: 2.04 / 12.0
    assert edit[4] == "0.159x, 0.170x, 0.149x (1 of 3 met)"
    assert edit[6] == "missed"
    warm = target_row(lines, "first rebuild, nothing changed")
    assert warm[4] == "0.075x, 0.072x, 0.043x (3 of 3 met)"
    assert warm[6] == "met"

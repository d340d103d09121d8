"""Every story under the size limit is converted, or refused with a clear `path: error:`, in a
bounded time: the shapes that made Python-Markdown slow or deep (issue 10), each as one story.

The bound is on processor time, which a busy machine hardly changes (wall time on two shared
cores can be five times longer): quiet, each build here took 0.8-3.9 CPU-seconds, about 0.8 of
them Python starting and the good story; before issue 10, 20,000 short paragraphs took 5.5 s,
30,000 took 10 s and 20,000 unclosed "[" 52 s. The suite's timeout stays as the guard against a
build that waits for ever (which costs no processor time)."""

from __future__ import annotations

import pytest

from tests.conftest import story

CASES = {
    "20,000 short paragraphs": "\n\n".join(f'Paragraph {n} with "quotes" and an apostrophe\'s.' for n in range(20_000)),
    "20,000 links": " ".join(f"[link {n}](https://example.org/{n})" for n in range(20_000)),
    "20,000 unclosed [": "[" * 20_000,
    "20,000 `[": "`[" * 20_000,
    "4,000 nested brackets": "[" * 4_000 + "]" * 4_000,
    "100,000 *": "*" * 100_000,
    "a million &": "&" * 1_000_000,
    "100,000 <": "<" * 100_000,
    "quotes 5,000 deep": "> " * 5_000 + "x",
    "lists 5,000 deep": "\n".join("    " * n + "- item" for n in range(5_000)),
    "a 50,000-row table": "| a | b |\n| --- | --- |\n" + "\n".join(f"| {n} | x |" for n in range(50_000)),
    "a 5 MB line": "word " * 1_000_000,
    "3,000 footnotes": "\n\n".join(f"Text[^{n}]." for n in range(3_000))
    + "\n\n"
    + "\n".join(f"[^{n}]: Note {n}." for n in range(3_000)),
}


CPU_SECONDS = 8.0  # for the whole `beat build`; the bound is about 5 s for one file


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_pathological_story_is_converted_or_refused_quickly(make_site, case):
    site = make_site({"content/stories/odd.md": story(title="Odd", body=CASES[case]), "content/stories/fine.md": story()})
    result = site.cli("build")
    assert "Traceback" not in result.stderr
    assert result.cpu_seconds < CPU_SECONDS, f"{result.cpu_seconds:.1f} CPU-seconds"
    if result.returncode == 0:
        assert (site.public / "stories/odd/index.html").is_file()
    else:
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert result.returncode == 1 and errors and all(line.startswith("content/stories/odd.md") for line in errors), (
            result.stderr
        )

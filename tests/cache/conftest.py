"""Fixtures shared by the cache tests."""

from __future__ import annotations

import pytest

from builder import render
from builder.pages import PageJob


class Rendered:
    """The pages rendered in this process, in order (a small site renders none in workers)."""

    def __init__(self) -> None:
        self.jobs: list[PageJob] = []

    def paths(self, template: str) -> list[str]:
        return [job.path for job in self.jobs if job.template == template]

    def clear(self) -> None:
        self.jobs.clear()


@pytest.fixture
def rendered(monkeypatch) -> Rendered:
    log = Rendered()
    real = render.Renderer.render

    def render_logged(self, job, data=None):
        log.jobs.append(job)
        return real(self, job, data)

    monkeypatch.setattr(render.Renderer, "render", render_logged)
    return log

"""The real `beat serve`, started as a subprocess on a free port, for tests that talk HTTP to it."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SiteFixture, story

SERVING = re.compile(r"Serving http://127\.0\.0\.1:(\d+)/")
REBUILT = re.compile(r"pages rewritten|not rebuilt|not built yet")  # the line every build ends with


class RunningServer:
    def __init__(self, site: SiteFixture, *args: str):
        self.site = site
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "builder", "serve", "--port", "0", *args],
            cwd=site.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._new_line = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.port = int(self.wait_for_line(SERVING).group(1))

    def _read(self) -> None:
        for line in self.process.stdout:
            with self._new_line:
                self.lines.append(line.rstrip("\n"))
                self._new_line.notify_all()

    def wait_for_line(self, pattern: re.Pattern | str, start: int = 0, timeout: float = 10) -> re.Match:
        """The first output line from index `start` on that matches."""
        pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        with self._new_line:
            while True:
                for line in self.lines[start:]:
                    if match := pattern.search(line):
                        return match
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"no line matching {pattern.pattern!r} in:\n" + "\n".join(self.lines))
                self._new_line.wait(remaining)

    def request(self, path: str, host: str | None = None, method: str = "GET") -> tuple[int, dict, bytes]:
        """A raw request: http.client sends the path exactly as given (urllib would normalise it)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host or f"127.0.0.1:{self.port}")
            connection.endheaders()
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, str]:
        status, _, body = self.request(path)
        return status, body.decode("utf-8", "replace")

    def epoch(self) -> int:
        _, page = self.get("/")
        return int(re.search(r"events\?epoch=(\d+)", page).group(1))

    def rebuilds(self) -> int:
        return sum(1 for line in self.lines if re.search(REBUILT, line))

    def wait_for_rebuild(self, after: int, timeout: float = 10) -> str:
        """Wait until more than `after` rebuild lines were printed; return the newest."""
        deadline = time.monotonic() + timeout
        while self.rebuilds() <= after:
            if time.monotonic() > deadline:
                raise AssertionError("no rebuild in:\n" + "\n".join(self.lines))
            time.sleep(0.01)
        return [line for line in self.lines if re.search(REBUILT, line)][-1]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def preview_site(make_site) -> SiteFixture:
    return make_site(
        {
            "content/stories/first.md": story(title="First Story", date="2026-01-01", tags=["alpha"]),
            "content/stories/second.md": story(title="Second Story", date="2026-02-01", tags=["alpha", "beta"]),
            "content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
        }
    )


@pytest.fixture
def server(preview_site) -> Iterator[RunningServer]:
    running = RunningServer(preview_site)
    yield running
    running.stop()


def write_atomically(path: Path, text: str) -> None:
    """Save the way many editors do: a temporary file, then a rename over the original."""
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)

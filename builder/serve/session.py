"""`beat serve`: build in memory, serve, watch, rebuild what changed, tell the browsers."""

from __future__ import annotations

import contextlib
import errno
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder import search
from builder.config import SiteConfig
from builder.incremental import Memory
from builder.model import Site
from builder.pipeline import BuildOptions, BuildResult, build
from builder.problems import Problem, error
from builder.serve import storyfirst
from builder.serve.indexer import SearchIndexer
from builder.serve.server import PreviewServer
from builder.serve.state import PreviewState, report_maker
from builder.serve.watcher import ChangeCollector, Watcher

PORT_ATTEMPTS = 10


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000  # 0: any free port
    drafts: bool = False
    future: bool = False
    open_browser: bool = False
    jobs: int = 1  # worker processes for parsing (the first build, and large changes)


class PortInUse(Exception):
    pass


class PreviewSession:
    """Owns the cache, the served state and the rebuild loop. The server and watcher only
    call into it; the build itself is the same pipeline as `beat build`."""

    def __init__(self, site_dir: Path, options: ServeOptions, say: Callable[[str], None]):
        self.site_dir = site_dir
        self.options = options
        self.say = say
        self.memory = Memory()
        self.state = PreviewState()
        self.indexer = SearchIndexer(self.state, say)
        self.indexed_site: Site | None = None  # the site of the pages being served, if it has search
        self.last_good: tuple[Site, SiteConfig] | None = None  # the index and config of the last build, if it succeeded
        self.collector = ChangeCollector(site_dir)
        self.stop_requested = threading.Event()
        self.server: PreviewServer | None = None
        self.base_url = ""

    def bind(self) -> None:
        self.server = _bind(self.options, self.state, self.say)
        host = self.options.host if self.options.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        self.base_url = f"http://{host}:{self.server.server_address[1]}/"

    def rebuild(self, changed: set[str] | None = None) -> BuildResult:
        started = time.perf_counter()
        if changed:
            self._story_first(changed, started)
            self.memory.forget(changed)
        options = BuildOptions(
            write=False,
            drafts=self.options.drafts,
            future=self.options.future,
            base_url=self.base_url,
            memory=self.memory,
            jobs=self.options.jobs,
            search=False,  # made after the pages, by the indexer: the reload does not wait for it
        )
        try:
            result = build(self.site_dir, options)
        except Exception as exc:  # noqa: BLE001 - nothing a rebuild meets may end the preview
            # The memory may hold part of what the failed build began: the next build starts afresh.
            self.memory = Memory()
            result = BuildResult(problems=[_unexpected(exc, self.site_dir)], ok=False)
        self.last_good = (result.site, result.config) if result.ok and result.site and result.config else None
        previous = self.state.snapshot.files
        files = {output.path: output for output in result.outputs} if result.ok else None
        if files is not None:
            self.indexed_site = result.site if result.config and result.config.search else None
            if self.indexed_site is not None:
                # Until the indexer has indexed these pages, the last index is served.
                files.update((path, output) for path, output in previous.items() if path.startswith(f"{search.INDEX_DIR}/"))
        snapshot = self.state.publish(files, tuple(result.problems), report=report_maker(result))
        if self.indexed_site is not None:
            # After a failed build too: the last good pages are served on, and need their index.
            self.indexer.request(self.indexed_site, snapshot.epoch)
        elapsed = (time.perf_counter() - started) * 1000
        for problem in result.problems:
            self.say(str(problem))
        what = (
            ", ".join(sorted(changed)[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
            if changed
            else "first build"
        )
        if result.ok:
            rewritten = sum(1 for path in self.state.changed_in(snapshot.epoch) or () if path.endswith(".html"))
            self.say(f"{what}: {rewritten} pages rewritten in {elapsed:.0f} ms")
        elif snapshot.built:
            self.say(f"{what}: not rebuilt, serving the last good version ({elapsed:.0f} ms)")
        else:
            count = sum(1 for problem in result.problems if problem.is_error)
            self.say(
                f"{what}: not built yet: {count} problem{'s' if count != 1 else ''}; "
                f"showing them on every page until they are fixed ({elapsed:.0f} ms)"
            )
        return result

    def _story_first(self, changed: set[str], started: float) -> None:
        """One story saved, and the last build good: its page is served first (storyfirst.py)."""
        if len(changed) != 1 or self.last_good is None:
            return
        (relative,) = changed
        try:
            page = storyfirst.story_page(self.site_dir, relative, *self.last_good, self.memory)
        except Exception:  # noqa: BLE001 - the rebuild that follows reports whatever this met
            return
        current = self.state.snapshot
        if page is None or page.data == getattr(current.files.get(page.path), "data", None):
            return
        self.state.publish({**current.files, page.path: page}, current.problems, current.report)
        self.say(f"{relative}: its page shown in {(time.perf_counter() - started) * 1000:.0f} ms; rebuilding the rest")

    def run(self) -> None:
        """Serve until `stop_requested` is set or Ctrl-C; leaves no threads or files behind."""
        assert self.server is not None, "bind() first"
        watcher = Watcher(self.site_dir, self.collector)
        watcher.start()
        self.indexer.start()
        thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        thread.start()
        try:
            self.rebuild()
            self.say(f"Serving {self.base_url} (Ctrl-C to stop)")
            if self.options.open_browser:
                webbrowser.open(self.base_url)
            while not self.stop_requested.is_set():
                changed = self.collector.wait(self.stop_requested)
                if changed:
                    self.rebuild(changed)
                    try:
                        watcher.watch_new_folders()
                    except OSError as exc:  # a new folder that cannot be watched: the next rebuild still reads it
                        self.say(f"cannot watch a new folder for changes: {exc}")
        except KeyboardInterrupt:
            self.say("Stopping.")
        finally:
            self.state.close()
            self.server.shutdown()
            self.server.server_close()
            thread.join(timeout=2)
            watcher.stop()
            self.indexer.stop()


def serve(site_dir: Path, options: ServeOptions, say: Callable[[str], None] = print) -> int:
    session = PreviewSession(site_dir, options, say)
    session.bind()
    session.run()
    return 0


def _bind(options: ServeOptions, state: PreviewState, say: Callable[[str], None]) -> PreviewServer:
    allowed = {options.host} if options.host not in ("127.0.0.1", "localhost") else set()
    attempts = 1 if options.port == 0 else PORT_ATTEMPTS
    for port in range(options.port, options.port + attempts):
        try:
            server = PreviewServer((options.host, port), state, allowed)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            continue
        if port != options.port:
            say(f"Port {options.port} is in use; using {port} instead.")
        if options.host not in ("127.0.0.1", "localhost", "::1"):
            say(f"Warning: serving on {options.host}, reachable from other machines on the network.")
        for name in (options.host,):
            server.allowed_hosts.add(f"{name}:{server.server_address[1]}")
        return server
    raise PortInUse(f"ports {options.port} to {options.port + attempts - 1} are all in use; choose one with --port")


def _unexpected(exc: Exception, site_dir: Path) -> Problem:
    """A failure of the machine (a folder that cannot be read, a drive gone) or of Beat itself,
    as a problem for the banner and the terminal: where it happened, what it was."""
    if isinstance(exc, OSError) and exc.filename:
        where = Path(exc.filename)
        with contextlib.suppress(OSError, ValueError, RuntimeError):
            where = where.resolve().relative_to(site_dir.resolve())
        return error(where.as_posix(), f"cannot be read: {exc.strerror or exc}; the preview reads it again on the next save")
    frames = traceback.extract_tb(exc.__traceback__)
    at = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return error(
        "beat serve",
        f"the rebuild stopped on {type(exc).__name__}: {exc}{at}; the next save tries again",
    )

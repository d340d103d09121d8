"""HTTP for the preview: the latest good build from memory, live reload, and a problems banner.

Requests are answered from a `Snapshot`, an immutable map of output paths, replaced whole after
each rebuild: a request never sees half a build, and no request path ever reaches the file
system (only paths the build produced can be served, so `..`, encoded slashes and symlinks
lead nowhere). Until a first build succeeds, every page is a list of the problems, with the
live-reload script, so the tab turns into the site when they are fixed.

Connections are bounded: a request must arrive whole within REQUEST_SECONDS of the moment the
server starts waiting for it (an idle kept-alive connection, or one sending its headers a byte
at a time, is closed), and at most MAX_CONNECTIONS are served at once, each on its own thread;
past that a client gets a quick 503. Live-reload streams read nothing after their request, so
the deadline does not end them; they count towards the cap.
"""

from __future__ import annotations

import html
import io
import mimetypes
import re
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from builder.outputs import OutputFile
from builder.problems import Problem
from builder.serve.state import PreviewState, Snapshot, lookup

EVENTS_PATH = "/__beat/events"
REPORT_PATH = "/_beat/report/"  # the archive report (beat report), made when asked for; never published
KEEPALIVE_SECONDS = 10.0
REQUEST_SECONDS = 5.0  # from waiting for a request to having its headers: idle and slow clients are closed
WRITE_SECONDS = 10.0  # a client that reads nothing of a response for this long is gone
MAX_CONNECTIONS = 100  # each is a thread; a browser opens about 6 a site, plus one live-reload stream a tab
BUSY_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 38\r\n"
    b"Retry-After: 1\r\nConnection: close\r\n\r\ntoo many connections; try again soon\r\n"
)
_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
TYPES = {".xml": "application/xml", ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json"}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # a client that never hangs up must not keep the process alive
    allow_reuse_address = True
    request_queue_size = 64  # many tabs reconnecting at once after a rebuild

    def __init__(self, address: tuple[str, int], state: PreviewState, allowed_hosts: set[str]):
        super().__init__(address, PreviewHandler)
        self.state = state
        self.connection_slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.allowed_hosts = allowed_hosts | {f"{name}:{self.server_address[1]}" for name in ("127.0.0.1", "localhost", "[::1]")}

    def process_request(self, request, client_address) -> None:
        # Each connection is a thread: past the cap, a short answer from the accepting thread
        # itself, rather than thousands of threads waiting on clients that send nothing.
        if not self.connection_slots.acquire(blocking=False):
            try:
                request.settimeout(0)  # a fresh socket's send buffer takes these bytes at once, or they are dropped
                request.send(BUSY_RESPONSE)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.connection_slots.release()  # no thread was started to release it
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connection_slots.release()

    def handle_error(self, request, client_address) -> None:
        # A browser that closes a tab mid-response is normal; the terminal stays for rebuilds.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _RequestDeadline(io.RawIOBase):
    """The connection's reading side, with one deadline for a whole request line and its
    headers: a socket timeout alone restarts with every byte, so a client sending one byte
    every few seconds would hold its thread for ever."""

    def __init__(self, connection: socket.socket):
        self.connection = connection
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.deadline is not None:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the request did not arrive in time")
            self.connection.settimeout(remaining)
        return self.connection.recv_into(buffer)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "BeatPreview"
    # Headers and body go out in separate writes; with Nagle's algorithm and delayed ACKs a
    # kept-alive connection would wait about 40 ms on every response.
    disable_nagle_algorithm = True
    protocol_version = "HTTP/1.1"
    timeout = WRITE_SECONDS  # the socket's timeout (set in setup()); reading a request has its own deadline

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the plain reader setup() made: it would keep the socket open after close()
        self._reading = _RequestDeadline(self.connection)
        self.rfile = io.BufferedReader(self._reading)

    def handle_one_request(self) -> None:
        # Waiting for the next request on a kept-alive connection counts too: idle ones close.
        self._reading.deadline = time.monotonic() + REQUEST_SECONDS
        super().handle_one_request()

    def parse_request(self) -> bool:
        parsed = super().parse_request()  # reads the headers
        self._reading.deadline = None
        self.connection.settimeout(self.timeout)
        return parsed

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal is for rebuilds and problems, not for every request

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        # A page elsewhere can point its own name at 127.0.0.1 (DNS rebinding); only our names pass.
        if self.headers.get("Host", "") not in self.server.allowed_hosts:
            self._send_text(HTTPStatus.BAD_REQUEST, "unknown Host header\n", head)
            return
        parts = urlsplit(self.path)
        if parts.path == EVENTS_PATH:
            self._events(parts.query)
            return
        snapshot = self.server.state.snapshot
        if parts.path in (REPORT_PATH, REPORT_PATH.rstrip("/")):
            self._send_report(snapshot, parts.path, head)
            return
        if not snapshot.built:
            self._send_problems_page(snapshot, head)
            return
        found = lookup(snapshot.files, parts.path) or lookup(snapshot.superseded, parts.path)
        if isinstance(found, str):  # a folder asked for without its slash
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", found + (f"?{parts.query}" if parts.query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        if found is None:
            status, found = HTTPStatus.NOT_FOUND, snapshot.files.get("404.html")
            if found is None:
                self._send_text(status, "Not found\n", head)
                return
        data = _contents(found)
        if data is None:  # a media file removed since the last build
            self._send_text(HTTPStatus.NOT_FOUND, "Not found\n", head)
            return
        content_type = _content_type(found.path)
        if content_type.startswith("text/html"):
            data = _decorate(data, snapshot)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _events(self, query: str) -> None:
        """Server-Sent Events: `reload` as soon as the page the client shows (`path`) would look
        different; without a path, as soon as anything in the site changed."""
        state = self.server.state
        asked = parse_qs(query)
        try:
            known = int(asked.get("epoch", ["0"])[0])
        except ValueError:
            known = 0
        path = asked.get("path", [None])[0]
        if path is not None and urlsplit(path).path.rstrip("/") == REPORT_PATH.rstrip("/"):
            path = None  # the report is made anew for each build: every build may change it
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not state.closing.is_set():
                epoch = state.wait_for_epoch_after(known, KEEPALIVE_SECONDS)
                if state.closing.is_set():
                    return
                if epoch != known and (path is None or state.shows_differently(known, epoch, path)):
                    self.wfile.write(f"event: reload\ndata: {epoch}\n\n".encode())
                    self.wfile.flush()
                    return  # the page reloads and opens a new stream
                if epoch != known:
                    known = epoch  # nothing this page shows changed: it waits for the next build
                    continue
                self.wfile.write(b": keep-alive\n\n")  # finds clients that went away
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _send_problems_page(self, snapshot: Snapshot, head: bool) -> None:
        """Every page, before a first build succeeded. 503 rather than 200: the page asked for
        is not there yet, only for now (a 404 would say it does not exist), and nothing that
        checks statuses (a link checker, a script, a test) mistakes the problems for the page."""
        self._send_fresh_html(HTTPStatus.SERVICE_UNAVAILABLE, problems_page(snapshot), head)

    def _send_report(self, snapshot: Snapshot, path: str, head: bool) -> None:
        if not path.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", REPORT_PATH)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if snapshot.report is None:
            self._send_text(
                HTTPStatus.SERVICE_UNAVAILABLE, "The report is made after the first build; reload in a moment.\n", head
            )
            return
        page = snapshot.report()
        match = _BODY_END.search(page)  # the report reloads with the site, like any page
        data = page[: match.start()] + reload_script(snapshot.epoch) + page[match.start() :] if match else page
        self._send_fresh_html(HTTPStatus.OK, data, head)

    def _send_fresh_html(self, status: HTTPStatus, data: bytes, head: bool) -> None:
        """A page the preview makes for this moment (problems, the report): never cached."""
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _send_text(self, status: HTTPStatus, text: str, head: bool) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)


def _contents(output: OutputFile) -> bytes | None:
    if output.copy_from is None:
        return output.data
    try:
        return output.copy_from.read_bytes()
    except OSError:
        return None


def _content_type(path: str) -> str:
    suffix = path[path.rfind(".") :] if "." in path else ""
    kind = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/xml", "application/json", "image/svg+xml"):
        kind += "; charset=utf-8"
    return kind


def reload_script(epoch: int) -> bytes:
    """The live-reload client: it says which build and which page it shows, and reloads when told."""
    return (
        b"<script>new EventSource("
        + f'"{EVENTS_PATH}?epoch={epoch}&path=" + encodeURIComponent(location.pathname)'.encode()
        + b').addEventListener("reload", function () { location.reload(); });</script>'
    )


def problems_banner(problems: tuple[Problem, ...], built: bool = True) -> bytes:
    errors = [p for p in problems if p.is_error]
    if not built:
        heading = "Beat could not build the site yet. Fix these problems and save: this page turns into the site."
    elif errors:
        heading = "Beat could not build the site; this is the last version that built."
    else:
        heading = "Beat built the site with warnings."
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    return (
        '<div id="beat-problems" role="alert" style="position:relative;z-index:2147483647;margin:0;'
        "padding:1rem 1.25rem;background:#fff4e5;color:#3d2100;border-bottom:3px solid #b45309;"
        'font:16px/1.5 system-ui,sans-serif">'
        f'<p style="margin:0 0 .5rem;font-weight:bold">{html.escape(heading)}</p>'
        f'<ul style="margin:0;padding-left:1.25rem">{items}</ul>'
        f'<p style="margin:.5rem 0 0"><a href="{REPORT_PATH}" style="color:#3d2100">The report of the whole archive</a></p></div>'
    ).encode()


def problems_page(snapshot: Snapshot) -> bytes:
    """What every address shows before the site was ever built: the banner, and the script
    that reloads the tab when a build is served."""
    return (
        b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        b'<meta name="viewport" content="width=device-width, initial-scale=1">'
        b'<title>Not built yet: Beat preview</title></head><body style="margin:0">'
        + problems_banner(snapshot.problems, built=False)
        + reload_script(snapshot.epoch)
        + b"</body></html>\n"
    )


def _decorate(page: bytes, snapshot: Snapshot) -> bytes:
    """Add the live-reload script, and the problems banner when there are problems."""
    if snapshot.problems:
        match = _BODY_TAG.search(page)
        at = match.end() if match else 0
        page = page[:at] + problems_banner(snapshot.problems) + page[at:]
    script = reload_script(snapshot.epoch)
    match = _BODY_END.search(page)
    return page[: match.start()] + script + page[match.start() :] if match else page + script

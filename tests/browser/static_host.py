"""A small static web host for built sites, run in a thread of the test process.

It behaves like a real host: a folder's `index.html` answers for the folder (and a folder asked
for without its slash is redirected to it), a missing path gets the site's own `404.html` with
status 404, and every file type the site publishes, Pagefind's included, gets its content type.
A site can be published under a path (`/archive/`): nothing outside that path exists.
"""

from __future__ import annotations

import http.server
import posixpath
import sys
import threading
import urllib.parse
from pathlib import Path

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    # Pagefind's index, fragments, filters, metadata and its wasm file (wasm.en.pagefind)
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}


class StaticHost(http.server.ThreadingHTTPServer):
    """Serves the folder `root` at `http://127.0.0.1:<port><prefix>` (prefix: "/" or "/archive/")."""

    daemon_threads = True

    def __init__(self, root: Path, prefix: str = "/"):
        assert prefix.startswith("/") and prefix.endswith("/"), prefix
        self.root = Path(root)  # resolved by start(): a build's output folder is a link to its live tree
        self.prefix = prefix
        self.requests: list[tuple[str, int]] = []  # (path, status) of every request answered
        super().__init__(("127.0.0.1", 0), _Handler)
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), name=f"static-host-{self.port}", daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        """The site's address, ending in its prefix: http://127.0.0.1:<port>/archive/."""
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def start(self) -> StaticHost:
        self.root = self.root.resolve(strict=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(5)

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that leaves a page hangs up on its requests: that is not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def __enter__(self) -> StaticHost:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def resolve(self, url_path: str) -> tuple[Path | None, str | None]:
        """(file to send, None), (None, address to redirect to) or (None, None) for a 404."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(url_path).path)
        if not path.startswith(self.prefix):
            return (None, self.prefix) if path + "/" == self.prefix else (None, None)
        relative = posixpath.normpath(path[len(self.prefix) :] or ".")
        if relative.startswith("..") or relative.startswith("/") or "\0" in relative:
            return None, None
        target = (self.root / relative).resolve()
        if target != self.root and self.root not in target.parents:
            return None, None  # a link pointing out of the site
        if target.is_dir():
            if not path.endswith("/"):
                return None, path + "/"
            target = target / "index.html"
        return (target, None) if target.is_file() else (None, None)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: StaticHost
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        file, redirect = self.server.resolve(self.path)
        if redirect is not None:
            self._send(301, b"", "text/plain; charset=utf-8", body, {"Location": redirect})
        elif file is not None:
            self._send(200, file.read_bytes(), content_type(file.name), body)
        else:
            not_found = self.server.root / "404.html"
            page = not_found.read_bytes() if not_found.is_file() else b"Not found"
            self._send(404, page, "text/html; charset=utf-8", body)

    def _send(self, status: int, data: bytes, kind: str, body: bool, headers: dict[str, str] | None = None) -> None:
        self.server.requests.append((self.path, status))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # quiet: the tests report what matters
        pass


def content_type(name: str) -> str:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return CONTENT_TYPES.get(suffix, "application/octet-stream")

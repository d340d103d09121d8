"""The preview serves nothing but the built site, to nobody but this machine, and stops cleanly."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

SECRET = "TOP-SECRET-SIBLING"


TRAVERSALS = [
    "/../secret.txt",
    "/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/stories/..%2f..%2f..%2fsecret.txt",
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "//secret.txt",
    "/site.toml",
    "/content/stories/first.md",
    "/%00",
    "/link/secret.txt",
    "/media/link.txt",
    "/static/link.txt",
]


def test_paths_outside_the_built_site_are_never_served(server):
    """Raw requests (http.client sends them as written), after symlinks out of the site were
    planted in content/, content/media/ and static/ while serving."""
    root = server.site.root
    assert server.get("/")[0] == 200
    (root.parent / "secret.txt").write_text(SECRET, encoding="utf-8")
    before = server.rebuilds()
    for folder in ("content/media", "static"):
        (root / folder).mkdir()
        os.symlink(root.parent / "secret.txt", root / folder / "link.txt")
    os.symlink(root.parent, root / "content/link")
    server.wait_for_rebuild(before)
    answers = {path: server.request(path) for path in TRAVERSALS}
    leaked = [path for path, (_, _, body) in answers.items() if SECRET.encode() in body]
    served = [path for path, (status, _, _) in answers.items() if status not in (400, 404)]
    assert leaked == [] and served == []
    assert server.get("/")[0] == 200, "the last good site is still served"


def test_folders_are_never_listed(server):
    status, _, body = server.request("/stories/")
    assert status == 404
    assert b"Directory listing" not in body and b"first" not in body


def test_unknown_paths_get_the_sites_404_page_with_status_404(server):
    status, headers, body = server.request("/no/such/page/")
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Page not found" in body


def test_a_folder_without_its_slash_redirects_to_it(server):
    status, headers, _ = server.request("/tags")
    assert status == 301 and headers["Location"] == "/tags/"


def test_content_types_are_correct(server):
    expected = {"/": "text/html", "/feed.xml": "application/xml", "/sitemap.xml": "application/xml", "/robots.txt": "text/plain"}
    for path, kind in expected.items():
        status, headers, _ = server.request(path)
        assert status == 200 and headers["Content-Type"].startswith(kind), (path, headers)
    _, page = server.get("/")
    css = next(part.split('"')[0] for part in page.split('href="')[1:] if part.split('"')[0].endswith(".css"))
    status, headers, _ = server.request(css)
    assert status == 200 and headers["Content-Type"].startswith("text/css")


def test_a_foreign_host_header_is_refused(server):
    status, _, _ = server.request("/", host="evil.example")
    assert status == 400
    assert server.request("/", host=f"localhost:{server.port}")[0] == 200


def test_it_binds_only_the_loopback_address_by_default(server):
    # /proc/net/tcp lists listening sockets as hex "address:port"; 0100007F is 127.0.0.1.
    table = Path("/proc/net/tcp").read_text().splitlines()[1:]
    listening = [line.split()[1] for line in table if line.split()[3] == "0A"]
    ours = [entry for entry in listening if int(entry.split(":")[1], 16) == server.port]
    assert ours == [f"0100007F:{server.port:04X}"]


def test_a_busy_port_moves_to_the_next_one_and_says_so(preview_site):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        import subprocess
        import sys

        process = subprocess.Popen(
            [sys.executable, "-u", "-m", "builder", "serve", "--port", str(port)],
            cwd=preview_site.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            first = process.stdout.readline()
            assert f"Port {port} is in use" in first
            assert "Traceback" not in first
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(5)


def test_clients_that_drop_mid_stream_do_not_disturb_the_server(server):
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", server.port)) as raw:
            raw.sendall(f"GET /__beat/events?epoch=0 HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        with socket.create_connection(("127.0.0.1", server.port)) as raw:
            raw.sendall(b"GET / HTTP/1.1\r\nHo")  # hangs up halfway through a request
    assert server.get("/")[0] == 200
    time.sleep(0.2)  # give the handler threads time to finish writing to the closed sockets
    assert not any("Traceback" in line or "Exception" in line for line in server.lines), server.lines


def test_many_browsers_at_once_are_served(server):
    import concurrent.futures

    streams = []
    import http.client

    for _ in range(8):  # open live-reload streams, as eight tabs would
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", f"/__beat/events?epoch={server.epoch()}")
        streams.append(connection)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: server.get("/stories/first/")[0], range(40)))
    assert statuses == [200] * 40
    for connection in streams:
        connection.close()


def test_ctrl_c_stops_with_tabs_still_open_and_leaves_no_files(server, tmp_path):
    """Open live-reload streams never end by themselves: a server that waited for its clients
    on Ctrl-C would never stop. (How fast it stops is not timed here: a busy machine decides that.)"""
    import http.client

    streams = []
    for _ in range(3):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", f"/__beat/events?epoch={server.epoch()}")
        assert connection.getresponse().status == 200  # the stream is open, its handler waiting for a change
        streams.append(connection)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    server.process.send_signal(signal.SIGINT)
    try:
        server.process.wait(10)  # a hang, not a speed: stopping takes well under a second when the machine is quiet
    finally:
        for connection in streams:
            connection.close()
    assert server.process.returncode == 0
    assert sorted(p.name for p in tmp_path.rglob("*")) == before

"""Clients that connect and send nothing, or half a request, cannot hold the preview's threads."""

from __future__ import annotations

import http.client
import select
import socket
import time
from pathlib import Path

from builder.serve.server import MAX_CONNECTIONS, REQUEST_SECONDS
from tests.conftest import story
from tests.serve.conftest import RunningServer, write_atomically

CLOSE_DEADLINE = REQUEST_SECONDS + 10  # the server's deadline, plus room for a busy machine


def threads_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no thread count")


def connect(server: RunningServer, first_bytes: bytes = b"") -> socket.socket:
    client = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    if first_bytes:
        client.sendall(first_bytes)
    return client


def closed_by_server(client: socket.socket) -> bool:
    """True once the server has closed the connection (what it sent before closing is read and dropped)."""
    try:
        while select.select([client], [], [], 0)[0]:
            if client.recv(4096) == b"":
                return True
    except ConnectionError:
        return True
    return False


def wait_until_closed(clients: list[socket.socket], deadline: float, on_the_way=None) -> None:
    open_ones = list(clients)
    while open_ones:
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(open_ones)} of {len(clients)} connections still open")
        if on_the_way:
            on_the_way()
        select.select(open_ones, [], [], 0.2)  # wakes as soon as one is closed
        open_ones = [client for client in open_ones if not closed_by_server(client)]


def test_idle_and_half_sent_connections_are_closed_and_the_preview_answers_meanwhile(server):
    started = time.monotonic()  # before connecting: no connection's deadline starts earlier
    silent = [connect(server) for _ in range(25)]
    half_sent = [connect(server, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n") for _ in range(25)]
    kept_alive = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    kept_alive.request("GET", "/")
    assert kept_alive.getresponse().read()
    try:

        def still_answers() -> None:
            status, page = server.get("/")
            assert status == 200 and "First Story" in page

        wait_until_closed([*silent, *half_sent, kept_alive.sock], started + CLOSE_DEADLINE, on_the_way=still_answers)
        assert time.monotonic() - started >= REQUEST_SECONDS, "closed before the client had its few seconds"
    finally:
        for client in [*silent, *half_sent]:
            client.close()
        kept_alive.close()


def test_a_request_sent_a_byte_at_a_time_is_closed_after_the_deadline(server):
    started = time.monotonic()
    client = connect(server)
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % server.port + b"X-Slow: " + b"a" * 1000
    try:
        for byte in request:  # one byte every 0.2 s: each byte alone would restart a plain socket timeout
            if select.select([client], [], [], 0.2)[0] and closed_by_server(client):
                break
            if time.monotonic() - started > CLOSE_DEADLINE:
                raise AssertionError("a trickling request kept its connection open")
            client.send(bytes([byte]))
        else:
            raise AssertionError("the whole trickle was accepted")
        assert time.monotonic() - started >= REQUEST_SECONDS
    finally:
        client.close()


def test_connections_past_the_cap_are_refused_and_threads_stay_bounded(server):
    pid = server.process.pid
    base = threads_of(pid)
    clients = []
    most_threads = base
    try:
        for _ in range(MAX_CONNECTIONS * 3):
            clients.append(connect(server))
            most_threads = max(most_threads, threads_of(pid))
        refused = []

        def count_threads() -> None:
            nonlocal most_threads
            most_threads = max(most_threads, threads_of(pid))

        # The ones past the cap are answered at once, long before the idle deadline.
        deadline = time.monotonic() + REQUEST_SECONDS - 1
        while len(refused) < MAX_CONNECTIONS * 2 - 5 and time.monotonic() < deadline:
            count_threads()
            select.select(clients, [], [], 0.2)
            for client in clients:
                if client not in refused and select.select([client], [], [], 0)[0]:
                    try:
                        data = client.recv(200)
                    except ConnectionError:
                        data = b""
                    assert data.startswith(b"HTTP/1.1 503") or data == b"", data
                    refused.append(client)
        assert len(refused) >= MAX_CONNECTIONS * 2 - 5, f"only {len(refused)} refused"
        wait_until_closed(clients, time.monotonic() + CLOSE_DEADLINE, on_the_way=count_threads)
        assert most_threads <= base + MAX_CONNECTIONS + 5, (base, most_threads)
        assert server.get("/")[0] == 200
    finally:
        for client in clients:
            client.close()


def test_a_live_reload_stream_outlives_the_request_deadline(server):
    from tests.serve.test_live_preview import next_event, open_event_stream

    stream = open_event_stream(server, server.epoch())
    idle = connect(server)
    try:
        wait_until_closed([idle], time.monotonic() + CLOSE_DEADLINE)  # the deadline has passed for the stream too
        before = server.rebuilds()
        write_atomically(server.site.root / "content/stories/first.md", story(title="First Story, Again", date="2026-01-01"))
        server.wait_for_rebuild(before)
        assert next_event(stream) == "reload"
    finally:
        idle.close()
        stream.close()

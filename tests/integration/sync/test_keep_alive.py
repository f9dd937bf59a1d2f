"""A district's morning rush: connections kept open between a desk's requests, and a request
sent again when the connection it went out on broke (the server closing it, or an answer
lost), against the real server and PostgreSQL."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time

import pytest

from desktop.sync.client.status import sync_status

pytestmark = pytest.mark.postgres


class DroppingProxy:
    """A loopback proxy that breaks the second request of every connection, as a server
    closing a kept-alive connection does when a request meets its close: on even connections
    the request never reaches the server (``before``), on odd ones it does and its answer is
    lost (``after``: the server applied it, the desk never heard)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.dropped = {"before": 0, "after": 0}
        self.connections = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                mode = ("before", "after")[self.connections % 2]
                self.connections += 1
            threading.Thread(target=self._pipe, args=(client, mode), daemon=True).start()

    def _pipe(self, client: socket.socket, mode: str) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream))
        except OSError:
            client.close()
            return
        # requests seen on this connection; an answer seen since the last request began
        state = {"requests": 0, "answered": True}

        def close_both() -> None:
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

        def answers() -> None:
            with contextlib.suppress(OSError):
                while data := upstream.recv(65536):
                    if state["requests"] == 2 and mode == "after":
                        with self._lock:
                            self.dropped["after"] += 1
                        break
                    state["answered"] = True
                    client.sendall(data)
            close_both()

        threading.Thread(target=answers, daemon=True).start()
        with contextlib.suppress(OSError):
            while data := client.recv(65536):
                if state["answered"]:  # a new request begins
                    state["requests"] += 1
                    state["answered"] = False
                    if state["requests"] == 2 and mode == "before":
                        with self._lock:
                            self.dropped["before"] += 1
                        break
                upstream.sendall(data)
        close_both()

    def close(self) -> None:
        self.listener.close()


def _point_at(desk, url: str) -> None:
    from desktop.sync.client import settings

    with desk.db.engine.begin() as connection:
        settings.write(connection, settings.SERVER_URL, url)


def _batches_received(server) -> int:
    import psycopg

    with psycopg.connect(server.database) as connection:
        return int(connection.execute("SELECT count(*) FROM push_batches").fetchone()[0])


def test_a_request_whose_connection_broke_is_sent_again_and_nothing_is_duplicated(
        server, desks, held_by, district_rows, history_duplicates):
    from desktop.sync.client import batches

    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.fill(40, seed=21)
    north.enrol(server)
    district.enrol(server)
    proxy = DroppingProxy(server.port)
    saved = batches.BATCH_RECORDS
    batches.BATCH_RECORDS = 300  # several pushes, each on its own request
    try:
        for desk in (north, district):
            _point_at(desk, f"http://127.0.0.1:{proxy.port}")
        pushed = north.sync().pushed_batches
        district.sync()
    finally:
        batches.BATCH_RECORDS = saved
        proxy.close()
    # every kind of break happened, to pushes and pulls, and no sync failed for it
    assert proxy.dropped["before"] >= 2 and proxy.dropped["after"] >= 2, proxy.dropped
    assert pushed >= 4
    assert _batches_received(server) == pushed + 1  # the district's own office record
    assert set(district_rows()) == held_by(north) | held_by(district)
    assert held_by(district) >= held_by(north)
    assert history_duplicates() == []
    assert sync_status(north.db).pending == 0


def test_the_server_keeps_a_connection_open_between_a_desks_requests(server):
    """uvicorn's default closed an idle connection after 5 s; a desk's sync pauses longer
    than that between requests on a busy morning."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/health")
    assert connection.getresponse().read()
    first = connection.sock
    time.sleep(6.5)
    connection.request("GET", "/health")
    assert connection.getresponse().status == 200
    assert connection.sock is first  # the same connection answered
    connection.close()


def test_the_keep_alive_is_configurable(start_server):
    process = start_server(extra=("--keep-alive", "1"))
    try:
        connection = http.client.HTTPConnection("127.0.0.1", process.port, timeout=10)
        connection.request("GET", "/health")
        connection.getresponse().read()
        time.sleep(2.5)
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            connection.request("GET", "/health")
            connection.getresponse()
        connection.close()
    finally:
        process.stop()

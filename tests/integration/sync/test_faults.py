"""Cut connections, a killed desk process, a server restarted mid-push, a wrong clock."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.demo.samples import sample_application
from desktop.storage.models import ApplicationRecord
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client.status import sync_status
from desktop.sync.errors import SyncError

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[3]


class CuttingProxy:
    """A loopback TCP proxy that drops connections after a random number of bytes."""

    def __init__(self, upstream_port: int, seed: int, cut_ratio: float = 0.6) -> None:
        self.upstream = upstream_port
        self.rng = random.Random(seed)
        self.cut_ratio = cut_ratio
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cuts = 0
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            # bodies are compressed: a connection carries tens of kilobytes, not megabytes
            budget = self.rng.randint(200, 30_000) if self.rng.random() < self.cut_ratio \
                else None
            threading.Thread(target=self._pipe, args=(client, budget), daemon=True).start()

    def _pipe(self, client: socket.socket, budget: int | None) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream))
        except OSError:
            client.close()
            return
        left = [budget]
        lock = threading.Lock()

        def shovel(source: socket.socket, sink: socket.socket) -> None:
            with contextlib.suppress(OSError):
                while True:
                    data = source.recv(65536)
                    if not data:
                        break
                    with lock:
                        if left[0] is not None:
                            if left[0] <= len(data):
                                sink.sendall(data[:left[0]])
                                self.cuts += 1
                                break
                            left[0] -= len(data)
                    sink.sendall(data)
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

        threading.Thread(target=shovel, args=(upstream, client), daemon=True).start()
        shovel(client, upstream)

    def close(self) -> None:
        self._stop = True
        self.listener.close()


def _sync_until_done(desk, attempts: int = 40) -> int:
    failures = 0
    for _ in range(attempts):
        try:
            desk.sync()
            return failures
        except SyncError as error:
            assert error.retry_later, error
            failures += 1
    raise AssertionError("sync never completed")


def _point_at(desk, url: str) -> None:
    from desktop.sync.client import settings

    with desk.db.engine.begin() as connection:
        settings.write(connection, settings.SERVER_URL, url)


def test_connections_cut_at_random_points_lose_and_duplicate_nothing(
        server, desks, held_by, district_rows, history_duplicates):
    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.fill(60, seed=7)
    north.enrol(server)
    district.enrol(server)
    proxy = CuttingProxy(server.port, seed=11)
    try:
        for desk in (north, district):
            _point_at(desk, f"http://127.0.0.1:{proxy.port}")
        from desktop.sync.client import batches

        batches.BATCH_RECORDS, saved = 300, batches.BATCH_RECORDS
        try:
            failures = _sync_until_done(north) + _sync_until_done(district)
        finally:
            batches.BATCH_RECORDS = saved
    finally:
        proxy.close()
    # the faults did happen; a request cut once is sent again by the desk itself, so a run
    # fails only when its second attempt is cut too (``failures`` may be 0)
    assert proxy.cuts > 0, failures
    assert set(district_rows()) == held_by(north) | held_by(district)
    assert held_by(district) >= held_by(north)
    assert history_duplicates() == []
    assert sync_status(north.db).pending == 0


def _batches_received(server) -> int:
    import psycopg

    with psycopg.connect(server.database) as connection:
        return int(connection.execute("SELECT count(*) FROM push_batches").fetchone()[0])


def test_a_killed_desk_process_resumes_without_loss_or_duplicate(
        server, desks, held_by, district_rows, history_duplicates, tmp_path):
    north = desks("AKT-05")
    north.fill(120, seed=3)
    north.enrol(server)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KOMEK_PARAMS_OVERLAY": str(tmp_path / "p"),
           "KOMEK_SYNC_BATCH_RECORDS": "200"}
    child = subprocess.Popen([sys.executable, "-m", "desktop", "sync", "--db",
                              str(north.db.path)], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _batches_received(server) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert 0 < len(district_rows()) < len(held_by(north))  # killed half-way through
    north.sync()
    assert set(district_rows()) == held_by(north)
    assert history_duplicates() == []
    assert sync_status(north.db).pending == 0


class _Interrupted:
    """The desk's transport, with the server killed while it applies the first push, or the
    first acknowledgement lost after the server committed it."""

    def __init__(self, transport, server, *, kill: bool) -> None:
        self.transport, self.server, self.kill, self.done = transport, server, kill, False

    def __getattr__(self, name):
        return getattr(self.transport, name)

    def push(self, body: bytes):
        if self.done:
            return self.transport.push(body)
        self.done = True
        if self.kill:
            # the kill is waited for before the push's failure goes on: a late timer would
            # otherwise kill the server the test starts again next (connection refused)
            killer = threading.Timer(0.05, self.server.kill)
            killer.start()
            try:
                return self.transport.push(body)
            finally:
                killer.join()
        self.transport.push(body)
        raise SyncError("offline", "acknowledgement lost")


@pytest.mark.parametrize("kill", [True, False], ids=["server-killed", "ack-lost"])
def test_the_server_restarting_mid_push_loses_nothing(server, desks, held_by, district_rows,
                                                       history_duplicates, kill):
    from desktop.sync.client.engine import open_transport, run_sync

    north = desks("AKT-05")
    north.fill(120, seed=5)
    north.enrol(server)
    with open_transport(north.db) as transport:
        if kill:  # no server to ask how far it got: the run stops
            with pytest.raises(SyncError):
                run_sync(north.db, _Interrupted(transport, server, kill=kill), check=False)
            server.start()
        else:  # the server says it applied the batch: sent again, answered from its record
            report = run_sync(north.db, _Interrupted(transport, server, kill=kill),
                              check=False)
            assert report.accepted == len(held_by(north))
    north.sync()
    assert set(district_rows()) == held_by(north)
    assert history_duplicates() == []


def test_a_desk_clock_a_day_ahead_does_not_win_over_a_later_edit(server, desks):
    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.enrol(server)
    district.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with north.db.session() as session:
        record = session.get(ApplicationRecord, app.application_id)
        record.applicant_phone = "+7 700 111 11 11"
        record.updated_at = tomorrow  # this desk's clock is a day fast
    north.sync()
    district.sync()
    with district.db.session() as session:
        session.get(ApplicationRecord, app.application_id).applicant_phone = "+7 700 222 22 22"
    report = district.sync()
    assert report.conflicts == 0  # based on the version it had: accepted, whatever the clocks
    north.sync()
    with north.db.session() as session:
        phone = session.execute(select(ApplicationRecord.applicant_phone).where(
            ApplicationRecord.id == app.application_id)).scalar_one()
    assert phone == "+7 700 222 22 22"

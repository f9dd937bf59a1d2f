"""A district's morning rush against the real server over TLS and PostgreSQL (a small version
of benchmarks/server_load.py), and reads that never wait behind pushes."""

from __future__ import annotations

import concurrent.futures
import secrets
import threading
import time
import uuid

import httpx
import orjson
import psycopg
import pytest

from desktop.sync import codes
from desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from desktop.sync.server import limits
from desktop.sync.server.pull import DIGESTS_FROM_SCRATCH
from desktop.sync.server.push import LOCK_KEY
from tests.support import district_load as load
from tests.support.sync_wire import Node

pytestmark = pytest.mark.postgres


def test_a_small_morning_rush_ends_with_every_sync_done(start_server, certificate,
                                                         tmp_path):
    cert, key = certificate("server")
    server = start_server(cert=(cert, key))
    pem = cert.read_text()
    district = load.build_district(server.database, server.url, pem, tmp_path,
                                   offices=3, applications=6, yesterday=2, pool=8)
    desks = load.enrol_desks(server.database, district, 12)
    try:
        result = load.rush(desks, applications=2, think=0.0)
    finally:
        for desk in desks:
            desk.close()
        for office in district.offices:
            office.db.close()
    assert not result.failed, result.failed
    assert result.refused == 0
    assert result.pushed > 12 * 2
    assert {t.route for t in result.timings} == {"status", "push", "pull", "digest"}
    with psycopg.connect(server.database) as connection:
        pushed = connection.execute(
            "SELECT count(*) FROM records WHERE changed_by = ANY(%s)",
            ([d.node_id for d in desks],)).fetchone()[0]
        assert pushed == result.pushed
        kept = {tuple(r) for r in connection.execute(
            "SELECT table_name, scope, n, folded FROM record_digests WHERE n <> 0")}
        assert kept == {tuple(r) for r in connection.execute(DIGESTS_FROM_SCRATCH)}
    high = load.high_cursor(server.database)
    # every desk pulled at least what was there when it pulled, past last night's cursor
    assert all(district.morning < desk.cursor <= high for desk in desks)


def _desk(server, office: str) -> Node:
    """A desk enrolled over HTTP, its code made in this process (faster than the command)."""
    code = load.enrolment_code(server.database, office, "akimat")
    node_id, nonce = str(uuid.uuid4()), secrets.token_hex(codes.NONCE_BYTES)
    answer = httpx.post(server.url + "/v1/enrol", headers={
        PROTOCOL_HEADER: str(PROTOCOL_VERSION)}, content=orjson.dumps({
            "node_id": node_id, "name": "t", "nonce": nonce, "certificate": "",
            "proof": codes.desk_proof(codes.code_key(code), "", nonce, node_id)}))
    answer.raise_for_status()
    return Node(node_id, str(answer.json()["secret"]), office)


def test_status_and_pull_are_answered_while_pushes_wait_for_their_lock(server):
    """Pushes of more desks than the server has places, all waiting for the pushes' lock
    (held here, as a bundle's import from the command line holds it): another desk's status
    and pull are answered at once, not after the pushes (before, the waiting pushes kept
    every place and the reads waited up to 30 s, then were told the server is busy)."""
    pushers = [_desk(server, f"AKT-{n:02d}") for n in range(1, limits.SLOTS + 4)]
    reader = _desk(server, "AKT-20")
    with psycopg.connect(server.database) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))

        def push(desk: Node) -> int:
            body = orjson.dumps({"node": desk.id, "seq": 1, "changes": []})
            return httpx.post(server.url + "/v1/push", headers=desk.headers(), content=body,
                              timeout=60).status_code

        with concurrent.futures.ThreadPoolExecutor(len(pushers)) as pool:
            pushes = [pool.submit(push, desk) for desk in pushers]
            time.sleep(1.5)  # every push has arrived and waits
            assert not any(p.done() for p in pushes)
            started = time.monotonic()
            status = httpx.get(server.url + "/v1/status", headers=reader.headers(),
                               timeout=60)
            page = httpx.get(server.url + "/v1/pull?since=0&limit=100",
                             headers=reader.headers(), timeout=60)
            took = time.monotonic() - started
            assert (status.status_code, page.status_code) == (200, 200)
            assert took < 3, took
            assert not any(p.done() for p in pushes)  # the lock is still held
            holder.commit()  # the lock let go: every push is applied, none refused
            assert [p.result() for p in pushes] == [200] * len(pushers)


ROUNDS = 4  # rounds of the largest pulls in the memory test


def test_memory_taken_by_large_pulls_is_given_back(server, desks):
    """Rounds of the largest pull pages, several at once: the server's resident memory
    comes back near where it was once they are answered, and does not grow round after
    round (before, the decoded pages stayed in the allocator's arenas of the threads that
    made them, and the resident memory only grew: 779 MB after a 100-desk rush). What stays
    after a round is the Python heap's own fragmentation, a few tens of MiB at most, and it
    is reused by the next round rather than added to."""
    from tests.support.sync_wire import enrol_node, memory

    village = desks("AKT-01")
    village.fill(300, seed=5)
    village.enrol(server)
    village.sync()
    readers = [enrol_node(server, f"AUD-0{n}", "district") for n in (1, 2, 3)]
    mib = 1024 * 1024

    def pull(desk: Node) -> int:
        answer = httpx.get(server.url + "/v1/pull?since=0&limit=10000",
                           headers=desk.headers(), timeout=120)
        return len(answer.json()["changes"])

    def settled() -> int:
        """The resident memory once the idle server's trim has run and it holds still."""
        time.sleep(1.5)  # a trim is due at most a second after the last answer
        last = memory(server.process.pid).rss
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = memory(server.process.pid).rss
            if abs(now - last) < mib:
                return now
            last = now
        return last

    assert pull(readers[0]) > 5000
    before = settled()
    peak = before
    watching = threading.Event()

    def watch() -> None:
        nonlocal peak
        while watching.is_set():
            peak = max(peak, memory(server.process.pid).rss)
            time.sleep(0.05)

    after_round = []
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        for _ in range(ROUNDS):
            watching.set()
            watcher = threading.Thread(target=watch)
            watcher.start()
            assert all(list(pool.map(pull, readers * 2)))
            watching.clear()
            watcher.join()
            after_round.append(settled())
    after = after_round[-1]
    print(f"\nRSS {before / mib:.0f} MiB before, {peak / mib:.0f} MiB at the peak, after "
          f"each round {[round(r / mib) for r in after_round]} MiB")
    # most of what a round took is given back ...
    assert after - before < 48 * mib, (before, peak, after_round)
    assert after - before < (peak - before) / 2, (before, peak, after_round)
    # ... and what stays does not add up round after round
    assert max(after_round[1:]) - after_round[0] < 24 * mib, (before, peak, after_round)

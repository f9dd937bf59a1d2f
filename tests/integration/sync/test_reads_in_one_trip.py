"""A read (status, pull, digests, ids, a push's answer) has its credentials checked, its
desk counted and its work done in one trip to a worker thread on one pooled connection,
without a BEGIN and a COMMIT, against the real server and PostgreSQL; every check it had is
still made, in the same order."""

from __future__ import annotations

import concurrent.futures
import contextlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from sqlalchemy import event

from desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, ErrorCode
from desktop.sync.server import db, limits
from desktop.sync.server.app import create_app
from desktop.sync.server.cli import UVICORN_LIMITS
from tests.integration.sync.conftest import free_port
from tests.support.sync_wire import enrol_node

pytestmark = pytest.mark.postgres

READS = ("/v1/status", "/v1/pull?since=0&limit=100", "/v1/digest",
         "/v1/ids?table=applications&scope=AKT-01")


@contextlib.contextmanager
def _served_here(database: str) -> Iterator[tuple[str, Counter[str]]]:
    """The server's application over the real PostgreSQL, served by uvicorn on loopback in
    a thread of this process, so that what its engine does can be counted: the pooled
    connections taken, and the statements run inside a transaction (BEGIN … COMMIT) or
    each committed at once. (its URL, the counts)."""
    engine = db.make_engine(database)
    counts: Counter[str] = Counter()

    class Counted(psycopg.Cursor[Any]):
        """Every statement on the driver's connections, SQLAlchemy's and those run on the
        driver's connection itself (nodes.authenticate); not the pool's check of a
        connection (an empty statement), which is no statement of the request."""

        def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
            if str(query).strip() not in (";", ""):
                counts.update(["committed at once" if self.connection.autocommit
                               else "in a transaction"])
            return super().execute(query, *args, **kwargs)

    def counted(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.cursor_factory = Counted

    event.listen(engine, "connect", counted)
    event.listen(engine.pool, "checkout", lambda *_args: counts.update(["checkouts"]))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=port,
                                           log_level="warning", **UVICORN_LIMITS))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}", counts
    finally:
        server.should_exit = True
        thread.join(10)
        engine.dispose()


def test_each_read_takes_one_pooled_connection_and_no_transaction(server):
    """Before, a read took a pooled connection and a transaction to check the desk's
    credentials and then another for its work: in a morning rush, a connection's check, a
    BEGIN, a COMMIT and a worker thread's trip more for every status, pull and digest."""
    desk = enrol_node(server, "AKT-01")
    with _served_here(server.database) as (url, counts), httpx.Client(base_url=url) as client:
        for path in READS:
            assert client.get(path, headers=desk.headers()).status_code == 200  # warm
            counts.clear()
            for _ in range(3):
                answer = client.get(path, headers=desk.headers())
                assert answer.status_code == 200, answer.text
            assert counts["checkouts"] == 3, (path, counts)
            assert counts["committed at once"] >= 6 and not counts["in a transaction"], \
                (path, counts)
        # a stranger is still refused before any work: the check's one statement
        counts.clear()
        stranger = {PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                    "Authorization": f"Bearer {desk.id}.AAAA"}
        assert client.get("/v1/pull?since=0", headers=stranger).status_code == 401
        assert counts == {"checkouts": 1, "committed at once": 1}


def test_a_status_answers_the_desk_s_number_and_last_batch(server):
    desk = enrol_node(server, "AKT-02")
    status = httpx.get(server.url + "/v1/status", headers=desk.headers()).json()
    assert (status["node_id"], status["office_code"], status["office_kind"],
            status["last_batch"]) == (desk.id, "AKT-02", "akimat", 0)
    assert isinstance(status["desk_number"], int)
    body = b'{"node": "%s", "seq": 7, "changes": []}' % desk.id.encode()
    assert httpx.post(server.url + "/v1/push", headers=desk.headers(),
                      content=body).status_code == 200
    again = httpx.get(server.url + "/v1/status", headers=desk.headers()).json()
    assert (again["last_batch"], again["desk_number"]) == (7, status["desk_number"])


def test_reads_check_credentials_before_their_query(server):
    """A read's query is still checked only once the desk is known: a stranger's bad query
    is 401, a revoked desk's 403, a known desk's 400."""
    desk = enrol_node(server, "AKT-03")
    revoked = enrol_node(server, "AKT-04")
    server.cli("revoke", "--node", revoked.id)
    stranger = {PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                "Authorization": f"Bearer {desk.id}.AAAA"}
    bad = ("/v1/pull?limit=0", "/v1/ids?table=", "/v1/push/answer?node=x")
    for path in bad:
        answer = httpx.get(server.url + path, headers=stranger)
        assert (answer.status_code, answer.json()["error"]) == \
            (401, ErrorCode.BAD_CREDENTIALS.value), path
        answer = httpx.get(server.url + path, headers=revoked.headers())
        assert (answer.status_code, answer.json()["error"]) == \
            (403, ErrorCode.REVOKED.value), path
        answer = httpx.get(server.url + path, headers=desk.headers())
        assert (answer.status_code, answer.json()["error"]) == \
            (400, ErrorCode.BAD_REQUEST.value), path
    for path in READS:
        assert httpx.get(server.url + path, headers=revoked.headers()).status_code == 403
    # another desk's batch, and a batch never pushed
    answer = httpx.get(f"{server.url}/v1/push/answer?node={revoked.id}&seq=1",
                       headers=desk.headers())
    assert (answer.status_code, answer.json()["error"]) == (403, ErrorCode.FORBIDDEN.value)
    answer = httpx.get(f"{server.url}/v1/push/answer?node={desk.id}&seq=1",
                       headers=desk.headers())
    assert (answer.status_code, answer.json()["error"]) == (404, ErrorCode.NO_BATCH.value)


def test_a_desk_s_third_read_at_once_is_busy_before_any_work(server):
    """Two statuses of one desk held in their work (PostgreSQL's lock on the batches,
    taken here): its third request is told to come back (429) at once, another desk is
    served meanwhile; once the lock goes, both are answered. The desk was last seen long
    ago, so each request writes when it was seen: that write is committed before the work,
    or the desk's row stayed locked through it and its next requests waited for the row,
    each keeping a place, before they were counted."""
    desk = enrol_node(server, "AKT-05")
    other = enrol_node(server, "AKT-06")
    with psycopg.connect(server.database) as connection:
        connection.execute("UPDATE nodes SET last_seen_at = now() - interval '1 hour'")
    with psycopg.connect(server.database) as holder, \
            concurrent.futures.ThreadPoolExecutor(limits.PER_NODE) as pool:
        holder.execute("LOCK TABLE push_batches IN ACCESS EXCLUSIVE MODE")
        held = [pool.submit(httpx.get, server.url + "/v1/status", headers=desk.headers(),
                            timeout=60) for _ in range(limits.PER_NODE)]
        time.sleep(1.0)
        assert not any(h.done() for h in held)
        started = time.monotonic()
        third = httpx.get(server.url + "/v1/digest", headers=desk.headers(), timeout=60)
        assert (third.status_code, third.json()["error"]) == (429, ErrorCode.BUSY.value)
        assert int(third.headers["retry-after"]) > 0
        assert time.monotonic() - started < 3
        stranger = httpx.get(server.url + "/v1/digest", timeout=60, headers={
            PROTOCOL_HEADER: str(PROTOCOL_VERSION), "Authorization": f"Bearer {other.id}.A"})
        assert stranger.status_code == 401
        assert httpx.get(server.url + "/v1/digest", headers=other.headers(),
                         timeout=60).status_code == 200  # no batches read: not held
        holder.commit()
        assert [h.result().status_code for h in held] == [200] * limits.PER_NODE
    # the count was given back: the desk is served again
    assert httpx.get(server.url + "/v1/status", headers=desk.headers()).status_code == 200


def test_answers_say_the_server_s_own_time(server):
    """``Server-Timing`` of an answer: the wait for a place and the server's time over it, in
    milliseconds (what benchmarks/server_load.py reads to tell the server's time from the
    desks' own); the desk ignores it."""
    desk = enrol_node(server, "AKT-07")
    for path in READS:
        answer = httpx.get(server.url + path, headers=desk.headers())
        parts = dict(part.strip().split(";dur=")
                     for part in answer.headers["server-timing"].split(","))
        assert set(parts) == {"place", "app"}
        assert 0 <= float(parts["place"]) <= float(parts["app"]) < 10_000
    # a stranger's refusal says nothing of the server's time: neither a node that does not
    # exist nor a known node with a wrong secret
    for node in (desk.id, "no-such-node"):
        refused = httpx.get(server.url + "/v1/status", headers={
            PROTOCOL_HEADER: str(PROTOCOL_VERSION), "Authorization": f"Bearer {node}.AAAA"})
        assert refused.status_code == 401 and "server-timing" not in refused.headers

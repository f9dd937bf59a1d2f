"""The server is bounded before it trusts: credentials are checked before a body is read,
a body is refused as soon as it passes its limit, requests at once are limited, and the
server's memory stays within its documented bound under parallel oversized requests,
authenticated and not (measured from /proc of the server process, over TLS)."""

from __future__ import annotations

import concurrent.futures
import json
import socket
import ssl
import time
import uuid

import httpx
import orjson
import pytest

from desktop.sync.protocol import (
    MAX_CHANGES,
    MAX_FETCH_IDS,
    MAX_PULL_LIMIT,
    MAX_PUSH_BYTES,
    MAX_PUSH_ITEMS,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    ErrorCode,
    json_items,
)
from desktop.sync.server import limits
from tests.support.sync_wire import MIB, Wire, certificate, chunked, enrol_node, memory, zeros

pytestmark = pytest.mark.postgres

# The documented bound of the server's resident memory (packaging/server/README.md, "Limits
# and memory"): whatever desks and strangers send, at most this much.
MEMORY_BOUND = 400 * MIB
PROTOCOL = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


@pytest.fixture
def tls_server(start_server, tmp_path):
    return start_server(certificate(tmp_path, "district"))


def _wire(server) -> Wire:
    return Wire(server.port, tls=True)


def _refused(answer, status: int, code: ErrorCode) -> None:
    assert answer.status == status, answer
    assert answer.json()["error"] == code.value
    assert answer.headers.get("connection") == "close"  # the rest is never read


def test_a_300_mb_post_without_credentials_is_refused_before_its_body_is_read(tls_server):
    before = memory(tls_server.process.pid)
    answer = _wire(tls_server).request(
        "POST", "/v1/push", {**PROTOCOL, "Content-Length": str(300 * MIB)},
        zeros(300 * MIB))
    _refused(answer, 401, ErrorCode.BAD_CREDENTIALS)
    assert answer.sent < 32 * MIB  # the server answered at once and closed
    after = memory(tls_server.process.pid)
    print(f"\n300 MB unauthenticated POST: RSS {before.rss / MIB:.0f} MiB before, "
          f"peak {after.peak / MIB:.0f} MiB after")
    assert after.peak - before.rss < 16 * MIB
    # a chunked body, whose length is not declared, is refused the same
    answer = _wire(tls_server).request(
        "POST", "/v1/push", {**PROTOCOL, "Transfer-Encoding": "chunked"},
        chunked(zeros(300 * MIB)))
    _refused(answer, 401, ErrorCode.BAD_CREDENTIALS)
    assert memory(tls_server.process.pid).peak - before.rss < 16 * MIB
    assert httpx.get(tls_server.url + "/health", verify=False).status_code == 200


def _flood(server, requests: list[tuple[dict[str, str], object]]) -> list:
    """The requests (headers, body) sent all at once, each on its own connection."""
    with concurrent.futures.ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(
            lambda item: _wire(server).request("POST", "/v1/push", *item), requests))


def test_parallel_200_mb_posts_leave_the_server_within_its_memory_bound(tls_server):
    desks = [enrol_node(tls_server, "AKT-05"), enrol_node(tls_server, "AKT-06")]
    before = memory(tls_server.process.pid)
    # four strangers at once, declaring their length and not
    strangers = _flood(tls_server, [
        ({**PROTOCOL, "Content-Length": str(200 * MIB)}, zeros(200 * MIB)),
        ({**PROTOCOL, "Content-Length": str(200 * MIB)}, zeros(200 * MIB)),
        ({**PROTOCOL, "Transfer-Encoding": "chunked"}, chunked(zeros(200 * MIB))),
        ({**PROTOCOL, "Transfer-Encoding": "chunked"}, chunked(zeros(200 * MIB)))])
    for answer in strangers:
        _refused(answer, 401, ErrorCode.BAD_CREDENTIALS)
    strangers_peak = memory(tls_server.process.pid).peak
    # four enrolled desks' requests at once (two each): a declared length beyond the limit
    # is refused before a byte is read, an undeclared one as soon as it passes the limit
    enrolled = _flood(tls_server, [
        (desks[0].headers(**{"Content-Length": str(200 * MIB)}), zeros(200 * MIB)),
        (desks[0].headers(**{"Transfer-Encoding": "chunked"}), chunked(zeros(200 * MIB))),
        (desks[1].headers(**{"Content-Length": str(200 * MIB)}), zeros(200 * MIB)),
        (desks[1].headers(**{"Transfer-Encoding": "chunked"}), chunked(zeros(200 * MIB)))])
    for answer in enrolled:
        if answer.status is not None:  # or the connection was closed before it was read
            _refused(answer, 413, ErrorCode.TOO_LARGE)
        assert answer.sent < MAX_PUSH_BYTES + 32 * MIB
    assert any(a.status == 413 for a in enrolled)
    after = memory(tls_server.process.pid)
    print(f"\n4 x 200 MB POSTs: RSS {before.rss / MIB:.0f} MiB before, peak "
          f"{strangers_peak / MIB:.0f} MiB after the strangers', {after.peak / MIB:.0f} MiB "
          f"after the desks'")
    assert strangers_peak - before.rss < 16 * MIB
    assert after.peak < MEMORY_BOUND
    assert httpx.get(tls_server.url + "/health", verify=False).status_code == 200


def _dense(node_id: str, size: int) -> bytes:
    """A push body of ``size`` bytes that decoding would make into millions of objects."""
    head = b'{"node":"%s","seq":1,"changes":[' % node_id.encode()
    return head + b"{}," * ((size - len(head) - 3) // 3) + b"{}]}"


def _records(node_id: str, seq: int, size: int) -> bytes:
    """A well-formed push body of about ``size`` bytes: records as text, at the limits."""
    text = orjson.dumps({"id": "x", "note": "ә" * 1000}).decode()
    count = min(MAX_CHANGES, size // (len(text.encode()) + 150))
    return orjson.dumps({"node": node_id, "seq": seq, "changes": [
        {"t": "no_such_table", "id": f"{n:036d}", "v": 1, "b": 0, "d": text}
        for n in range(count)]})


def test_parallel_pushes_and_pulls_at_the_limits_stay_within_the_memory_bound(
        tls_server, desks):
    """Pushes of 16 MiB (records as text, and bodies that would decode into millions of
    objects) from four desks, two each, and pulls of the largest page from two district
    desks, all at once: more than the server's places, so some wait their turn."""
    village = desks("AKT-01")
    village.fill(450, seed=4)  # some 11 000 records for the district desks to pull
    village.enrol(tls_server)
    village.sync()
    pushers = [enrol_node(tls_server, f"AKT-{n:02d}") for n in range(2, 6)]
    pullers = [enrol_node(tls_server, f"AUD-{n:02d}", "district") for n in (1, 2)]
    before = memory(tls_server.process.pid)
    requests: list[tuple[str, str, dict[str, str], list[bytes]]] = []
    expected: list[int] = []  # the status each one gets
    for n, desk in enumerate(pushers):
        body = _dense(desk.id, MAX_PUSH_BYTES) if n % 2 else _records(desk.id, 1,
                                                                      MAX_PUSH_BYTES)
        requests += [("POST", "/v1/push", desk.headers(**{"Content-Length": str(len(body))}),
                      [body])] * 2
        expected += [413 if n % 2 else 200] * 2
    for desk in pullers:
        requests += [("GET", f"/v1/pull?since=0&limit={MAX_PULL_LIMIT}", desk.headers(),
                      [])] * 2
        expected += [200] * 2
    with concurrent.futures.ThreadPoolExecutor(len(requests)) as pool:
        answers = list(pool.map(lambda r: _wire(tls_server).request(*r), requests))
    assert [a.status for a in answers] == expected, answers
    for (method, *_), answer in zip(requests, answers, strict=True):
        if method == "GET":
            assert len(answer.json()["changes"]) == MAX_PULL_LIMIT
    after = memory(tls_server.process.pid)
    print(f"\n8 pushes of 16 MiB and 4 pulls of {MAX_PULL_LIMIT} records at once: RSS "
          f"{before.rss / MIB:.0f} MiB before, peak {after.peak / MIB:.0f} MiB after")
    assert after.peak < MEMORY_BOUND


def test_a_desk_beyond_its_requests_at_once_is_told_to_come_back_later(tls_server):
    desk = enrol_node(tls_server, "AKT-05")
    held = []
    for _ in range(limits.PER_NODE):  # two slow pushes keep the desk's places
        sock = socket.create_connection(("127.0.0.1", tls_server.port))
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        sock = context.wrap_socket(sock, server_hostname="localhost")
        head = "".join(f"{k}: {v}\r\n" for k, v in desk.headers(
            **{"Content-Length": "1000"}).items())
        sock.sendall(f"POST /v1/push HTTP/1.1\r\nHost: localhost\r\n{head}\r\n{{".encode())
        held.append(sock)
    time.sleep(0.5)
    try:
        answer = httpx.get(tls_server.url + "/v1/status", verify=False,
                           headers=desk.headers())
        assert answer.status_code == 429
        assert answer.json()["error"] == ErrorCode.BUSY.value
        assert int(answer.headers["retry-after"]) > 0
        # a push of the desk's own size is refused too, and the desk reads why, though the
        # server closes the connection without reading its body
        answer = httpx.post(tls_server.url + "/v1/push", verify=False, headers=desk.headers(),
                            content=b"x" * (4 * MIB))
        assert answer.status_code == 429 and answer.json()["error"] == ErrorCode.BUSY.value
        other = enrol_node(tls_server, "AKT-06")  # another desk is served meanwhile
        assert httpx.get(tls_server.url + "/v1/status", verify=False,
                         headers=other.headers()).status_code == 200
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.5)
    assert httpx.get(tls_server.url + "/v1/status", verify=False,
                     headers=desk.headers()).status_code == 200


@pytest.fixture(scope="module")
def desk(module_server):
    return enrol_node(module_server, "AKT-05")


_seqs = iter(range(1_000_000, 2_000_000))  # one database for the module: own batch numbers


def _push(server, desk, changes, seq=None) -> httpx.Response:
    body = json.dumps({"node": desk.id, "seq": next(_seqs) if seq is None else seq,
                       "changes": changes}).encode()  # integers beyond 64 bits too
    return httpx.post(server.url + "/v1/push", headers=desk.headers(), content=body)


def _change(**field) -> dict:
    return {"t": "applications", "id": str(uuid.uuid4()), "v": 1, "b": 0, "d": None, **field}


def _answered(answer: httpx.Response, status: int, code: ErrorCode) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["error"] == code.value
    assert answer.json()["detail"]


def test_bad_input_once_answered_with_a_500_is_a_400(module_server, desk):
    url = module_server.url
    # an enrolment body that is a JSON array
    _answered(httpx.post(url + "/v1/enrol", headers=PROTOCOL, content=b'["AAAA-BBBB-CCCC"]'),
              400, ErrorCode.BAD_REQUEST)
    # a batch number beyond PostgreSQL's integer
    _answered(_push(module_server, desk, [_change()], seq=2**31), 400, ErrorCode.BAD_REQUEST)
    _answered(_push(module_server, desk, [_change()], seq=10**30), 400,
              ErrorCode.BAD_REQUEST)
    # a version, or a base, that is a string, or beyond PostgreSQL's integer
    for field in ({"v": "2"}, {"b": "0"}, {"v": 2**31}, {"b": -1}, {"v": True}):
        _answered(_push(module_server, desk, [_change(**field)]), 400, ErrorCode.BAD_REQUEST)
    # a fetch of more ids than PostgreSQL takes parameters in one statement (65 535)
    ids = orjson.dumps({"table": "applications", "ids": [str(n) for n in range(70_000)]})
    _answered(httpx.post(url + "/v1/fetch", headers=desk.headers(), content=ids), 413,
              ErrorCode.TOO_LARGE)
    assert httpx.get(url + "/v1/status", headers=desk.headers()).status_code == 200


def test_each_limit_is_answered_with_its_code(module_server, desk):
    url = module_server.url
    changes = [_change(id=f"{n:036d}") for n in range(MAX_CHANGES + 1)]
    _answered(_push(module_server, desk, changes), 413, ErrorCode.TOO_LARGE)
    ids = orjson.dumps({"table": "applications",
                        "ids": [f"{n:036d}" for n in range(MAX_FETCH_IDS + 1)]})
    _answered(httpx.post(url + "/v1/fetch", headers=desk.headers(), content=ids), 413,
              ErrorCode.TOO_LARGE)
    for query in (f"limit={MAX_PULL_LIMIT + 1}", "limit=0", "limit=-5", "since=-1",
                  "since=99999999999999999999", "since=1e3"):
        _answered(httpx.get(f"{url}/v1/pull?{query}", headers=desk.headers()), 400,
                  ErrorCode.BAD_REQUEST)
    dense = _dense(desk.id, 2 * MAX_PUSH_ITEMS)
    _answered(httpx.post(url + "/v1/push", headers=desk.headers(), content=dense), 413,
              ErrorCode.TOO_LARGE)
    answer = httpx.get(f"{url}/v1/pull?since=0&limit={MAX_PULL_LIMIT}",
                       headers=desk.headers())
    assert answer.status_code == 200  # the limits themselves are taken


class _Recording:
    """The desk's transport, keeping the body of every push it sends."""

    def __init__(self, transport) -> None:
        self.transport, self.bodies = transport, []

    def __getattr__(self, name):
        return getattr(self.transport, name)

    def push(self, body: bytes):
        self.bodies.append(body)
        return self.transport.push(body)


def test_the_desk_keeps_its_batches_within_the_limits(server, desks, held_by,
                                                       district_rows):
    """Applications whose notes are lists (a comma every two characters): 5 000 records of
    them pass the values a push may hold, so the desk sends them in smaller batches, and
    the server takes every one."""
    from desktop.sync.client.engine import open_transport, run_sync

    north = desks("AKT-05")
    north.fill(300, seed=9)
    with north.db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE applications SET commission_note = ?",
                                   (",".join("1" for _ in range(1500)),))
    north.enrol(server)
    with open_transport(north.db) as transport:
        recording = _Recording(transport)
        report = run_sync(north.db, recording, check=False)
    assert report.refused == 0
    assert len(recording.bodies) > -(-len(held_by(north)) // MAX_CHANGES)  # more, smaller
    assert max(json_items(body) for body in recording.bodies) <= MAX_PUSH_ITEMS
    assert max(len(body) for body in recording.bodies) <= MAX_PUSH_BYTES
    assert set(district_rows()) == held_by(north)
    assert "too_large" not in server.log.read_text()


def test_strangers_sending_slowly_hold_no_place(module_server, desk):
    """Strangers' enrolments whose bodies crawl (more of them than there are places) do not
    keep a desk waiting: an enrolment's small body is read before it takes a place."""
    crawling = []
    try:
        for _ in range(limits.SLOTS + 2):
            sock = socket.create_connection(("127.0.0.1", module_server.port))
            sock.sendall(f"POST /v1/enrol HTTP/1.1\r\nHost: x\r\n{PROTOCOL_HEADER}: "
                         f"{PROTOCOL_VERSION}\r\nContent-Length: 1000\r\n\r\n{{".encode())
            crawling.append(sock)
        time.sleep(0.5)
        started = time.monotonic()
        answer = httpx.get(module_server.url + "/v1/status", headers=desk.headers())
        assert answer.status_code == 200
        assert time.monotonic() - started < limits.WAIT / 3
    finally:
        for sock in crawling:
            sock.close()


def test_a_revoked_desk_pushing_reads_that_it_was_revoked(module_server):
    """Refused on its credentials before its body is read, the desk's client still reads
    the answer (it reads the answer when the server stops taking the body), not a cut
    connection, which it would take for no connection and try again for ever."""
    revoked = enrol_node(module_server, "AKT-07")
    module_server.cli("revoke", "--node", revoked.id)
    body = _records(revoked.id, 1, 4 * MIB)
    answer = httpx.post(module_server.url + "/v1/push", headers=revoked.headers(), content=body)
    _answered(answer, 403, ErrorCode.REVOKED)

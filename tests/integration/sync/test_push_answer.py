"""A push whose answer a cut took, after the server applied it: the desk fetches the kept
answer by the batch's number (``GET /v1/push/answer``) instead of uploading the batch again;
a desk fetches the answers to its own batches only. Against the real server and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import uuid

import httpx
import orjson
import pytest

from desktop.sync.client.status import sync_status
from desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, ErrorCode
from tests.support.answer_proxy import AnswerLosingProxy
from tests.support.sync_wire import Node, enrol_node

pytestmark = pytest.mark.postgres


def _push(server, node: Node, seq: int, changes: list[dict[str, object]]) -> bytes:
    body = orjson.dumps({"node": node.id, "seq": seq, "changes": changes})
    answer = httpx.post(server.url + "/v1/push", headers=node.headers(), content=body)
    assert answer.status_code == 200, answer.text
    return body


def _ask(server, asker: Node | None, **params: object) -> httpx.Response:
    headers = asker.headers() if asker else {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    return httpx.get(server.url + "/v1/push/answer", headers=headers,
                     params={k: str(v) for k, v in params.items()})


def _error(answer: httpx.Response, status: int, code: ErrorCode) -> str:
    assert answer.status_code == status, answer.text
    assert answer.json()["error"] == code.value
    return str(answer.json()["detail"])


def _office(code: str) -> dict[str, object]:
    office_id = str(uuid.uuid4())
    return {"t": "offices", "id": office_id, "v": 1, "b": 0, "d": orjson.dumps({
        "id": office_id, "version": 1, "code": code, "kind": "akimat",
        "name_kk": "Кеңсе", "name_ru": "Офис", "region": "", "district": "",
        "bin": "", "address": "", "phone": "", "head_full_name": "", "head_position": "",
        "created_at": "2026-01-01T00:00:00", "updated_at": "2026-01-01T00:00:00",
    }).decode()}


def test_a_desk_fetches_its_own_batchs_answer_and_no_other(server):
    north = enrol_node(server, "AKT-05")
    south = enrol_node(server, "AKT-06")
    body = _push(server, north, 1, [_office("AKT-05")])
    kept = _ask(server, north, node=north.id, seq=1)
    assert kept.status_code == 200, kept.text
    answer = kept.json()
    # the hash of the very body applied, so the desk rebuilds the answer from its own copy
    assert answer["seq"] == 1 and answer["hash"] == hashlib.sha256(body).hexdigest()
    assert answer["count"] == 1
    # another desk asking for this desk's batch is refused, whether the batch exists or not
    for seq in (1, 7):
        detail = _error(_ask(server, south, node=north.id, seq=seq), 403, ErrorCode.FORBIDDEN)
        assert "own batches" in detail
    # under its own name, the other desk has no batch 1: its own number, never pushed
    _error(_ask(server, south, node=south.id, seq=1), 404, ErrorCode.NO_BATCH)
    # a number this desk never pushed
    assert "no batch 2" in _error(_ask(server, north, node=north.id, seq=2), 404,
                                  ErrorCode.NO_BATCH)
    # bad numbers and names, and a stranger
    for params in ({"node": north.id}, {"node": north.id, "seq": 0},
                   {"node": north.id, "seq": "x"}, {"node": north.id, "seq": 2**31},
                   {"seq": 1}, {"node": "n" * 65, "seq": 1}):
        _error(_ask(server, north, **params), 400, ErrorCode.BAD_REQUEST)
    _error(_ask(server, None, node=north.id, seq=1), 401, ErrorCode.BAD_CREDENTIALS)


def _sync_through(proxy: AnswerLosingProxy, desk, monkeypatch) -> object:
    from desktop.sync.client import batches, settings

    monkeypatch.setattr(batches, "BATCH_RECORDS", 300)  # several pushes, one per request
    with desk.db.engine.begin() as connection:
        settings.write(connection, settings.SERVER_URL, proxy.url)
    return desk.sync()


def _pushes_received(server) -> int:
    import psycopg

    with psycopg.connect(server.database) as connection:
        return int(connection.execute("SELECT count(*) FROM push_batches").fetchone()[0])


def test_a_push_whose_answer_a_cut_took_is_not_uploaded_again(
        server, desks, held_by, district_rows, history_duplicates, monkeypatch):
    north = desks("AKT-05")
    north.fill(40, seed=21)
    north.enrol(server)
    proxy = AnswerLosingProxy(server.port, lose={2})
    try:
        report = _sync_through(proxy, north, monkeypatch)
    finally:
        proxy.close()
    pushes = proxy.requests("POST", "/v1/push")
    assert report.pushed_batches >= 4
    # each batch went up once: the one whose answer was lost was not sent again
    assert len(pushes) == report.pushed_batches == _pushes_received(server)
    assert [p.answered for p in pushes].count(False) == 1 and not pushes[1].answered
    fetched = proxy.requests("GET", "/v1/push/answer")
    assert len(fetched) == 1
    # what went up after the cut until the next batch: a status and the answer's request,
    # no body; the lost batch's body was kilobytes (sent once)
    after = proxy.carried[proxy.carried.index(pushes[1]) + 1:proxy.carried.index(pushes[2])]
    assert [(c.method, c.path) for c in after] == [("GET", "/v1/status"),
                                                  ("GET", "/v1/push/answer")]
    assert sum(c.body for c in after) == 0 and pushes[1].body > 5_000
    assert set(district_rows()) == held_by(north)
    assert history_duplicates() == []
    assert sync_status(north.db).pending == 0


def test_a_server_of_before_gets_the_batch_again(server, desks, held_by, district_rows,
                                                 history_duplicates, monkeypatch):
    """No route of push answers (404): the desk sends the batch again, answered from the
    server's record, nothing applied twice."""
    north = desks("AKT-05")
    north.fill(40, seed=22)
    north.enrol(server)
    proxy = AnswerLosingProxy(server.port, lose={2}, old_server=True)
    try:
        report = _sync_through(proxy, north, monkeypatch)
    finally:
        proxy.close()
    pushes = proxy.requests("POST", "/v1/push")
    assert len(proxy.requests("GET", "/v1/push/answer")) == 1
    assert len(pushes) == report.pushed_batches + 1 == _pushes_received(server) + 1
    assert pushes[2].body == pushes[1].body  # the same batch, uploaded again
    assert set(district_rows()) == held_by(north)
    assert history_duplicates() == []
    assert sync_status(north.db).pending == 0


def test_a_push_is_answered_compactly_to_a_desk_that_asks_and_whole_to_one_of_before(
        server, desks, record):
    from desktop.demo.samples import sample_application
    from desktop.storage.repositories.applications import save_draft
    from desktop.sync.client.engine import open_transport
    from desktop.sync.protocol import answer_results

    north = desks("AKT-05")
    north.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    north.sync()
    changes = []
    for _ in range(200):
        member = record("members", str(uuid.uuid4()), application_id=app.application_id,
                        surname="Әбдірова", relationship="spouse")
        changes.append({"t": "members", "id": member["id"], "v": 1, "b": 0,
                        "d": json.dumps(member, ensure_ascii=False, separators=(",", ":"))})
    changes.insert(100, {"t": "no_such_table", "id": str(uuid.uuid4()), "v": 1, "b": 0,
                         "d": "{}"})
    body = orjson.dumps({"node": north.db.node_id, "seq": 1000, "changes": changes})
    with open_transport(north.db) as transport:
        transport.status()
        compact = transport.push(body, compact=True)
        whole = transport.push(body)  # the same batch again, from a desk of before
        again = transport.push(body, compact=True)  # and again, answered from the record
    # only the exception, by its place; the 200 plain "ok" are a count
    assert set(compact) == {"seq", "count", "other"} and compact["count"] == 201
    assert list(compact["other"]) == ["100"]
    assert compact["other"]["100"]["s"] == "refused"
    assert compact["other"]["100"]["r"] == "unknown_table"
    assert again == compact
    assert len(whole["results"]) == 201 and whole["results"][100] == compact["other"]["100"]
    # both forms say the same of each change
    read = answer_results(compact, changes)
    assert [(c["id"], r) for c, r in read] == [
        (c["id"], None if r["s"] == "ok" else r) for c, r in zip(changes, whole["results"],
                                                                  strict=True)]
    assert all(r["v"] == 1 for r in whole["results"] if r["s"] == "ok")
    assert len(orjson.dumps(compact)) * 50 < len(orjson.dumps(whole))

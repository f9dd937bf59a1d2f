"""Each service's case path across desks: the server holds a case to the path of its own
service. A certificate issued at once is taken; a head's visa, a step of АСП's path, is taken
on an АСП case and refused on a certificate's; a registered case's service changed behind the
program's back is refused."""

from __future__ import annotations

import itertools
from typing import Any

import orjson
import pytest

from desktop.domain.case_path import Action
from desktop.domain.case_status import CaseStatus
from desktop.sync.client.engine import open_transport
from tests.support.casework import Casework, Clock, parameters, server_record, synced

pytestmark = pytest.mark.postgres

_SEQ = itertools.count(200_000)  # batch numbers far from the desk's own


def _forge(desk: Any, changes: list[dict[str, Any]]) -> tuple[str, str, str | None]:
    """A batch the desk wrote itself, sent with its own credentials: the one result."""
    body = orjson.dumps({"node": desk.db.node_id, "seq": next(_SEQ), "changes": [
        {**c, "d": orjson.dumps(c["d"]).decode()} for c in changes]})
    with open_transport(desk.db) as transport:
        [result] = transport.push(body)["results"]
    return result["s"], result.get("r", ""), result.get("f")


def _edit(database: str, record_id: str, **values: Any) -> dict[str, Any]:
    found = server_record(database, "applications", record_id)
    assert found is not None
    version, data = found
    return {"t": "applications", "id": record_id, "v": version + 1, "b": version,
            "d": {**data, **values, "version": version + 1}}


def test_each_case_is_held_to_its_own_services_path(server, desks, tmp_path):
    office = desks("AUD-01", "district")
    office.enrol(server)
    work = Casework(office, parameters(tmp_path / "params"), Clock())
    head = work.users["head"]
    certificate = work.register(seed=1, service="unemployed_certificate")
    other = work.register(seed=3, service="unemployed_certificate")
    asp = work.register(seed=2)
    synced(office)
    on_server = server_record(server.database, "applications", certificate)
    assert on_server is not None and on_server[1]["service"] == "unemployed_certificate"
    assert on_server[1]["registration_number"] == "AUD-01-2026-1-BS-000001"

    # the certificate issued at once: registered -> delivered, on its own path
    assert work.cases.step(head, certificate, Action.ISSUE_RESULT) is CaseStatus.DELIVERED
    synced(office)
    assert server_record(server.database, "applications", certificate)[1]["status"] == \
        "delivered"

    # a visa is a step of АСП's path, not of the certificate's
    assert _forge(office, [_edit(server.database, other, status="visa")]) == \
        ("refused", "registered", "status")
    assert _forge(office, [_edit(server.database, asp, status="visa")]) == ("ok", "", None)
    # nor may a registered case change its service (and with it its path)
    assert _forge(office, [_edit(server.database, other, service="asp")]) == \
        ("refused", "registered", "service")
    assert server_record(server.database, "applications", other)[1]["status"] == "registered"

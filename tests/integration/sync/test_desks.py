"""Two akimat desks and a district desk work offline, then meet on the real server."""

from __future__ import annotations

import httpx
import pytest

from desktop.demo.samples import sample_application
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client.status import sync_status
from desktop.sync.errors import SyncError
from desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, REFERENCE_SCOPE, ErrorCode

pytestmark = pytest.mark.postgres


def test_offline_work_of_three_desks_arrives_exactly_once(server, desks, district_rows,
                                                           held_by, history_duplicates):
    north, south = desks("AKT-05"), desks("AKT-07")
    district = desks("AUD-01", "district")
    for number, desk in enumerate((north, south, district)):
        desk.fill(15, seed=number)  # offline, before the desk ever saw a server
        desk.enrol(server)
    north_draft = save_draft(north.db, sample_application(office_code="AKT-05"))
    south_draft = save_draft(south.db, sample_application(office_code="AKT-07"))

    for desk in (north, south, district, north, south):
        desk.sync()

    on_server = set(district_rows())
    everything = held_by(north) | held_by(south) | held_by(district)
    assert on_server == everything
    assert held_by(district) == everything  # the district sees the whole district
    assert ("applications", south_draft.application_id) not in held_by(north)
    assert ("applications", north_draft.application_id) in held_by(north)
    assert {t for t, _ in held_by(north)} >= {"offices", "staff", "applications", "incomes"}
    assert history_duplicates() == []
    for desk in (north, south, district):
        again = desk.sync()
        assert (again.accepted, again.pulled, again.conflicts) == (0, 0, 0)
        assert sync_status(desk.db).pending == 0


def test_an_akimat_cannot_write_another_offices_cases(server, desks, district_rows):
    north = desks("AKT-05")
    north.enrol(server)
    foreign = save_draft(north.db, sample_application(office_code="AKT-07"))
    report = north.sync()
    assert report.refused > 0
    assert ("applications", foreign.application_id) not in district_rows()
    assert sync_status(north.db).conflicts > 0  # shown to a person, not dropped silently


def test_wrong_and_revoked_credentials_get_a_clear_answer(server, desks):
    north = desks("AKT-05")
    north.enrol(server)
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION),
               "Authorization": f"Bearer {north.db.node_id}.AAAA"}
    answer = httpx.get(server.url + "/v1/status", headers=headers)
    assert answer.status_code == 401 and answer.json()["error"] == "bad_credentials"
    for version in ("0", "1"):  # 1: records as objects in a push, before records as text
        old = httpx.get(server.url + "/v1/status", headers={PROTOCOL_HEADER: version})
        assert old.status_code == 426 and old.json()["error"] == "protocol_mismatch"
    server.cli("revoke", "--node", north.db.node_id)
    with pytest.raises(SyncError) as refused:
        north.sync()
    assert refused.value.code == ErrorCode.REVOKED.value
    assert not refused.value.retry_later


def test_the_server_log_holds_no_personal_data(server, desks):
    north = desks("AKT-05")
    north.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    north.sync()
    log = server.log.read_text(encoding="utf-8")
    assert "push node=" in log
    member = app.members[0]
    for secret in (member.iin, member.name.surname, app.applicant.phone):
        assert secret and secret not in log
    assert REFERENCE_SCOPE  # reference data is a scope of its own

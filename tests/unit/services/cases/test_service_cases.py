"""Cases of the catalogue's other services: their numbers, deadlines, paths and decisions.

The wizard of each service comes with phase 2; here a registered application is made the way
the desk makes one (``register``), its session marked with the service, so that registration,
the case path and the decisions run as they will for that service."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from desktop.demo.intake_family import fill_family
from desktop.domain.assessment import Outcome
from desktop.domain.case_path import Action, ActionNotAllowedError
from desktop.domain.case_status import CaseStatus
from desktop.domain.decision import DecisionTerms
from desktop.domain.model import Channel
from desktop.services import reports
from desktop.services.case_queries import load_case, my_work
from desktop.services.cases import CaseInputError
from desktop.services.district_decisions import DecisionProblems, add_decision
from desktop.services.intake import new_session, register
from desktop.services.journal import Journal
from desktop.storage.models import ApplicationRecord, CaseStateRecord, DecisionRecord
from desktop.storage.registration import RegistrationNumber
from desktop.storage.repositories.applications import load_application
from tests.support.case_world import DAY, World


def register_as(world: World, service: str, *, seed: int = 0, details: dict | None = None,
                when: dt.datetime | None = None) -> str:
    session = new_session(world.context, DAY)
    fill_family(session, 3, seed=seed)
    session.service = service
    result = register(world.context, session, "ru", now=when or world.clock())
    if details:
        with world.db.session() as s:
            import json

            record = s.get(ApplicationRecord, result.application.application_id)
            assert record is not None
            record.service_details = json.dumps(details, ensure_ascii=False)
    return result.application.application_id


def record(world: World, application_id: str) -> ApplicationRecord:
    with world.db.session() as s:
        found = s.get(ApplicationRecord, application_id)
        assert found is not None
        s.expunge(found)
        return found


def test_each_service_numbers_its_own_journal_and_asps_numbers_stay_as_they_were(world: World):
    first = record(world, register_as(world, "unemployed_certificate", seed=1))
    asp = record(world, register_as(world, "asp", seed=2))
    second = record(world, register_as(world, "unemployed_certificate", seed=3))
    assert first.registration_number == "AKT-01-2026-BS-000001"
    assert second.registration_number == "AKT-01-2026-BS-000002"
    assert asp.registration_number == "AKT-01-2026-000001"
    parsed = RegistrationNumber.parse(second.registration_number)
    assert (parsed.marker, parsed.seq, parsed.desk) == ("BS", 2, None)
    assert (first.service, asp.service) == ("unemployed_certificate", "asp")
    assert load_application(world.db, first.id).service == "unemployed_certificate"


def test_a_certificate_is_due_the_same_day_and_issued_closed_in_one_sitting(world: World):
    app_id = register_as(world, "unemployed_certificate")
    assert record(world, app_id).due_date == DAY
    desk, head = world.users["desk"], world.users["head"]
    with pytest.raises(ActionNotAllowedError):
        world.cases.step(head, app_id, Action.VISA)  # not a step of this service
    with pytest.raises(ActionNotAllowedError):
        world.cases.step(head, app_id, Action.ISSUE_RESULT)  # the front desk's
    assert world.cases.step(desk, app_id, Action.ISSUE_RESULT) is CaseStatus.DELIVERED
    view = load_case(world.db, app_id, desk, "ru", DAY)
    assert view.status is CaseStatus.DELIVERED and view.actions == ()
    with world.db.session() as s:
        state = s.query(CaseStateRecord).filter_by(application_id=app_id).one()
        assert state.step_due is None  # closed: nothing is awaited


def test_the_registration_of_the_unemployed_goes_visa_draft_decision_notification(
        world: World):
    app_id = register_as(world, "unemployed_registration")
    # 10 min + 2 h + 1 + 2 + 1 working days + 10 min (services.md §1): four working days
    calendar = world.context.parameters.calendar
    assert record(world, app_id).due_date == calendar.add_working_days(DAY, 4)
    users = world.users
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    with world.db.session() as s:
        state = s.query(CaseStateRecord).filter_by(application_id=app_id).one()
        # awaited in "visa": the executor's examination, 2 working days from today
        assert state.step_due == calendar.add_working_days(DAY, 2)
    drafted = world.cases.prepare_draft(users["exec"], app_id)
    assert drafted.outcome is Outcome.ASSIGNED  # nothing to calculate
    with world.db.session() as s:
        assert s.query(DecisionRecord).filter_by(application_id=app_id).count() == 0
    with pytest.raises(CaseInputError):
        world.cases.decide(users["head"], app_id, DecisionTerms(Outcome.REFUSED))
    assert world.cases.decide(users["head"], app_id, DecisionTerms(Outcome.ASSIGNED)) \
        is CaseStatus.ASSIGNED
    assert world.cases.step(users["desk"], app_id, Action.ISSUE_NOTIFICATION) \
        is CaseStatus.DELIVERED
    with pytest.raises(ActionNotAllowedError):  # what follows an АСП assignment is not here
        world.cases.step(users["head"], app_id, Action.TERMINATE)


def test_my_work_lists_the_cases_of_every_service(world: World):
    certificate = register_as(world, "unemployed_certificate", seed=1)
    asp = register_as(world, "asp", seed=2)
    desk_work = {item.application_id: item.actions for item in my_work(world.db,
                                                                       world.users["desk"])}
    assert desk_work[certificate] == (Action.ISSUE_RESULT,)
    head_work = {item.application_id for item in my_work(world.db, world.users["head"])}
    assert asp in head_work and certificate not in head_work


def test_the_journal_and_the_reports_tell_the_services_apart(world: World):
    register_as(world, "unemployed_certificate", seed=1)
    register_as(world, "unemployed_certificate", seed=2)
    register_as(world, "asp", seed=3)
    journal = Journal(world.db)
    assert journal.count() == 3
    assert journal.count(service="unemployed_certificate") == 2
    rows = journal.page(0, 10, service="unemployed_certificate")
    assert {r.service for r in rows} == {"unemployed_certificate"}
    assert len(journal.page(0, 10, sort="service")) == 3
    table = reports.by_service_and_status(world.db, DAY, DAY)
    cells = {(str(row[0].params["title"].ru), row[-1]) for row in table.rows}
    assert cells == {("Справка безработному", 2), ("Адресная социальная помощь (АСП)", 1)}
    one = reports.by_status_and_channel(world.db, DAY, DAY, service="asp")
    assert one.totals[-1] == 1
    assert reports.by_service_and_month(world.db, DAY, DAY).headers[1] == "2026-11"
    assert reports.by_service_and_channel(world.db, DAY, DAY).totals[-1] == 3


def test_a_computing_service_drafts_its_decision_by_its_rules(world: World, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KOMEK_PARAMS_OVERLAY", str(tmp_path / "overlay"))
    decision = {
        "district": "Актогайский район", "number": "7/1", "date": dt.date(2026, 1, 10),
        "in_force": {"from": dt.date(2026, 1, 20), "to": None}, "source": "Решение № 7/1",
        "fuel": {"amount": "45000", "spheres": ["health", "education"]}}
    assert isinstance(add_decision({**decision, "number": ""}), DecisionProblems)
    assert add_decision(decision).is_file()
    app_id = register_as(world, "rural_fuel", details={
        "sphere": "education", "lives_in_rural_settlement": True,
        "works_in_rural_settlement": True})
    users = world.users
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    drafted = world.cases.prepare_draft(users["exec"], app_id)
    assert drafted.outcome is Outcome.ASSIGNED
    assert drafted.monthly_amount == 4_500_000  # the one-time payment, kept as its month's
    assert world.cases.decide(users["head"], app_id, drafted) is CaseStatus.ASSIGNED
    view = load_case(world.db, app_id, users["exec"], "kk", DAY)
    assert view.trace and view.trace[-1]["code"] == "decision"


def test_an_akim_case_of_the_maslikhat_assistance_goes_through_the_district(world: World):
    context = dataclasses.replace(
        world.context, channel=Channel.AKIM,
        office=dataclasses.replace(world.context.office, code="AKT-AK-02"))
    session = new_session(context, DAY)
    fill_family(session, 2, seed=5)
    session.service = "local_assistance"
    app_id = register(context, session, "kk", now=world.clock()).application.application_id
    assert record(world, app_id).registration_number.startswith("AKT-AK-02-2026-SP-")
    users = world.users
    assert world.cases.step(users["akimat"], app_id, Action.SEND_TO_DISTRICT) \
        is CaseStatus.SENT_TO_DISTRICT
    assert world.cases.step(users["desk"], app_id, Action.RECEIVE_AT_DISTRICT) \
        is CaseStatus.RECEIVED_BY_DISTRICT
    with pytest.raises(ActionNotAllowedError):  # no commission in this service's path
        world.cases.step(users["akimat"], app_id, Action.REFER_TO_COMMISSION)

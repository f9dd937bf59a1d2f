"""The wizard's Qt-free session: values, derived fields, problems, documents, drafts, mapping."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.demo.intake_family import fill_family, people, present_documents, write_test_overlay
from desktop.domain.intake_session import (
    DOCUMENTS,
    INCOMES,
    MEMBERS,
    IntakeSession,
    SessionReadOnlyError,
    cell_key,
)
from desktop.domain.model import Channel, Office, Relationship, Sex
from desktop.domain.quarters import Quarter
from desktop.formspec import load_all
from desktop.parameters.store import load_parameters

DAY = dt.date(2026, 11, 20)
OFFICE = Office("AKT-01", "karaganda", "Актогайский район")
FORMS = load_all()


def new_session(channel: Channel = Channel.DISTRICT_OFFICE) -> IntakeSession:
    return IntakeSession(FORMS, channel=channel, office=OFFICE, application_date=DAY,
                         rule_set_id="social-code-2023")


def test_iin_fills_birth_date_and_sex_and_the_applicants_family_row():
    session = new_session()
    _rel, _name, sex, birth, iin = people(1, DAY)[0]
    changed = session.set_value("applicant_iin", iin)
    assert session.value("applicant_birth_date") == birth
    assert session.value("applicant_sex") == sex.value == Sex.FEMALE.value
    row = session.rows(MEMBERS)[0]
    assert row["member_iin"] == iin and row["member_birth_date"] == birth
    assert cell_key(MEMBERS, row["row_id"], "member_iin") in changed
    assert "applicant_iin" not in session.problems


def test_bad_iin_has_a_problem_with_the_domains_message():
    session = new_session()
    session.set_value("applicant_iin", "123")
    (problem,) = session.problems["applicant_iin"]
    assert problem.code == "iin.length"
    assert session.step_problems("application", include_required=False)


def test_duplicate_iin_in_the_family_is_refused_at_the_cell():
    session = new_session()
    iin = people(1, DAY)[0][4]
    session.set_value("applicant_iin", iin)
    row = session.add_row(MEMBERS)
    session.set_cell(MEMBERS, row, "member_iin", iin)
    codes = [p.code for p in session.problems[cell_key(MEMBERS, row, "member_iin")]]
    assert codes == ["family.duplicate_iin"]


def test_new_member_lives_at_the_applicants_address_and_the_applicant_row_stays():
    session = new_session()
    session.set_value("applicant_locality", "Ақтоғай")
    row = session.add_row(MEMBERS)
    assert session.cell(MEMBERS, row, "member_registered_locality") == "Ақтоғай"
    with pytest.raises(ValueError):
        session.remove_row(MEMBERS, session.rows(MEMBERS)[0]["row_id"])
    session.remove_row(MEMBERS, row)
    assert len(session.rows(MEMBERS)) == 1


def test_representative_fields_are_required_only_when_there_is_one():
    session = new_session()
    session.validate_all()
    assert "representative_surname" not in session.problems
    session.set_value("has_representative", True)
    assert session.problems["representative_surname"][0].code == "required"


def test_whole_family_converts_to_an_application_through_the_bindings():
    session = new_session()
    fill_family(session, 5)
    assert session.blocking_problems() == []
    app = session.to_application()
    assert [m.relationship for m in app.members][:2] == [Relationship.APPLICANT,
                                                          Relationship.SPOUSE]
    assert app.applicant_member.name.surname == "Тестқызы"
    assert app.applicant.bank_account is not None and app.applicant.bank_account.iban
    assert {i.quarter for i in app.incomes} == {Quarter(2026, 3)}
    assert sum(i.amount for i in app.incomes) == (6 * 45_000 + 3 * 18_000) * 100
    assert app.consents.personal_data and app.livestock[0].heads == 1


def test_assessment_comes_from_the_rules_engine(tmp_path: Path):
    overlay = write_test_overlay(tmp_path, "karaganda", [Quarter.of(DAY)])
    session = new_session()
    fill_family(session, 5)
    live = session.assessment(load_parameters(overlay_dir=overlay))
    assert live.assessment is not None and live.assessment.eligible
    assert live.assessment.per_capita_income == 2_260_000
    assert [s.code for s in live.assessment.trace][-1] == "decision"


def test_assessment_explains_why_there_is_none(tmp_path: Path):
    session = new_session()
    fill_family(session, 2)
    live = session.assessment(load_parameters(overlay_dir=tmp_path))  # no poverty line
    assert live.assessment is None and live.messages


def test_missing_and_expired_documents_by_their_slip_names():
    session = new_session()
    fill_family(session, 3, documents=False)
    present_documents(session, skip=("residence_registration",))
    session.set_value("applicant_id_expiry_date", "01.01.2026")
    problems = {(p.document, p.problem) for p in session.document_problems()}
    assert problems == {("residence_registration", "missing"), ("identity_document", "expired")}
    expired = next(p for p in session.document_problems() if p.problem == "expired")
    assert expired.expired_on == dt.date(2026, 1, 1)
    assert expired.name.ru == "документ, удостоверяющий личность"


def test_power_of_attorney_is_required_with_a_representative():
    session = new_session()
    fill_family(session, 2)
    assert session.document_problems() == []
    session.set_value("has_representative", True)
    assert [p.document for p in session.document_problems()] == ["power_of_attorney"]


def test_draft_state_is_json_and_comes_back_unchanged():
    session = new_session()
    fill_family(session, 4)
    session.set_value("applicant_phone", "8 7")  # not valid yet, but kept as typed
    state = json.loads(json.dumps(session.to_state(), ensure_ascii=False))
    again = IntakeSession.from_state(FORMS, state)
    assert again.to_state() == session.to_state()
    assert again.value("applicant_phone") == "8 7"
    assert again.to_application() == session.to_application()


def test_stored_application_is_shown_read_only():
    session = new_session()
    fill_family(session, 3)
    app = session.to_application()
    shown = IntakeSession.from_application(FORMS, app, "social-code-2023")
    assert shown.to_application() == app
    shown.read_only = True
    with pytest.raises(SessionReadOnlyError):
        shown.set_value("applicant_phone", "1")
    with pytest.raises(SessionReadOnlyError):
        shown.add_row(INCOMES)


def test_akim_channel_has_its_own_checklist_rows():
    session = new_session(Channel.AKIM)
    kinds = [row["document_kind"] for row in session.rows(DOCUMENTS)]
    assert "identity_document" in kinds and "application" in kinds

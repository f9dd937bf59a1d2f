"""Issue 17: what is better said where it is typed, and what the desk knows is not typed."""

from __future__ import annotations

import datetime as dt

from desktop.demo.intake_family import people
from desktop.domain.intake_session import (
    DOCUMENTS,
    MEMBERS,
    IntakeSession,
    KnownPerson,
    cell_key,
)
from desktop.domain.model import Channel, Office
from desktop.formspec import load_all

DAY = dt.date(2026, 11, 20)
FORMS = load_all()


def new_session(rule_set: str = "social-code-2023") -> IntakeSession:
    return IntakeSession(FORMS, channel=Channel.DISTRICT_OFFICE,
                         office=Office("AKT-01", "karaganda", "Актогайский район"),
                         application_date=DAY, rule_set_id=rule_set)


def identity_row(session: IntakeSession) -> dict:
    return next(r for r in session.rows(DOCUMENTS) if r["document_kind"] == "identity_document")


def test_the_applicant_lives_in_the_offices_district_until_told_otherwise():
    session = new_session()
    assert session.value("applicant_district") == "Актогайский район"
    session.set_value("applicant_district", "Шет ауданы")
    assert session.value("applicant_district") == "Шет ауданы"


def test_an_expired_identity_document_is_a_warning_at_its_date_and_is_carried_on():
    session = new_session()
    session.set_value("applicant_id_number", "012345678")
    session.set_value("applicant_id_issue_date", "15.03.2010")
    session.set_value("applicant_id_expiry_date", "14.03.2020")
    (problem,) = session.problems["applicant_id_expiry_date"]
    assert problem.warning and problem.code == "document.expired"
    assert problem.message.params["date"] == dt.date(2020, 3, 14)
    assert not session.step_problems("application", include_required=False)  # not blocking
    row = identity_row(session)
    assert (row["document_number"], row["document_issue_date"],
            row["document_expiry_date"]) == ("012345678", "15.03.2010", "14.03.2020")
    session.set_value("applicant_id_expiry_date", "14.03.2030")
    assert "applicant_id_expiry_date" not in session.problems
    assert identity_row(session)["document_expiry_date"] == "14.03.2030"


def test_a_number_corrected_on_the_documents_page_is_not_overwritten_from_page_1():
    session = new_session()
    session.set_value("applicant_id_number", "0123")
    row = identity_row(session)
    session.set_cell(DOCUMENTS, row["row_id"], "document_number", "N 999")
    session.set_value("applicant_id_number", "01234")
    assert identity_row(session)["document_number"] == "N 999"


def test_an_expired_document_is_no_warning_under_a_regime_that_accepts_it():
    session = new_session("law2001-2015")
    session.set_value("applicant_id_expiry_date", "14.03.2020")
    assert "applicant_id_expiry_date" not in session.problems


def test_an_iin_the_journal_holds_under_another_name_is_a_warning_at_the_iin():
    session = new_session()
    _rel, _name, _sex, _birth, iin = people(2, DAY)[1]
    asked: list[str] = []

    def journal(number: str) -> list[KnownPerson]:
        asked.append(number)
        return [KnownPerson("Серікбаева Әсел Нұрланқызы", "AKT-01-2026-000007")] \
            if number == iin else []

    session.people_lookup = journal
    session.set_value("applicant_iin", iin)
    assert "applicant_iin" not in session.problems  # no name typed yet: nothing to compare
    for surname in ("С", "Сер", "СЕРИКБАЕВА"):  # either spelling, as it is being typed
        session.set_value("applicant_surname", surname)
        assert "applicant_iin" not in session.problems
    session.set_value("applicant_surname", "Ахметова")
    (problem,) = session.problems["applicant_iin"]
    assert problem.warning and problem.code == "iin.other_name"
    assert problem.message.params == {"name": "Серікбаева Әсел Нұрланқызы",
                                      "number": "AKT-01-2026-000007"}
    row = session.rows(MEMBERS)[0]  # the applicant's family row shows it too
    assert session.problems[cell_key(MEMBERS, row["row_id"], "member_iin")][0].warning
    assert not session.step_problems("application", include_required=False)
    assert set(asked) == {iin}  # asked once per IIN, whatever was typed after


def test_a_family_members_iin_is_checked_against_the_members_name():
    session = new_session()
    iin = people(3, DAY)[2][4]
    session.people_lookup = lambda number: [KnownPerson("Қасымов Ерлан", "")] \
        if number == iin else []
    row = session.add_row(MEMBERS)
    session.set_cell(MEMBERS, row, "member_iin", iin)
    session.set_cell(MEMBERS, row, "member_surname", "Касымов")
    assert cell_key(MEMBERS, row, "member_iin") not in session.problems
    session.set_cell(MEMBERS, row, "member_first_name", "Дәурен")
    (problem,) = session.problems[cell_key(MEMBERS, row, "member_iin")]
    assert problem.warning and problem.message.params["number"] == "—"

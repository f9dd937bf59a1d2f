"""Intake use cases over a real SQLite file: drafts, registration with coupon, refusal slip."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.demo.intake_family import fill_family, present_documents, write_test_overlay
from desktop.domain.intake_session import MEMBERS, SessionReadOnlyError
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.services.drafts import (
    list_open_drafts,
    open_draft,
    other_open_applications_with_iin,
    save_draft,
)
from desktop.services.intake import (
    IntakeNotReadyError,
    intake_context,
    new_session,
    open_application,
    refuse_intake,
    register,
)
from desktop.services.journal import Journal
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.database import Database
from desktop.storage.models import AuditRecord, JournalEntryRecord, TransferRecord
from desktop.storage.repositories.applications import ApplicationLockedError
from desktop.storage.repositories.applications import save_draft as store

DAY = dt.date(2026, 11, 20)  # a Friday
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)


def setup(kind: str = "district_office") -> WorkstationSetup:
    return WorkstationSetup(
        region="Карагандинская область", district="Актогайский район", office_kind=kind,
        office_name_kk="Ақтоғай ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
        office_name_ru="Отдел занятости и социальных программ Актогайского района",
        office_code="AKT-01" if kind == "district_office" else "AKT-AK-02",
        operator_full_name="Сейтқали Әлия Нұрланқызы", operator_position="бас маман")


@pytest.fixture
def context(db: Database, tmp_path: Path):
    save_setup(db, setup())
    overlay = write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(DAY)])
    return intake_context(db, parameters=load_parameters(overlay_dir=overlay))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_draft_is_saved_listed_and_reopened_with_everything_typed(context):
    session = new_session(context, DAY)
    fill_family(session, 3)
    session.set_value("applicant_phone", "8 70")
    draft_id = save_draft(context.db, session)
    (summary,) = list_open_drafts(context.db)
    assert summary.draft_id == draft_id and summary.applicant_name.startswith("Тестқызы")
    again = open_draft(context.db, context.forms, draft_id)
    assert again.to_state() == session.to_state()


def test_register_numbers_journals_and_prints_the_coupon(context):
    session = new_session(context, DAY)
    fill_family(session, 5)
    draft_id = save_draft(context.db, session)
    result = register(context, session, "ru", now=NOW)
    assert result.number == "AKT-01-2026-000001"
    assert result.due_date > DAY and session.read_only
    row = Journal(context.db).page(0, 10)[0]
    assert (row.registration_number, row.status, row.due_date) == (
        result.number, "registered", result.due_date)
    text = pdf_text(result.coupon_pdf)
    assert result.number in text and "Сейтқали Ә. Н." in text
    assert result.due_date.strftime("%d.%m.%Y") in text
    assert list_open_drafts(context.db) == [] and draft_id
    with context.db.session() as s:
        actions = set(s.scalars(select(AuditRecord.action)))
        entries = s.scalars(select(JournalEntryRecord.status)).all()
    assert {"application.register", "print.coupon"} <= actions and entries == ["registered"]
    second = new_session(context, DAY)
    fill_family(second, 2, seed=3)
    assert register(context, second, "kk", now=NOW).number == "AKT-01-2026-000002"


def test_registered_application_cannot_be_edited(context):
    session = new_session(context, DAY)
    fill_family(session, 2)
    result = register(context, session, "kk", now=NOW)
    shown = open_application(context, result.application.application_id)
    assert shown.read_only and shown.registration_number == result.number
    with pytest.raises(SessionReadOnlyError):
        shown.set_value("applicant_phone", "87000000000")
    with pytest.raises(ApplicationLockedError):
        store(context.db, result.application)


def test_incomplete_documents_cannot_be_registered_and_get_a_slip(context):
    session = new_session(context, DAY)
    fill_family(session, 5, documents=False)
    present_documents(session, skip=("residence_registration", "identity_document"))
    with pytest.raises(IntakeNotReadyError):
        register(context, session, "ru")
    result = refuse_intake(context, session, "ru", now=NOW)
    text = pdf_text(result.slip_pdf)
    assert "документ, удостоверяющий личность" in text
    assert "адресная справка" in text.replace("\n", " ")
    row = Journal(context.db).page(0, 10)[0]
    assert row.status == "refused_intake" and row.registration_number is None
    (draft,) = list_open_drafts(context.db)
    assert draft.refused_at is not None
    # the family comes back with the papers: the same draft is registered
    again = open_draft(context.db, context.forms, draft.draft_id, today=DAY)
    present_documents(again)
    assert register(context, again, "ru", now=NOW).number.endswith("000001")


def test_iin_in_another_open_application_is_found(context):
    first = new_session(context, DAY)
    fill_family(first, 3)
    result = register(context, first, "kk", now=NOW)
    iin = first.rows(MEMBERS)[1]["member_iin"]
    (case,) = other_open_applications_with_iin(context.db, iin)
    assert case.kind == "application" and case.registration_number == result.number
    draft = new_session(context, DAY)
    fill_family(draft, 2, seed=5)
    save_draft(context.db, draft)
    found = other_open_applications_with_iin(context.db, draft.value("applicant_iin"))
    assert [c.kind for c in found] == ["draft"]
    assert other_open_applications_with_iin(context.db, draft.value("applicant_iin"),
                                            exclude_draft=draft.draft_id) == []


def test_akimat_registers_into_the_transfer_registry(db: Database, tmp_path: Path):
    save_setup(db, setup("akimat"))
    overlay = write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(DAY)])
    context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
    session = new_session(context, DAY)
    fill_family(session, 3)
    result = register(context, session, "kk", now=NOW)
    assert result.number.startswith("AKT-AK-02-2026-")
    with db.session() as s:
        (line,) = s.scalars(select(TransferRecord)).all()
    assert line.application_id == result.application.application_id
    assert line.transfer_due is not None and line.transfer_due > DAY
    assert result.transfer_due == line.transfer_due


def test_the_logged_in_account_is_the_accepting_person(db: Database, tmp_path: Path):
    """With accounts, the coupon, the application record and the audit name who took the
    documents, not the workstation's operator from the setup."""
    from desktop.domain.roles import Role
    from desktop.services.accounts import create_account
    from desktop.storage.models import ApplicationRecord

    save_setup(db, setup())
    admin = create_account(db, None, username="admin", full_name="Әкімші Тест",
                           password="correct-horse-9", roles=[Role.ADMINISTRATOR])
    clerk = create_account(db, admin, username="clerk", full_name="Жұмабаева Гүлнар Серікқызы",
                           password="correct-horse-9", roles=[Role.FRONT_DESK],
                           position="жетекші маман")
    overlay = write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(DAY)])
    db.acting_staff_id = clerk.staff_id  # as the interface binds it at log-in
    context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
    assert context.staff_id == clerk.staff_id
    session = new_session(context, DAY)
    fill_family(session, 3)
    result = register(context, session, "kk", now=NOW)
    text = pdf_text(result.coupon_pdf)
    assert "Жұмабаева Г. С." in text and "жетекші маман" in text
    assert "Сейтқали" not in text
    with db.session() as s:
        record = s.get(ApplicationRecord, result.application.application_id)
        actors = set(s.scalars(select(AuditRecord.actor_id)
                               .where(AuditRecord.action == "application.register")))
    assert record is not None and record.registered_by == clerk.staff_id
    assert actors == {clerk.staff_id}


def test_a_draft_changed_underneath_an_open_wizard_is_merged_not_overwritten(context):
    """While the wizard holds a draft, a sync brings another desk's edit of it (or merges
    one in). The wizard's next save merges field by field instead of writing its older copy
    over it; what this person typed wins a field both changed."""
    session = new_session(context, DAY)
    fill_family(session, 3)
    draft_id = save_draft(context.db, session)
    elsewhere = open_draft(context.db, context.forms, draft_id)  # as a pull would store it
    elsewhere.set_value("applicant_occupation", "тракторист")
    elsewhere.set_value("applicant_house", "9")
    save_draft(context.db, elsewhere)
    session.set_value("applicant_phone", "8 701 000 00 01")
    session.set_value("applicant_house", "11")
    revision = session.revision
    save_draft(context.db, session)
    stored = open_draft(context.db, context.forms, draft_id)
    for shown in (stored, session):  # the open wizard shows the other desk's edit too
        assert (shown.value("applicant_phone"), shown.value("applicant_occupation"),
                shown.value("applicant_house")) == ("8 701 000 00 01", "тракторист", "11")
    assert session.revision != revision  # the wizard rebuilds its pages
    revision = session.revision
    session.set_value("applicant_flat", "3")
    save_draft(context.db, session)  # nothing changed underneath: saved as it is
    assert session.revision == revision + 1


@pytest.mark.parametrize(("lang", "district"), [("kk", "Ақтоғай ауданы"),
                                               ("ru", "Актогайский район"),
                                               ("", "Актогайский район")])
def test_the_applicants_district_starts_as_the_offices_in_the_desks_language(
        context, lang, district):
    """The setup names the district as the reference offices do (in Russian); a Kazakh desk's
    new application starts with its Kazakh name, not «Актогайский район» on a Kazakh form."""
    assert new_session(context, DAY, lang=lang).value("applicant_district") == district


def test_the_printed_application_names_the_office_area_in_the_blanks_language(context):
    """The addressee line under «В уполномоченный орган» / its Kazakh twin names the office's
    district in the language of the blank; the Kazakh one printed the Russian name before."""
    from desktop.services.printouts import DocumentKind, print_document

    session = new_session(context, DAY, lang="kk")
    fill_family(session, 2)
    result = register(context, session, "kk", now=NOW)
    kazakh = pdf_text(print_document(context.db, DocumentKind.APPLICATION,
                                     result.application.application_id, "kk").pdf)
    russian = pdf_text(print_document(context.db, DocumentKind.APPLICATION,
                                      result.application.application_id, "ru").pdf)
    assert "Ақтоғай ауданы" in kazakh and "Актогайский" not in kazakh
    assert "Актогайский район" in russian

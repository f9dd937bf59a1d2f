"""The akimat's transfer registry: pending applications, numbered batches, status, printing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.domain.case_status import CaseStatus
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.services.cases import CaseService
from desktop.services.intake import intake_context, new_session, register
from desktop.services.printouts import print_history
from desktop.services.transfer import (
    TransferNotReadyError,
    batches,
    form_batch,
    pending_transfers,
    print_registry,
)
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.audit import verify_audit_chain
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord, AuditRecord, JournalEntryRecord

DAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)
AKIMAT = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район", office_kind="akimat",
    office_name_kk="Ақтоғай селосы әкімі аппараты",
    office_name_ru="Аппарат акима села Актогай", office_code="AKT-AK-02",
    operator_full_name="Бекова Сәуле Маратқызы", operator_position="әкім орынбасары")


@pytest.fixture
def numbers(db: Database, tmp_path: Path) -> list[str]:
    save_setup(db, AKIMAT)
    overlay = write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(DAY)])
    context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
    found = []
    for seed in range(3):
        session = new_session(context, DAY)
        fill_family(session, 2 + seed, seed=seed)
        found.append(register(context, session, "kk", now=NOW).number)
    return found


def ids_of(db: Database, numbers: list[str]) -> list[str]:
    with db.session() as s:
        by_number = dict(s.execute(select(ApplicationRecord.registration_number,
                                          ApplicationRecord.id)).all())
    return [by_number[n] for n in numbers]


def conclude(db: Database, *application_ids: str) -> None:
    """What the case workflow records when the district commission's conclusion comes in."""
    with db.session() as s:
        for application_id in application_ids:
            record = s.get(ApplicationRecord, application_id)
            assert record is not None
            record.status = CaseStatus.COMMISSION_CONCLUDED.value


def test_registered_applications_wait_in_the_registry(db, numbers):
    pending = pending_transfers(db)
    assert [p.registration_number for p in pending] == numbers
    assert all(p.status == "registered" and not p.ready for p in pending)
    assert all(p.transfer_due and p.transfer_due > DAY for p in pending)
    assert all(p.applicant_name.startswith("Тест") and len(p.iin) == 12 for p in pending)


def test_a_batch_cannot_hold_an_application_the_commission_has_not_concluded(db, numbers):
    first, second, _third = ids_of(db, numbers)
    conclude(db, first)
    with pytest.raises(TransferNotReadyError) as caught:
        form_batch(db, [first, second], today=DAY)
    assert caught.value.messages[0].params["number"] == numbers[1]
    assert len(pending_transfers(db)) == 3
    with pytest.raises(TransferNotReadyError):
        form_batch(db, [], today=DAY)


def test_forming_batches_numbers_them_and_sends_the_applications(db, numbers):
    first, second, third = ids_of(db, numbers)
    conclude(db, first, second)
    batch = form_batch(db, [second, first], today=DAY,
                       cases=CaseService(db, clock=lambda: NOW))
    assert batch.number == "AKT-AK-02-2026-T001" and batch.sent_on == DAY
    assert set(batch.application_ids) == {first, second}
    assert [p.application_id for p in pending_transfers(db)] == [third]
    with db.session() as s:
        statuses = {r.id: r.status for r in s.scalars(select(ApplicationRecord))}
        entries = s.execute(select(JournalEntryRecord.application_id,
                                   JournalEntryRecord.previous_status, JournalEntryRecord.note)
                            .where(JournalEntryRecord.status == "sent_to_district")).all()
        actions = s.scalars(select(AuditRecord.action).where(
            AuditRecord.action == "case.send_to_district")).all()
        assert verify_audit_chain(s).ok
    assert statuses == {first: "sent_to_district", second: "sent_to_district",
                        third: "registered"}
    assert sorted(entries) == sorted([(first, "commission_concluded", batch.number),
                                      (second, "commission_concluded", batch.number)])
    assert len(actions) == 2
    with pytest.raises(TransferNotReadyError):
        form_batch(db, [first], today=DAY)  # in batch T001 already
    conclude(db, third)
    assert form_batch(db, [third], today=DAY).number == "AKT-AK-02-2026-T002"
    assert [(b.number, b.applications) for b in batches(db)] == [
        ("AKT-AK-02-2026-T002", 1), ("AKT-AK-02-2026-T001", 2)]


def test_the_registry_prints_in_two_copies_and_reprints_as_a_duplicate(db, numbers):
    first, second, _third = ids_of(db, numbers)
    conclude(db, first, second)
    batch = form_batch(db, [first, second], today=DAY)
    pdf, duplicate = print_registry(db, batch.number, "ru")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert not duplicate and "ДУБЛИКАТ" not in text
    assert text.count("Реестр передаваемых документов") >= 2
    assert text.count(numbers[0]) == 2 and text.count(numbers[1]) == 2
    assert numbers[2] not in text
    assert "Отдел занятости и социальных программ Актогайского района" in text
    assert "Аппарат акима села Актогай" in text and "Бекова Сәуле Маратқызы" in text
    assert "20.11.2026" in text
    again, duplicate = print_registry(db, batch.number, "kk")
    kk_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(again)).pages)
    assert duplicate and "ТЕЛНҰСҚА" in kk_text and "Тапсырылатын құжаттар тізілімі" in kk_text
    history = print_history(db, batch.number)
    assert [(h.kind, h.lang, h.duplicate) for h in history] == [
        ("transfer_registry", "ru", False), ("transfer_registry", "kk", True)]




def test_only_a_person_whose_role_may_send_forms_a_batch(db, numbers):
    from dataclasses import replace

    from desktop.domain.roles import Role
    from desktop.services.accounts import workstation_user

    first, _second, _third = ids_of(db, numbers)
    conclude(db, first)
    operator = workstation_user(db)
    assert operator is not None
    commission = replace(operator, roles=frozenset({Role.COMMISSION_MEMBER}))
    with pytest.raises(TransferNotReadyError):
        form_batch(db, [first], today=DAY, user=commission)
    assert next(p.application_id for p in pending_transfers(db)) == first
    assert batches(db) == []

"""Printing a stored application: every print is logged, a reprint is stamped as a duplicate."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.cli import print as print_command
from desktop.demo.intake_family import fill_family, present_documents, write_test_overlay
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.services.intake import intake_context, new_session, refuse_intake, register
from desktop.services.printouts import (
    DOCUMENTS,
    DocumentKind,
    NotPrintableError,
    application_id_for_number,
    available_documents,
    print_document,
    print_history,
)
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.audit import verify_audit_chain
from desktop.storage.database import Database
from desktop.storage.models import AuditRecord

DAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)
SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район",
    office_kind="district_office",
    office_name_kk="Ақтоғай ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
    office_name_ru="Отдел занятости и социальных программ Актогайского района",
    office_code="AKT-01", operator_full_name="Сейтқали Әлия Нұрланқызы",
    operator_position="бас маман")


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    return write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(DAY)])


@pytest.fixture
def context(db: Database, overlay: Path):
    save_setup(db, SETUP)
    return intake_context(db, parameters=load_parameters(overlay_dir=overlay))


@pytest.fixture
def registered(context):
    session = new_session(context, DAY)
    fill_family(session, 4)
    return register(context, session, "kk", now=NOW)


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_coupon_given_at_registration_is_logged_so_a_reprint_is_a_duplicate(
        context, registered):
    app_id = registered.application.application_id
    assert "ТЕЛНҰСҚА" not in text_of(registered.coupon_pdf)
    again = print_document(context.db, DocumentKind.COUPON, app_id, "ru", context.staff_id)
    assert again.duplicate and again.registration_number == registered.number
    text = text_of(again.pdf)
    assert "ДУБЛИКАТ" in text and registered.number in text
    assert "Сейтқали Ә. Н." in text  # the coupon names the person who accepted it, as before
    assert again.file_stem == f"{registered.number}-coupon-ru"
    history = print_history(context.db, app_id)
    assert [(h.kind, h.lang, h.duplicate) for h in history] == [
        ("coupon", "kk", False), ("coupon", "ru", True)]
    assert history[1].actor_name == "Сейтқали Әлия Нұрланқызы"


def test_first_print_of_each_document_is_an_original_then_duplicates(context, registered):
    app_id = registered.application.application_id
    first = print_document(context.db, "family", app_id, "kk", context.staff_id)
    second = print_document(context.db, "family", app_id, "kk", context.staff_id)
    other = print_document(context.db, "income", app_id, "ru", context.staff_id)
    assert (first.duplicate, second.duplicate, other.duplicate) == (False, True, False)
    assert "ТЕЛНҰСҚА" not in text_of(first.pdf) and "ТЕЛНҰСҚА" in text_of(second.pdf)
    with context.db.session() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.record_id == app_id,
                                                   AuditRecord.action == "print.family")).all()
        assert [json.loads(r[0].changes) for r in rows] == [
            {"duplicate": [None, False], "language": [None, "kk"]},
            {"duplicate": [None, True], "language": [None, "kk"]}]
        assert all(r[0].actor_id == context.staff_id for r in rows)
        assert verify_audit_chain(s).ok


def test_calculation_and_packet_use_the_parameters_given(context, registered):
    app_id = registered.application.application_id
    calculation = print_document(context.db, "calculation", app_id, "ru", context.staff_id,
                                 parameters=context.parameters)
    packet = print_document(context.db, "packet", app_id, "kk", context.staff_id,
                            parameters=context.parameters)
    assert registered.number in text_of(calculation.pdf)
    assert len(PdfReader(io.BytesIO(packet.pdf)).pages) >= 5
    assert not packet.duplicate


def test_documents_available_follow_the_status(context, registered):
    kinds = available_documents(context.db, registered.application.application_id)
    # the notification comes once the head has decided (tests/unit/printing/test_cli_print_cases);
    # a catalogue service's result document is not АСП's (its result is the notification)
    assert kinds == [spec.kind for spec in DOCUMENTS if spec.registered
                     and spec.kind not in (DocumentKind.NOTIFICATION, DocumentKind.RESULT)]
    assert DocumentKind.REFUSAL_SLIP not in kinds
    with pytest.raises(NotPrintableError) as caught:
        print_document(context.db, "notification", registered.application.application_id, "kk")
    assert caught.value.message.msgid.startswith("No decision has been made")
    with pytest.raises(NotPrintableError):
        print_document(context.db, "refusal_slip", registered.application.application_id, "kk")


def test_refusal_slip_is_reprinted_from_the_stored_refusal(context):
    session = new_session(context, DAY)
    fill_family(session, 3, documents=False)
    present_documents(session, skip=("residence_registration",))
    result = refuse_intake(context, session, "ru", now=NOW)
    app_id = result.application.application_id
    assert available_documents(context.db, app_id) == [DocumentKind.REFUSAL_SLIP]
    with pytest.raises(NotPrintableError):
        print_document(context.db, "coupon", app_id, "ru")
    again = print_document(context.db, "refusal_slip", app_id, "ru", context.staff_id)
    text = " ".join(text_of(again.pdf).split())
    assert again.duplicate and "ДУБЛИКАТ" in text
    assert "адресная справка" in text and "Сейтқали Ә. Н." in text
    assert again.file_stem == "refusal-refusal_slip-ru"
    original = " ".join(text_of(result.slip_pdf).split())
    assert "адресная справка" in original


def _args(db: Database, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="komek")
    parser.add_argument("--db")
    print_command.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["--db", str(db.path), *argv])


def test_komek_print_goes_through_the_log(context, registered, tmp_path):
    out = tmp_path / "coupon.pdf"
    context.db.close()
    lower = registered.number.lower()
    assert print_command.run(_args(context.db, "print", "coupon", lower, "--out", str(out),
                                   "--lang", "kk")) == print_command.EXIT_OK
    assert "ТЕЛНҰСҚА" in text_of(out.read_bytes())
    assert print_command.run(_args(context.db, "print", "application", registered.number,
                                   "--out", str(out), "--lang", "ru", "--duplicate")) == 0
    assert "ДУБЛИКАТ" in text_of(out.read_bytes())
    db = Database.open(context.db.path)
    try:
        assert application_id_for_number(db, lower) == registered.application.application_id
        kinds = [(h.kind, h.duplicate) for h in
                 print_history(db, registered.application.application_id)]
    finally:
        db.close()
    assert kinds == [("coupon", False), ("coupon", True), ("application", True)]

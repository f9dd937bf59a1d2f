"""Amendments of a registered application: checked, stored with reason, audited, printed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.demo.intake_family import fill_family, present_documents
from desktop.domain.iban import make_kz_iban
from desktop.services.amendments import AmendmentError, amend, amendable_values, amendments_of
from desktop.services.intake import (
    new_session,
    open_application,
    refuse_intake,
    register,
)
from desktop.services.printouts import print_document
from desktop.storage.audit import verify_audit_chain
from desktop.storage.models import AuditRecord

DAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
NEW_IBAN = make_kz_iban("722", "0000987654321")


@pytest.fixture
def registered(context):
    session = new_session(context, DAY)
    fill_family(session, 3)
    return register(context, session, "ru", now=NOW)


def text_of(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_amendment_changes_the_record_keeps_the_history_and_prints(context, registered):
    app_id = registered.application.application_id
    before = amendable_values(context.db, app_id)
    assert before["applicant_phone"] == "8 701 234 56 78"
    assert (before["applicant_street"], before["applicant_house"]) == ("Бөкейхан", "7")
    done = amend(context.db, app_id, {"applicant_phone": "8 777 000 11 22",
                                      "applicant_iban": NEW_IBAN.lower(),
                                      "applicant_street": before["applicant_street"]},
                 "  Заявитель сменил номер телефона и счет  ", now=NOW)
    assert done.changes == {"applicant_phone": ("8 701 234 56 78", "8 777 000 11 22"),
                            "applicant_iban": (before["applicant_iban"], NEW_IBAN)}
    assert done.actor_name == "Сейтқали Әлия Нұрланқызы"
    assert amendable_values(context.db, app_id)["applicant_phone"] == "8 777 000 11 22"
    (stored,) = amendments_of(context.db, app_id)
    assert stored.reason == "Заявитель сменил номер телефона и счет" and stored.at == NOW
    shown = open_application(context, app_id)
    assert shown.value("applicant_phone") == "8 777 000 11 22"
    text = text_of(print_document(context.db, "application", app_id, "ru").pdf)
    assert "8 777 000 11 22" in text and NEW_IBAN in text.replace(" ", "")
    assert "8 701 234 56 78" not in text
    with context.db.session() as s:
        row = s.scalars(select(AuditRecord).where(AuditRecord.action == "application.amend")
                        ).one()
        assert "Заявитель" not in row.changes and "8 777 000 11 22" in row.changes
        assert row.actor_id == context.staff_id and verify_audit_chain(s).ok


@pytest.mark.parametrize(("values", "reason", "field"), [
    ({"applicant_phone": "8 777"}, "", "reason"),
    ({"applicant_iban": "KZ00 1234"}, "счет сменился", "applicant_iban"),
    ({"applicant_iin": "900101300123"}, "ИИН неверный", "applicant_iin"),
    ({"applicant_phone": "8 701 234 56 78"}, "телефон прежний", ""),
])
def test_amendment_is_refused_with_a_reason_per_field(context, registered, values, reason,
                                                      field):
    with pytest.raises(AmendmentError) as caught:
        amend(context.db, registered.application.application_id, values, reason)
    assert field in caught.value.messages
    assert amendments_of(context.db, registered.application.application_id) == []


def test_an_application_refused_at_intake_is_not_amended(context):
    session = new_session(context, DAY)
    fill_family(session, 2, documents=False)
    present_documents(session, skip=("residence_registration",))
    refused = refuse_intake(context, session, "kk").application.application_id
    with pytest.raises(AmendmentError) as caught:
        amend(context.db, refused, {"applicant_phone": "8 777 000 11 22"}, "телефон")
    assert "" in caught.value.messages

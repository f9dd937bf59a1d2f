"""A desk with a desk number: its numbers print on the coupon, and the journal, a scanned QR
code and ``komek print`` find them like numbers of the old form."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from desktop.demo.intake_family import fill_family
from desktop.printing.marks import qr_payload
from desktop.services.intake import new_session, register
from desktop.services.journal import Journal
from desktop.services.printouts import application_id_for_number
from desktop.storage.database import Database
from desktop.storage.registration import (
    DESK_SETTING,
    ENROLLED_OFFICE_SETTING,
    RegistrationNumber,
)
from desktop.storage.settings import write_setting

DAY = dt.date(2026, 11, 20)


def _register(context, minute: int):
    session = new_session(context, DAY)
    fill_family(session, 3)
    return register(context, session, "kk",
                    now=dt.datetime(2026, 11, 20, 9, minute, tzinfo=dt.UTC))


def test_numbers_with_a_desk_number_print_and_are_found(db: Database, context) -> None:
    old = _register(context, 0)
    with db.session() as session:  # enrolled as desk 12 of the office
        write_setting(session, ENROLLED_OFFICE_SETTING, "AKT-01")
        write_setting(session, DESK_SETTING, "12")
    new = _register(context, 1)
    assert (old.number, new.number) == ("AKT-01-2026-000001", "AKT-01-2026-12-000001")
    assert RegistrationNumber.parse(new.number).desk == 12

    coupon = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(new.coupon_pdf)).pages)
    assert new.number in coupon

    journal = Journal(db)
    new_id, old_id = new.application.application_id, old.application.application_id
    assert journal.exact_number_match(new.number.lower()) == new_id
    assert journal.exact_number_match(qr_payload(new.number)) == new_id  # a scanned coupon
    assert journal.exact_number_match(old.number) == old_id
    assert {r.registration_number for r in journal.page(0, 10, "AKT-01-2026-12")} == \
        {new.number}
    assert {r.registration_number for r in journal.page(0, 10, "AKT-01-2026")} == \
        {old.number, new.number}
    assert application_id_for_number(db, f" {new.number.lower()} ") == new_id

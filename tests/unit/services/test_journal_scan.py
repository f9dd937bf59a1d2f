"""The journal search reads a coupon's QR code typed by a keyboard-wedge scanner."""

from __future__ import annotations

import pytest

from desktop.demo.generate import fill_demo
from desktop.services.journal import Journal, strip_qr_payload


@pytest.mark.parametrize(("typed", "searched"), [
    ("KOMEK|AKT-05-2026-000123", "AKT-05-2026-000123"),
    ("  komek|akt-05-2026-000123|CERT-7 ", "AKT-05-2026-000123"),
    ("ЛЩЬУЛ/ФЛЕ-05-2026-000123", "AKT-05-2026-000123"),  # scanned with the Russian layout
    ("AKT-05", "AKT-05"),
    ("Тестқызы", "Тестқызы"),
    ("KOMEK", "KOMEK"),
])
def test_strip_qr_payload(typed, searched):
    assert strip_qr_payload(typed) == searched


def test_scanned_payload_finds_exactly_its_application(db):
    fill_demo(db, count=30, seed=4)
    journal = Journal(db)
    row = next(r for r in journal.page(0, 30) if r.registration_number)
    payload = f"KOMEK|{row.registration_number}"
    assert journal.count(payload) == 1
    assert [r.application_id for r in journal.page(0, 10, payload)] == [row.application_id]
    assert journal.exact_number_match(payload) == row.application_id
    assert journal.exact_number_match(row.registration_number.lower()) == row.application_id
    assert journal.exact_number_match(row.registration_number[:-1]) is None
    assert journal.exact_number_match(row.iin) is None

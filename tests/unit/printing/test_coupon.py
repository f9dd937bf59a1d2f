"""The tear-off coupon: every filled field, both languages, QR, duplicate mark, layout."""

from __future__ import annotations

import pytest

from desktop.printing.coupon import render_coupon
from desktop.printing.marks import qr_payload


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_coupon_shows_every_filled_field(pdf, app, registration, lang):
    doc = pdf(render_coupon(app, registration, lang))
    member = app.applicant_member
    for value in (member.name.full, registration.number, "5", "17.03.2026 10:25",
                  "27.03.2026", registration.accepted_by.name,
                  registration.accepted_by.position.text(lang)):
        assert doc.has(value), value


def test_coupon_kazakh_wording_and_long_date(pdf, app, registration):
    doc = pdf(render_coupon(app, registration, "kk"))
    assert doc.has("Үзбелі талон")
    assert doc.has("2026 жылғы «17» наурызда қабылданды")
    assert doc.has("(қию сызығы)")
    assert doc.has("Өзгерістер пайда болған жағдайда")
    assert set("әғқңөұүіӨҚҮ") <= set(doc.text())  # Kazakh letters extracted as themselves
    assert "Заявление гражданина" not in doc.text()


def test_coupon_russian_wording(pdf, app, registration):
    doc = pdf(render_coupon(app, registration, "ru"))
    assert doc.has("Отрывной талон")
    assert doc.has("принято «17» марта 2026 года")
    assert doc.has("(линия отреза)")
    assert doc.has("с прилагаемыми документами в количестве 5 штук")
    assert "қабылданды" not in doc.text()


def test_coupon_metadata_and_duplicate(pdf, app, registration):
    plain = pdf(render_coupon(app, registration, "ru"))
    copy = pdf(render_coupon(app, registration, "ru", duplicate=True))
    assert "ДУБЛИКАТ" not in plain.text()
    assert "ДУБЛИКАТ" in copy.text()
    assert "ТЕЛНҰСҚА" in pdf(render_coupon(app, registration, "kk", duplicate=True)).text()
    meta = copy.metadata()
    assert meta["/Title"].startswith("Отрывной талон")
    assert meta["/Creator"].startswith("Kömek ")


def test_coupon_is_reproducible(app, registration):
    assert render_coupon(app, registration, "kk") == render_coupon(app, registration, "kk")


def test_qr_payload_carries_the_numbers():
    assert qr_payload("AKT-05-2026-000123") == "KOMEK|AKT-05-2026-000123"
    assert qr_payload("AKT-05-2026-000123", "C-1") == "KOMEK|AKT-05-2026-000123|C-1"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_coupon_layout(pdf, layout, app, registration, lang):
    doc = pdf(render_coupon(app, registration, lang))
    assert doc.pages() == 1
    assert layout(doc) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_desk_number_beside_the_qr_code_breaks_at_a_hyphen(pdf, layout, app, registration,
                                                              lang):
    """A desk's number (two characters longer) no longer fits the QR code's column: it
    goes on two lines after a hyphen, the sequence whole, never ``…00000`` / ``1``."""
    from dataclasses import replace

    number = "AKT-05-2026-12-000123"
    doc = pdf(render_coupon(app, replace(registration, number=number), lang))
    assert layout(doc) == []
    beside = [w.text for w in doc.words() if w.x0 > doc.page_size()[0] * 0.75]
    assert "AKT-05-2026-12-" in beside and "000123" in beside


def test_hyphen_lines_keep_every_group_whole():
    from desktop.printing.elements import hyphen_lines
    from desktop.printing.fonts import BOLD

    assert hyphen_lines("AKT-05-2026-000123", BOLD, 7.5, 500) == ["AKT-05-2026-000123"]
    assert hyphen_lines("AKT-05-2026-2-000123", BOLD, 7.5, 70) == ["AKT-05-2026-2-", "000123"]
    assert hyphen_lines("AKT-05-2026-2-000123", BOLD, 7.5, 60) == ["AKT-05-2026-", "2-000123"]
    assert hyphen_lines("AKT-05-2026-2-000123", BOLD, 7.5, 1) == \
        ["AKT-", "05-", "2026-", "2-", "000123"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_coupon_is_printed_at_its_own_size(pdf, layout, app, registration, lang):
    """The coupon alone is a page as wide as A4 and as tall as the coupon, not a mostly
    blank A4 sheet; everything on it is still there and nothing overlaps."""
    doc = pdf(render_coupon(app, registration, lang, duplicate=True))
    (page,) = doc.reader.pages
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert round(width) == 595 and 200 < height < 842 / 2  # less than half an A4 sheet
    words = doc.words()
    assert max(w.y1 for w in words) <= height and registration.number in doc.text()
    assert layout(doc) == []

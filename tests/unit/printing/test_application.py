"""The application (appendix 2) with acceptance block and coupon under the cut line."""

from __future__ import annotations

import pytest

from desktop.printing.application import render_application


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_application_fields(pdf, app, registration, lang):
    doc = pdf(render_application(app, registration, lang))
    member = app.applicant_member
    identity = app.applicant.identity_document
    for value in (member.name.full, member.iin, identity.number, "06.05.2019",
                  app.applicant.bank_account.iban, app.applicant.occupation,
                  app.applicant.phone, registration.number, registration.accepted_by.name,
                  registration.office.area.text(lang), "27.03.2026"):
        assert doc.has(value), value
    assert doc.pages() == 1  # the coupon fits under the cut line on the same sheet


def test_application_russian_only_lines(pdf, app, registration):
    ru = pdf(render_application(app, registration, "ru"))
    kk = pdf(render_application(app, registration, "kk"))
    assert ru.has("Банковские реквизиты:") and ru.has('«Halyk Bank» АҚ')
    assert ru.has("выдано") and ru.has("ҚР ІІМ")  # H6 is on the RU blank only
    assert not kk.has("ҚР ІІМ")
    assert ru.has("Моя семья состоит из 4 человек.")
    assert kk.has("Менің отбасым 4 адамнан тұрады.")
    assert kk.has("жеке шотының №")


def test_kazakh_statement_order_differs(pdf, app, registration):
    text = pdf(render_application(app, registration, "kk")).text()
    assert text.index("келісім беремін") < text.index("хабарлауға міндеттенемін")
    text = pdf(render_application(app, registration, "ru")).text()
    assert text.index("обязуюсь в течение десяти") < text.index("Даю согласие на сбор")


def test_unregistered_application_leaves_the_acceptance_blank(pdf, app):
    doc = pdf(render_application(app, None, "ru"))
    assert doc.has("Документы приняты")
    assert "(линия отреза)" not in doc.text()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_application_layout(pdf, layout, app, registration, lang):
    assert layout(pdf(render_application(app, registration, lang, duplicate=True))) == []

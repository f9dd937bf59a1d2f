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


def test_application_bank_and_issuer_lines_in_both_languages(pdf, app, registration):
    """The KZ blank has no lines for the issuer, the bank name and the account type (forms.md
    §1.2 H6, H9, H10, H12); they are printed on the Kazakh sheet too, so the data the
    applicant gave reaches the page in either language."""
    ru = pdf(render_application(app, registration, "ru"))
    kk = pdf(render_application(app, registration, "kk"))
    account = app.applicant.bank_account
    issuer = app.applicant.identity_document.issuer
    assert ru.has("Банковские реквизиты:") and ru.has(account.bank_name)
    assert ru.has("выдано") and ru.has(issuer)
    assert kk.has("Банк деректемелері:") and kk.has("банктің атауы " + account.bank_name)
    assert kk.has("кім берген " + issuer)
    assert kk.has("шоттың түрі:") and kk.has("ағымдағы") and kk.has("карточкалық шот")
    assert ru.has("Моя семья состоит из 4 человек.")
    assert kk.has("Менің отбасым 4 адамнан тұрады.")
    assert kk.has("жеке шотының №")
    text = kk.text()  # in the order of the sheet: the issuer after the ID number, the bank
    assert text.index("жеке куәлік №") < text.index("кім берген") < text.index("берілген күні")
    assert text.index("Банк деректемелері:") < text.index("банктің атауы") \
        < text.index("жеке шотының №") < text.index("шоттың түрі:")
    assert kk.pages() == 1


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

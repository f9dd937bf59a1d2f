"""§9 (Semipalatinsk) driven through the real widgets: Ctrl+N, the service, the application of
appendix 2, the residence in its zone, the documents, the review with the compensation of
Article 12 of the Law, registration under the service's own journal marker."""

from __future__ import annotations

import datetime as dt
import os
from fractions import Fraction
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop import i18n
from desktop.demo.intake_family import applicant_values, people
from desktop.domain.money import Rounding
from desktop.i18n import format_money
from desktop.parameters.store import load_parameters
from desktop.storage.repositories.applications import load_application
from tests.support.chooser_driver import new_wizard
from tests.support.wizard_driver import fill, tick


def shot(wizard, name: str) -> None:
    """The page grabbed to a PNG for a look (KOMEK_KEEP_SHOTS names a folder)."""
    folder = os.environ.get("KOMEK_KEEP_SHOTS")
    if folder:
        wizard.grab().save(str(Path(folder, f"{name}.png")))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_compensation_from_the_chooser_to_its_registration(qtbot, main_window, lang):
    main_window.switch_language(lang)
    wizard = new_wizard(qtbot, main_window, "semipalatinsk_compensation")
    session = wizard.session
    assert [s for s, _p in session.steps] == ["application", "residence", "documents",
                                               "review"]
    values = applicant_values(people(1, dt.date.today(), 4)[0])
    fill(qtbot, wizard, {k: v for k, v in values.items()
                         if wizard.current_page().findChild(QWidget, k) is not None})
    extra: dict[str, object] = {"applicant_id_kind": "id_card",
                                "applicant_id_number": "041234567",
                                "applicant_bank_name": "Halyk Bank",
                                "applicant_iban": "KZ86125KZT5004100100",
                                "applicant_account_type": "current"}
    fill(qtbot, wizard, {k: v for k, v in extra.items() if k not in values})
    shot(wizard, f"semipalatinsk_application_{lang}")
    assert wizard.next(), [i18n.render(p.message) for _k, p in
                           session.blocking_problems(recheck=True)]
    assert session.step == "residence"
    fill(qtbot, wizard, {"residence_zone": "extreme", "residence_locality": "Қайнар",
                         "residence_from": "1960", "residence_to": "1970",
                         "warned_of_liability": True, "consent_personal_data": True})
    shot(wizard, f"semipalatinsk_residence_{lang}")
    assert wizard.next(), [i18n.render(p.message) for _k, p in
                           session.blocking_problems(recheck=True)]
    assert session.step == "documents"
    page = wizard.current_page()
    for row in range(len(session.rows("documents[]"))):
        tick(page.table, row, "document_original_shown")
    assert wizard.next() and session.step == "review"
    review = wizard.current_page().browser.toPlainText().replace("\xa0", " ")
    shot(wizard, f"semipalatinsk_review_{lang}")
    mrp = load_parameters().mrp.on(dt.date.today()).amount  # the application is dated today
    amount = Rounding().apply((Fraction("5.23") * 6 + Fraction("1.05") * 5) * mrp)
    assert format_money(amount, lang).replace("\xa0", " ") in review
    assert {"kk": "12-бап", "ru": "статья 12"}[lang] in review
    assert "АСП" not in review and "АӘК" not in review
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    number = session.registration_number
    assert number and "-YK-" in number
    stored = load_application(main_window.context.db, session.application_id)
    assert stored.service == "semipalatinsk_compensation"
    assert (stored.details["residence_zone"], stored.details["residence_from"],
            stored.details["residence_to"]) == ("extreme", 1960, 1970)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_duplicate_certificate_from_the_chooser_to_its_registration(qtbot, main_window,
                                                                       lang):
    main_window.switch_language(lang)
    wizard = new_wizard(qtbot, main_window, "semipalatinsk_certificate")
    session = wizard.session
    values = applicant_values(people(1, dt.date.today(), 5)[0])
    fill(qtbot, wizard, {k: v for k, v in values.items()
                         if wizard.current_page().findChild(QWidget, k) is not None})
    fill(qtbot, wizard, {k: v for k, v in {"applicant_id_kind": "id_card",
                                           "applicant_id_number": "041234567"}.items()
                         if k not in values})
    assert wizard.current_page().findChild(QWidget, "applicant_iban") is None  # appendix 3
    assert wizard.next() and session.step == "residence"
    fill(qtbot, wizard, {"certificate_request": "duplicate",
                         "original_certificate_number": "004512",
                         "residence_zone": "increased", "residence_locality": "Шар",
                         "residence_from": "1975", "residence_to": "1988",
                         "warned_of_liability": True, "consent_personal_data": True})
    shot(wizard, f"semipalatinsk_certificate_residence_{lang}")
    assert wizard.next(), [i18n.render(p.message) for _k, p in
                           session.blocking_problems(recheck=True)]
    page = wizard.current_page()
    for row in range(len(session.rows("documents[]"))):
        tick(page.table, row, "document_original_shown")
    assert wizard.next() and session.step == "review"
    review = wizard.current_page().browser.toPlainText()
    assert {"kk": "Ережелер бойынша", "ru": "По правилам"}[lang] not in review  # computes nothing
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    number = session.registration_number
    assert number and "-YU-" in number  # the certificate's number
    stored = load_application(main_window.context.db, session.application_id)
    assert stored.service == "semipalatinsk_certificate"
    assert (stored.details["certificate_request"],
            stored.details["original_certificate_number"]) == ("duplicate", "004512")

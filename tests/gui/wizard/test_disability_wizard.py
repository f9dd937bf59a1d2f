"""A disability service (§14, wheelchairs) taken through the real wizard: chosen by typing its
name in the chooser, its own application page, the rehabilitation programme on its checklist,
registered with its marker and coupon, listed in the journal under it; and refused with the
slip naming the programme that is missing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop import i18n
from desktop.demo.intake_family import applicant_values, people
from desktop.storage.repositories.applications import load_application
from desktop.ui.journal_model import COLUMNS
from tests.support.chooser_driver import open_chooser
from tests.support.keyboard import Keyboard
from tests.support.wizard_driver import fill, pdf_text, tick

SHORT = {"kk": "Кресло-арба", "ru": "Кресло-коляска"}
TYPED = {"kk": "кресло-арба", "ru": "кресла-колясок"}


def wheelchair_wizard(qtbot, window, lang: str):
    """Ctrl+N, part of the service's name typed in the interface language, Enter."""
    chooser = open_chooser(qtbot, window)
    Keyboard().type(TYPED[lang], chooser.filter)
    assert chooser.current_code() == "wheelchairs"
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    wizard = window.desk.windows[-1]
    qtbot.waitExposed(wizard)
    return wizard


def applicant(wizard, seed: int = 0) -> dict[str, object]:
    """A generated applicant's values that this application page has, and the group."""
    values = applicant_values(people(1, dt.date.today(), seed)[0])
    own = {k: v for k, v in values.items()
           if wizard.current_page().findChild(QWidget, k) is not None}
    return {**own, "disability_group": "group_1"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_wheelchair_application_is_registered_with_its_coupon_and_journal(qtbot, main_window,
                                                                           lang):
    main_window.switch_language(lang)
    wizard = wheelchair_wizard(qtbot, main_window, lang)
    session = wizard.session
    assert session.service == "wheelchairs"
    assert SHORT[lang] in wizard.heading.text()
    assert [s for s, _p in session.steps] == ["application", "documents", "review"]
    fill(qtbot, wizard, applicant(wizard))
    fill(qtbot, wizard, {"wheelchair_requested": "кресло-коляска комнатная",
                         "weight_kg": "72", "height_cm": "170", "hip_cm": "48",
                         "consent_personal_data": True})
    assert wizard.next() and session.step == "documents"
    kinds = [row["document_kind"] for row in session.rows("documents[]")]
    assert kinds == ["application", "rehabilitation_programme", "accident_act"]
    tick(wizard.current_page().table, kinds.index("rehabilitation_programme"),
         "document_original_shown")
    assert wizard.next() and session.step == "review"
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)

    number = session.registration_number
    assert number.startswith(f"AKT-01-{dt.date.today().year}-KK-"), number
    coupon = " ".join(pdf_text(wizard.pdf_dialog.path.read_bytes()).split())
    assert number in coupon
    assert {"kk": "Мүгедектерге кресло-арбалар беру",
            "ru": "Предоставление инвалидам кресла-колясок"}[lang] in coupon
    stored = load_application(main_window.context.db, session.application_id)
    assert stored.service == "wheelchairs"
    assert stored.details["disability_group"] == "group_1"
    assert stored.details["aids_requested"] == "кресло-коляска комнатная"
    assert str(stored.details["weight_kg"]) == "72"

    main_window._catalogue_ready()  # as the timer after the window shows does
    view = main_window.journal_view
    view.service_filter.setCurrentIndex(view.service_filter.findData("wheelchairs"))
    journal = view.model
    rows = [journal.row_at(r) for r in range(journal.rowCount())]
    assert [(r.registration_number, r.service) for r in rows] == [(number, "wheelchairs")]
    column = [c for c, _h in COLUMNS].index("service")
    assert journal.index(0, column).data() == SHORT[lang]


def test_the_refusal_slip_names_the_missing_rehabilitation_programme(qtbot, main_window):
    i18n.set_language("ru")
    wizard = wheelchair_wizard(qtbot, main_window, "ru")
    fill(qtbot, wizard, applicant(wizard, 3))
    wizard.refuse()
    slip = " ".join(pdf_text(wizard.pdf_dialog.path.read_bytes()).split())
    assert "«Предоставление инвалидам кресла-колясок»" in slip
    assert "индивидуальная программа реабилитации" in slip
    assert "адресной социальной помощи" not in slip  # not АСП's appendix


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_address_has_its_own_heading_after_the_identity_document(qtbot, main_window, lang):
    """The other services' forms put the address after the identity document: it is headed
    as the address, not left under the document's heading; АСП's page keeps its groups."""
    from PySide6.QtWidgets import QGroupBox

    from tests.support.chooser_driver import new_wizard

    main_window.switch_language(lang)
    address = {"kk": "Мекенжайы", "ru": "Адрес"}[lang]
    document = {"kk": "Жеке басын куәландыратын құжат", "ru": "Документ, удостоверяющий личность"}
    asp = new_wizard(qtbot, main_window, "asp")
    asp_titles = [b.title() for b in asp.current_page().findChildren(QGroupBox)]
    assert address not in asp_titles and document[lang] in asp_titles
    asp.close()
    wizard = wheelchair_wizard(qtbot, main_window, lang)
    page = wizard.current_page()
    titles = [box.title() for box in page.findChildren(QGroupBox)]
    assert address in titles, titles
    box = next(b for b in page.findChildren(QGroupBox) if b.title() == address)
    assert box.findChild(QWidget, "applicant_district") is not None
    assert box.findChild(QWidget, "applicant_id_number") is None

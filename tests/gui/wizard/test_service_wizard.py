"""A service other than АСП taken through the real wizard: chosen with Ctrl+N, its own pages,
registered with its number's marker, listed in the journal under it; refused with the slip
naming it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop import i18n
from desktop.demo.intake_family import applicant_values, people
from desktop.services.service_choice import service_choices
from desktop.storage.repositories.applications import load_application
from desktop.ui.journal_model import COLUMNS
from tests.support.chooser_driver import open_chooser
from tests.support.keyboard import Keyboard
from tests.support.wizard_driver import field, fill, pdf_text, tick, type_cell

UNEMPLOYED = {"kk": "Жұмыссыздарды тіркеу", "ru": "Регистрация безработных"}


def unemployed_wizard(qtbot, window, lang: str):
    """Ctrl+N, the service's name typed in the interface language, Enter."""
    chooser = open_chooser(qtbot, window)
    Keyboard().type({"kk": "жұмыссыздарды", "ru": "регистрация безраб"}[lang], chooser.filter)
    assert chooser.current_code() == "unemployed_registration"
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    wizard = window.desk.windows[-1]
    qtbot.waitExposed(wizard)
    return wizard


def own_fields(wizard, seed: int = 0) -> dict[str, object]:
    """The АСП demo applicant's values that this service's application page has too."""
    values = applicant_values(people(1, dt.date.today(), seed)[0])
    return {k: v for k, v in values.items()
            if wizard.current_page().findChild(QWidget, k) is not None}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_unemployed_registration_gets_its_marker_and_its_journal(qtbot, main_window, lang):
    main_window.switch_language(lang)
    wizard = unemployed_wizard(qtbot, main_window, lang)
    session = wizard.session
    assert session.service == "unemployed_registration"
    assert UNEMPLOYED[lang] in wizard.heading.text()
    assert [s for s, _p in session.steps] == ["application", "education_and_work",
                                               "documents", "review"]
    fill(qtbot, wizard, own_fields(wizard))
    fill(qtbot, wizard, {"request_registration": True, "warned_of_liability": True})
    assert wizard.next() and session.step == "education_and_work"
    page = wizard.current_page()
    fill(qtbot, wizard, {"education_level": "орта кәсіптік"})
    work = next(box for box in page.tables if box.spec.id == "work_history")
    qtbot.mouseClick(work.add_button, Qt.MouseButton.LeftButton)
    type_cell(qtbot, work.table, 0, "work_position", "Жүргізуші")
    type_cell(qtbot, work.table, 0, "work_organisation", "Ақтоғай ЖШС")
    assert wizard.next() and session.step == "documents"
    documents = wizard.current_page()
    kinds = [row["document_kind"] for row in session.rows("documents[]")]
    assert kinds == [item.document for item in session.checklist()]
    tick(documents.table, kinds.index("identity_document"), "document_original_shown")
    assert wizard.next() and session.step == "review"
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)

    number = session.registration_number
    assert number.startswith(f"AKT-01-{dt.date.today().year}-BR-"), number
    coupon = pdf_text(wizard.pdf_dialog.path.read_bytes())
    assert number in coupon
    assert {"kk": "Жұмыссыз азаматтарды тіркеу", "ru": "Регистрация и постановка на учет"}[
        lang] in " ".join(coupon.split())
    stored = load_application(main_window.context.db, session.application_id)
    assert stored.service == "unemployed_registration"
    assert stored.details["education_level"] == "орта кәсіптік"
    assert stored.details["work_history"][0]["position"] == "Жүргізуші"
    assert stored.applicant_member.name.surname == applicant_values(
        people(1, dt.date.today())[0])["applicant_surname"]

    main_window._catalogue_ready()  # as the timer after the window shows does
    view = main_window.journal_view
    view.service_filter.setCurrentIndex(view.service_filter.findData("unemployed_registration"))
    journal = view.model
    rows = [journal.row_at(r) for r in range(journal.rowCount())]
    assert [(r.registration_number, r.service) for r in rows] == [
        (number, "unemployed_registration")]
    column = [c for c, _h in COLUMNS].index("service")
    assert journal.index(0, column).data() == UNEMPLOYED[lang]
    view.service_filter.setCurrentIndex(view.service_filter.findData("asp"))
    assert journal.rowCount() == 0
    # the chooser now puts this service first: it is the desk's most used
    assert service_choices(main_window.context.db, dt.date.today()).available[0].code == \
        "unemployed_registration"


def test_the_refusal_slip_names_the_service_and_its_missing_documents(qtbot, main_window):
    i18n.set_language("ru")
    wizard = unemployed_wizard(qtbot, main_window, "ru")
    fill(qtbot, wizard, own_fields(wizard, 3))
    fill(qtbot, wizard, {"request_registration": True, "warned_of_liability": True})
    assert field(wizard, "applicant_surname").text()
    wizard.refuse()
    slip = " ".join(pdf_text(wizard.pdf_dialog.path.read_bytes()).split())
    assert "«Регистрация и постановка на учет безработных граждан»" in slip
    assert "документ, удостоверяющий личность" in slip
    assert "адресной социальной помощи" not in slip  # not АСП's appendix

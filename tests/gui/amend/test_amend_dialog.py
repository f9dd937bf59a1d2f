"""Amending a registered application from the journal's context menu and the read-only view."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt

from desktop.services.amendments import amendable_values, amendments_of
from desktop.services.printouts import print_document
from desktop.ui.amend.amend_dialog import AmendDialog


def test_amend_from_the_row_menu_needs_a_reason_and_prints_the_new_phone(qtbot, window, desk):
    menu = window.documents.row_menu(desk.registered[0])
    amend = next(a for a in menu.actions() if a.text() == "Өтінішке өзгерту &енгізу…")
    amend.trigger()
    dialog = window.documents.amend_action.dialog
    assert isinstance(dialog, AmendDialog) and dialog.isVisible()
    assert desk.numbers[0] in dialog.windowTitle()
    dialog.edits["applicant_phone"].clear()
    qtbot.keyClicks(dialog.edits["applicant_phone"], "8 777 000 11 22")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.reason_problem.text()  # no reason yet
    dialog.reason.setPlainText("Өтініш беруші телефон нөмірін ауыстырды")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert amendable_values(desk.db, desk.registered[0])["applicant_phone"] == "8 777 000 11 22"
    (done,) = amendments_of(desk.db, desk.registered[0])
    assert done.reason.startswith("Өтініш беруші")
    pdf = print_document(desk.db, "application", desk.registered[0], "kk").pdf
    assert "8 777 000 11 22" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    menu.deleteLater()


def test_refused_application_has_no_amendment(qtbot, window, desk):
    assert window.documents.amend_action.open(desk.refused) is None


def test_read_only_view_prints_and_amends(qtbot, window, desk):
    wizard = window.desk.show_application(desk.registered[1])
    assert wizard.print_button.isVisible() and wizard.amend_button.isVisible()
    qtbot.mouseClick(wizard.print_button, Qt.MouseButton.LeftButton)
    assert wizard.print_dialog.isVisible() and wizard.print_dialog.documents.count() == 7
    wizard.print_dialog.close()
    qtbot.mouseClick(wizard.amend_button, Qt.MouseButton.LeftButton)
    dialog = wizard.amend_dialog
    dialog.edits["applicant_iban"].setText("KZ00 0000")
    dialog.reason.setPlainText("Счет сменился")
    assert not dialog.save()
    assert dialog.problems["applicant_iban"].text()
    dialog.edits["applicant_house"].setText("15")
    dialog.edits["applicant_iban"].setText(dialog.current["applicant_iban"])
    assert dialog.save()
    assert wizard.session.read_only and wizard.session.value("applicant_house") == "15"
    assert wizard.amend_button.isVisible()


def test_dialog_in_russian(qtbot, window, desk):
    window.switch_language("ru")
    dialog = window.documents.amend_action.open(desk.registered[0])
    assert dialog.windowTitle() == f"Изменение заявления {desk.numbers[0]}"
    assert dialog.save_button.text() == "&Сохранить изменение"
    dialog.close()


def test_an_open_dialog_follows_a_switch_and_keeps_what_was_typed(qtbot, window, desk,
                                                                   tmp_path):
    import os
    from pathlib import Path

    dialog = window.documents.amend_action.open(desk.registered[0])
    dialog.reason.setPlainText("Телефон ауыстырылды")
    dialog.edits["applicant_phone"].setText("8 777 000 11 22")
    window.switch_language("ru")
    assert dialog.windowTitle() == f"Изменение заявления {desk.numbers[0]}"
    assert dialog.save_button.text() == "&Сохранить изменение"
    assert dialog.field_labels["applicant_street"].text() == "Улица"
    assert dialog.reason.toPlainText() == "Телефон ауыстырылды"
    assert dialog.edits["applicant_phone"].text() == "8 777 000 11 22"
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)
    dialog.grab().save(str(folder / "amend-after-switch-ru.png"))
    dialog.close()

"""The Documents menu, the journal row's context menu, the print dialog and the QR search."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt

from desktop import i18n
from desktop.services.printouts import print_history


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def select_row(window, application_id: str) -> None:
    model = window.journal_view.model
    row = next(r for r in range(model.rowCount())
               if model.row_at(r).application_id == application_id)
    window.journal_view.table.selectRow(row)


def test_documents_menu_opens_the_dialog_for_the_selected_row(qtbot, window, desk):
    assert window.documents.menu.title() == "&Құжаттар"
    select_row(window, desk.registered[0])
    window.documents.action_print.trigger()
    (dialog,) = window.documents.dialogs
    assert dialog.isVisible() and desk.numbers[0] in dialog.heading.text()
    labels = [dialog.documents.item(r).text() for r in range(dialog.documents.count())]
    assert len(labels) == 7 and labels[0] == "Үзбелі талоны бар өтініш"
    assert dialog.language() == "kk"
    assert dialog.current_kind() == "application"
    assert "алғашқы" in dialog.note.text().lower()
    assert dialog.print_button.isVisible() and dialog.preview_button.text() == "Алдын ала &қарау"
    dialog.set_kind("coupon")
    assert "1" in dialog.note.text()  # printed once, at registration


def test_save_as_pdf_writes_the_document_in_the_chosen_language(qtbot, window, desk, tmp_path,
                                                                monkeypatch):
    dialog = window.documents.print_application(desk.registered[1], "family")
    target = tmp_path / "out" / "family.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(dialog, "ask_save_path", lambda suggested: target)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    first = text_of(target.read_bytes())
    assert "ТЕЛНҰСҚА" not in first and desk.numbers[1] in first
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "ТЕЛНҰСҚА" in text_of(target.read_bytes())
    assert [h.duplicate for h in print_history(desk.db, desk.registered[1])
            if h.kind == "family"] == [False, True]


def test_refused_application_offers_only_the_slip(qtbot, window, desk, monkeypatch):
    dialog = window.documents.print_application(desk.refused)
    assert dialog.documents.count() == 1 and dialog.current_kind() == "refusal_slip"
    assert "қабылданбады" in dialog.heading.text().lower()


def test_row_context_menu_lists_the_documents(qtbot, window, desk):
    menu = window.documents.row_menu(desk.registered[0])
    texts = [a.text() for a in menu.actions()]
    assert texts[:2] == ["&Өтінішті ашу", "Құжаттарды &басып шығару…"]
    documents = next(a.menu() for a in menu.actions() if a.menu() is not None)
    coupon = next(a for a in documents.actions() if a.text() == "Үзбелі талон")
    coupon.trigger()
    (dialog,) = window.documents.dialogs
    assert dialog.current_kind() == "coupon"
    menu.deleteLater()


def test_scanned_qr_code_opens_the_application_read_only(qtbot, window, desk):
    search = window.journal_view.search_edit
    search.setFocus()
    qtbot.keyClicks(search, f"KOMEK|{desk.numbers[1]}")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.journal_view.model.total == 1
    (wizard,) = window.desk.windows
    assert wizard.session.read_only and wizard.session.registration_number == desk.numbers[1]
    assert search.selectedText() == search.text()  # the next scan replaces it


def test_typed_number_opens_only_on_an_exact_match(qtbot, window, desk):
    search = window.journal_view.search_edit
    prefix = desk.numbers[0][:-1]
    qtbot.keyClicks(search, prefix.lower())
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.journal_view.model.total == 2 and window.desk.windows == []
    search.clear()
    qtbot.keyClicks(search, desk.numbers[0].lower())
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert [w.session.registration_number for w in window.desk.windows] == [desk.numbers[0]]


def test_dialog_in_russian(qtbot, window, desk):
    window.switch_language("ru")
    dialog = window.documents.print_application(desk.registered[0])
    assert dialog.windowTitle() == "Печать документов"
    assert dialog.language() == "ru"
    assert dialog.documents.item(0).text() == "Заявление с отрывным талоном"
    assert i18n.current_language() == "ru"

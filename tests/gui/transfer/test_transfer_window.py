"""The akimat's transfer registry window: select the ready applications, form, print, reprint."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.domain.case_status import CaseStatus
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.services.intake import intake_context, new_session, register
from desktop.services.journal import Journal
from desktop.services.printouts import print_history
from desktop.services.workstation import WorkstationSetup, load_setup, save_setup, set_setting
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow
from desktop.ui.transfer.transfer_window import TransferWindow

AKIMAT = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район", office_kind="akimat",
    office_name_kk="Ақтоғай селосы әкімі аппараты",
    office_name_ru="Аппарат акима села Актогай", office_code="AKT-AK-02",
    operator_full_name="Бекова Сәуле Маратқызы", operator_position="әкім орынбасары")


@pytest.fixture
def akimat(db: Database, tmp_path: Path) -> list[str]:
    """Three registered applications; the commission has concluded on the first two."""
    save_setup(db, AKIMAT)
    today = Quarter.of(dt.date.today())
    overlay = write_test_overlay(tmp_path / "params", "karaganda", [today.previous(), today])
    context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
    ids = []
    for seed in range(3):
        session = new_session(context)
        fill_family(session, 2, seed=seed)
        ids.append(register(context, session, "kk").application.application_id)
    with db.session() as s:
        for application_id in ids[:2]:
            s.get(ApplicationRecord, application_id).status = "commission_concluded"
    return ids


def main_window(qtbot, db: Database) -> MainWindow:
    language = LanguageController(remember=lambda code: set_setting(db, "language", code))
    window = MainWindow(AppContext(db=db, language=language, setup=load_setup(db)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_menu_entry_only_at_an_akimat(qtbot, configured_db):
    window = main_window(qtbot, configured_db)
    window.transfer_action.update_visible()
    assert not window.transfer_action.isVisible()


def pdf_printer(path: Path) -> QPrinter:
    """"Print to a printer" offscreen: a QPrinter writing PDF to a file."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_form_a_batch_print_and_reprint(qtbot, db, akimat, monkeypatch, tmp_path):
    window = main_window(qtbot, db)
    assert window.transfer_action.isVisible()
    assert window.transfer_action.text() == "&Тапсырылатын құжаттар тізілімі…"
    view = window.transfer_action.open_window()
    qtbot.addWidget(view)
    assert view.table.rowCount() == 3
    ready = [bool(view.table.item(r, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable)
             for r in range(3)]
    assert sorted(ready) == [False, True, True]
    assert not view.form_button.isEnabled()
    qtbot.mouseClick(view.select_all_button, Qt.MouseButton.LeftButton)
    assert sorted(view.checked_ids()) == sorted(akimat[:2])
    asked = []
    monkeypatch.setattr(view, "confirm", lambda n: asked.append(n) or True)
    view.language.setCurrentIndex(1)  # Russian
    qtbot.mouseClick(view.form_button, Qt.MouseButton.LeftButton)
    assert asked == [2]
    number = f"AKT-AK-02-{dt.date.today().year}-T001"
    assert view.table.rowCount() == 1 and view.batches.count() == 1
    assert number in view.batches.item(0).text()
    preview = view.preview
    assert preview is not None and preview.language() == "ru"
    qtbot.addWidget(preview)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages)
    assert "Реестр передаваемых документов" in text and "ДУБЛИКАТ" not in text
    assert len(preview.page_labels) == len(PdfReader(io.BytesIO(preview.pdf)).pages)
    printed = tmp_path / "printer.pdf"
    monkeypatch.setattr(preview, "choose_printer", lambda: pdf_printer(printed))
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(printed).pages) == len(PdfReader(io.BytesIO(preview.pdf)).pages)
    # the preview shows what a second print would be
    assert "ДУБЛИКАТ" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        preview.pdf)).pages)
    statuses = {r.application_id: r.status for r in Journal(db).page(0, 10)}
    assert [statuses[i] for i in akimat] == [CaseStatus.SENT_TO_DISTRICT] * 2 + ["registered"]
    journal_statuses = [window.journal_view.model.row_at(r).status
                        for r in range(window.journal_view.model.rowCount())]
    assert journal_statuses.count("sent_to_district") == 2  # the journal was refreshed
    view.batches.setCurrentRow(0)
    qtbot.mouseClick(view.reprint_button, Qt.MouseButton.LeftButton)
    again = view.preview
    assert again is not None and again is not preview
    qtbot.addWidget(again)
    assert "ДУБЛИКАТ" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        again.pdf)).pages)
    target = tmp_path / "registry.pdf"
    monkeypatch.setattr(again, "ask_save_path", lambda suggested: target)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert "ДУБЛИКАТ" in "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "телнұсқа" in view.message.text().lower()
    assert [(h.lang, h.duplicate) for h in print_history(db, number)] == [
        ("ru", False), ("ru", True)]
    view.close()


def test_window_in_russian(qtbot, db, akimat):
    window = main_window(qtbot, db)
    window.switch_language("ru")
    view = TransferWindow(db)
    qtbot.addWidget(view)
    assert view.windowTitle().startswith("Реестр передаваемых документов")
    assert view.form_button.text() == "&Сформировать и напечатать реестр"


def test_a_batch_is_formed_once(qtbot, db, akimat, monkeypatch):
    """Forming is asked first, its button is off once the batch is formed and the window says
    its number; the same applications handed over again are refused by the service."""
    from desktop.services import transfer

    window = main_window(qtbot, db)
    view = window.transfer_action.open_window()
    qtbot.addWidget(view)
    monkeypatch.setattr(view, "confirm", lambda _n: True)
    qtbot.mouseClick(view.select_all_button, Qt.MouseButton.LeftButton)
    chosen = view.checked_ids()
    qtbot.mouseClick(view.form_button, Qt.MouseButton.LeftButton)
    qtbot.addWidget(view.preview)
    number = f"AKT-AK-02-{dt.date.today().year}-T001"
    assert number in view.message.text() and not view.form_button.isEnabled()
    assert view.form_batch() is None  # nothing is left to hand over
    with pytest.raises(transfer.TransferNotReadyError) as error:
        transfer.form_batch(db, chosen)
    assert number in " ".join(m.params.get("batch", "") for m in error.value.messages)
    assert view.batches.count() == 1
    view.close()

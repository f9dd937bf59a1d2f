"""The waiting registers of the disability services open in their dialog, a tab per kind of
aid, and export to Excel, a sheet per queue."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from desktop.ui.cases.reports_dialog import WaitingRegistersDialog


def test_the_waiting_registers_open_and_export(qtbot, main_window, tmp_path):
    main_window.switch_language("kk")
    dialog = WaitingRegistersDialog(main_window.context.db, main_window)
    qtbot.addWidget(dialog)
    assert dialog.tabs.count() == 8
    assert dialog.tabs.tabText(0) == "Протездік-ортопедиялық көмек кезегі"
    target = tmp_path / "registers.xlsx"
    assert dialog.write(target, "xlsx", "kk")
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert len(book.worksheets) == 8
    assert book.worksheets[4]["A1"].value == "Жеке көмекші кезегі"

"""New application as a person starts one: Ctrl+N (or the menu), the service chooser, Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.wizard.service_chooser import CODE, ServiceChooser


def open_chooser(qtbot, window) -> ServiceChooser:
    """Ctrl+N on the main window (the menu's action when the platform does not route it)."""
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    if window.desk.chooser is None:  # the offscreen platform may not route the shortcut
        window.action_new.trigger()
    chooser = window.desk.chooser
    assert chooser is not None, "Ctrl+N opened no service chooser"
    qtbot.waitExposed(chooser)
    return chooser


def take(qtbot, chooser: ServiceChooser, code: str = "asp") -> None:
    """Highlight ``code`` in the list and press Enter in the filter."""
    for row in range(chooser.list.count()):
        if chooser.list.item(row).data(CODE) == code:
            chooser.list.setCurrentRow(row)
            break
    assert chooser.current_code() == code, f"{code} is not in the chooser"
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)


def new_wizard(qtbot, window, code: str = "asp"):
    """Ctrl+N, the service, Enter: the service's wizard, active."""
    before = len(window.desk.windows)
    take(qtbot, open_chooser(qtbot, window), code)
    assert len(window.desk.windows) == before + 1, "no wizard opened"
    wizard = window.desk.windows[-1]
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard, timeout=3000)
    return wizard

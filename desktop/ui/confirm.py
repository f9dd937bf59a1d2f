"""The one question asked before an action that cannot be undone (a registration, a refusal,
a step of the case path): Yes is named after the action, the default is that action, Esc
cancels.

Callers use ``confirm.ask(...)`` through the module, so the widget tests answer it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import _


def ask(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """True when the person confirmed ``action`` (the label of the Yes button)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName("confirm_box")
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes

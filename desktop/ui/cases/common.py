"""Small helpers shared by the case windows: errors as messages, the prints folder, dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.case_path import ActionNotAllowedError
from desktop.domain.text import Text
from desktop.i18n import _, render
from desktop.storage.database import Database
from desktop.storage.errors import DatabaseError


def prints_folder(db: Database) -> Path:
    from desktop.storage.location import prints_folder as beside

    return beside(db.path)


def problem_text(error: Exception) -> str | None:
    """The user's message of a refused step or a bad input, None for other errors."""
    messages: list[Text] = list(getattr(error, "messages", []) or [])
    message = getattr(error, "message", None)
    if isinstance(message, Text):
        messages.append(message)
    if not messages:
        return None
    return "\n".join(render(m) for m in messages)


def show_problem(parent: QWidget, error: Exception) -> bool:
    """Show a refused step or an input problem; False when the error is not one of ours."""
    text = problem_text(error)
    if text is None:
        return False
    title = (_("Step not allowed") if isinstance(error, ActionNotAllowedError)
             else _("Not saved") if isinstance(error, DatabaseError) else _("Check"))
    QMessageBox.warning(parent, title, text)
    return True


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def from_date(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)

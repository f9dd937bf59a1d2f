"""The one widget a date is typed into, everywhere: digits, with or without dots.

``15.03.2019``, ``1.3.2019`` and ``15032019`` are the same date; leaving the field writes it as
``15.03.2019``. Tab leaves the field (it has no day, month and year sections to walk through,
so "12" never lands in the month). What cannot be a date stays as typed, and ``value()`` is
None: the form says so at the field instead of throwing the typing away.

It is a ``QLineEdit``, so the wizard reads and writes it as text; dialogs use ``value()`` /
``set_value()`` (or the ``QDateEdit``-like ``date()`` / ``setDate()``), and ``dateChanged``
fires when the date typed becomes another valid date.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.formspec.validate import parse_date
from desktop.i18n import _

DATE_FORMAT = "%d.%m.%Y"


def format_typed(day: dt.date) -> str:
    return day.strftime(DATE_FORMAT)


class DateEdit(QLineEdit):
    """A date typed as digits; ``value()`` is the date or None."""

    dateChanged = Signal(QDate)

    def __init__(self, day: dt.date | None = None, parent: QWidget | None = None, *,
                 objectName: str = "") -> None:
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9.]{0,10}"),
                                                      self))
        self.setMaxLength(10)
        self.retranslate()
        self._last: dt.date | None = None
        self.textChanged.connect(self._typed)
        self.editingFinished.connect(self.tidy)
        if day is not None:
            self.set_value(day)

    def retranslate(self) -> None:
        self.setPlaceholderText(_("dd.mm.yyyy"))
        self.setToolTip(_("A date as digits: 15.03.2019 or 15032019"))

    # --- the value ------------------------------------------------------------------------

    def value(self) -> dt.date | None:
        return parse_date(self.text())

    def set_value(self, day: dt.date | None) -> None:
        self.setText(format_typed(day) if day is not None else "")

    def date(self) -> QDate:
        day = self.value()
        return QDate(day.year, day.month, day.day) if day is not None else QDate()

    def setDate(self, day: QDate | dt.date) -> None:
        self.set_value(day.toPython() if isinstance(day, QDate) else day)

    def tidy(self) -> None:
        """Write a date typed as digits with its dots (15032019 → 15.03.2019)."""
        day = self.value()
        if day is not None and self.text() != format_typed(day):
            self.setText(format_typed(day))

    def _typed(self, _text: str) -> None:
        day = self.value()
        if day is not None and day != self._last:
            self._last = day
            self.dateChanged.emit(QDate(day.year, day.month, day.day))
        elif day is None:
            self._last = None

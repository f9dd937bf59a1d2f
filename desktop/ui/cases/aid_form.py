"""The aid provided on a disability service's case: the day, what, how many, by whom, a note.

Opened from the case window once the documents are drawn up; its OK records the provision
(``desktop.services.aid_provisions``) and the person leaves the waiting register of that kind
of aid. What is wrong is said under its field, in the user's language, and the form stays
open with everything typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from desktop.domain.aid_provision import MAX_QUANTITY, MAX_TEXT, AidProvision
from desktop.i18n import _, current_language, render
from desktop.services.aid_provisions import AidProvisionError
from desktop.ui.cases.step_forms import StepForm
from desktop.ui.date_edit import DateEdit
from desktop.ui.field_row import PROBLEM_STYLE

FIELDS = ("provided_on", "item", "quantity", "supplier", "note")


class AidProvidedForm(StepForm):
    """``submit`` (the caller's) records the ``AidProvision`` of ``value()``."""

    def __init__(self, queue: str, queue_title: Mapping[str, str], today: dt.date,
                 asked: str = "", parent: QWidget | None = None) -> None:
        super().__init__(_("Aid provided"), parent)
        self.setObjectName("aid_provided_form")
        self.queue = queue
        self.kind = QLabel(queue_title.get(current_language(), queue), objectName="aid_kind")
        self.kind.setWordWrap(True)
        self.provided_on = DateEdit(today, objectName="aid_provided_on")
        self.item = QLineEdit(asked, objectName="aid_item")
        self.item.setMaxLength(MAX_TEXT["item"])
        self.quantity = QSpinBox(objectName="aid_quantity")
        self.quantity.setRange(0, MAX_QUANTITY)
        self.quantity.setValue(1)
        self.supplier = QLineEdit(objectName="aid_supplier")
        self.supplier.setMaxLength(MAX_TEXT["supplier"])
        self.note = QLineEdit(objectName="aid_note")
        self.note.setMaxLength(MAX_TEXT["note"])
        self.problems: dict[str, QLabel] = {}
        self.form.addRow(_("Kind of aid"), self.kind)
        for name, label, editor in (
                ("provided_on", _("Provided on"), self.provided_on),
                ("item", _("What was provided"), self.item),
                ("quantity", _("Quantity"), self.quantity),
                ("supplier", _("Provided by (supplier)"), self.supplier),
                ("note", _("Note"), self.note)):
            self.form.addRow(label, editor)
            problem = QLabel(objectName=f"aid_problem_{name}")
            problem.setStyleSheet(PROBLEM_STYLE)
            problem.setWordWrap(True)
            problem.hide()
            self.form.addRow("", problem)
            self.problems[name] = problem
        self.setMinimumWidth(520)
        self.finish()

    def value(self) -> AidProvision:
        return AidProvision(self.queue, self.provided_on.value(), self.item.text(),
                            self.quantity.value(), self.supplier.text(), self.note.text())

    def accept(self) -> None:
        self.provided_on.tidy()
        for label in self.problems.values():
            label.clear()
            label.hide()
        self.problem.hide()
        try:
            if self.submit is not None and not self.submitted:
                self.submit(self.value())
                self.submitted = True
        except AidProvisionError as error:
            for name, text in error.problems.items():
                target = self.problems.get(name)
                if target is not None:
                    target.setText(render(text))
                    target.show()
            first = next((n for n in FIELDS if n in error.problems), None)
            if first is not None:
                getattr(self, first).setFocus()
            else:
                self.show_problem("\n".join(render(m) for m in error.messages))
            return
        super(StepForm, self).accept()

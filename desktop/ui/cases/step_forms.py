"""The small forms some steps need: the executor for a visa, the commission's act, a decision."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.assessment import ASSISTANCE_TYPE_TEXTS, AssistanceType, Outcome
from desktop.domain.decision import GROUND_LABELS, DecisionTerms
from desktop.domain.model import NoNeedCriterion
from desktop.domain.refusal import NO_NEED_TEXTS
from desktop.i18n import _, render
from desktop.services.cases import ConclusionInput
from desktop.ui.cases.common import from_date, to_date


class StepForm(QDialog):
    """A form with OK/Cancel; subclasses add rows to ``form`` and build ``value()``."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("step_ok")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.buttons = buttons

    def finish(self) -> None:
        self.body.addWidget(self.buttons)


def _date_edit(day: dt.date, name: str) -> QDateEdit:
    edit = QDateEdit(from_date(day), objectName=name)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    return edit


class VisaForm(StepForm):
    def __init__(self, executors: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(_("Visa and executor"), parent)
        self.executor = QComboBox(objectName="visa_executor")
        for account_id, name in executors:
            self.executor.addItem(name, account_id)
        self.form.addRow(_("Responsible executor"), self.executor)
        self.finish()

    def value(self) -> str:
        return str(self.executor.currentData() or "")


class ConclusionForm(StepForm):
    """The survey act: date, members present, need or no need with the art. 125 criteria."""

    def __init__(self, today: dt.date, members: str = "", parent: QWidget | None = None) -> None:
        super().__init__(_("Survey act and conclusion of the district commission"), parent)
        self.survey_date = _date_edit(today, "act_date")
        self.act_number = QLineEdit(objectName="act_number")
        self.members = QPlainTextEdit(members, objectName="act_members")
        self.members.setPlaceholderText(_("One name per line"))
        self.need = QCheckBox(_("The family needs assistance"), objectName="act_need")
        self.need.setChecked(True)
        self.refused = QCheckBox(_("The applicant refused the survey"), objectName="act_refused")
        self.note = QLineEdit(objectName="act_note")
        self.form.addRow(_("Survey date"), self.survey_date)
        self.form.addRow(_("Act number"), self.act_number)
        self.form.addRow(_("Members of the commission present"), self.members)
        self.form.addRow(self.need)
        self.form.addRow(self.refused)
        self.criteria_box = QGroupBox(_("No need: criteria found"))
        box = QVBoxLayout(self.criteria_box)
        self.criteria: dict[NoNeedCriterion, QCheckBox] = {}
        for criterion in NoNeedCriterion:
            check = QCheckBox(render(NO_NEED_TEXTS[criterion]),
                              objectName=f"act_criterion_{criterion.value}")
            box.addWidget(check)
            self.criteria[criterion] = check
        self.form.addRow(self.criteria_box)
        self.form.addRow(_("Note"), self.note)
        self.need.toggled.connect(lambda need: self.criteria_box.setEnabled(not need))
        self.criteria_box.setEnabled(False)
        self.finish()

    def value(self) -> ConclusionInput:
        members = tuple(line.strip() for line in self.members.toPlainText().splitlines()
                        if line.strip())
        return ConclusionInput(
            to_date(self.survey_date.date()), self.need.isChecked(), self.refused.isChecked(),
            tuple(c for c, box in self.criteria.items() if box.isChecked()), members,
            self.act_number.text().strip(), self.note.text().strip())


class DecisionForm(StepForm):
    """The head's decision, filled from the draft: assignment terms or refusal grounds."""

    def __init__(self, draft: DecisionTerms | None, assign: bool,
                 parent: QWidget | None = None) -> None:
        title = _("Assign assistance") if assign else _("Refuse assignment")
        super().__init__(title, parent)
        self.assign = assign
        today = dt.date.today()
        draft = draft or DecisionTerms(Outcome.ASSIGNED if assign else Outcome.REFUSED)
        self.kind = QComboBox(objectName="decision_kind")
        for kind in AssistanceType:
            self.kind.addItem(render(ASSISTANCE_TYPE_TEXTS[kind]), kind.value)
        if draft.assistance_type:
            self.kind.setCurrentIndex(self.kind.findData(draft.assistance_type.value))
        self.amount = QDoubleSpinBox(objectName="decision_amount")
        self.amount.setRange(0, 10_000_000)
        self.amount.setDecimals(2)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setValue(draft.monthly_amount / 100 if draft.assigned else 0)
        self.start = _date_edit(draft.period_start or today.replace(day=1), "decision_start")
        self.end = _date_edit(draft.period_end or today, "decision_end")
        self.grounds = {}
        self.note = QLineEdit(draft.note, objectName="decision_note")
        if assign:
            self.form.addRow(_("Kind of assistance"), self.kind)
            self.form.addRow(_("Amount a month, ₸"), self.amount)
            self.form.addRow(_("Period from"), self.start)
            self.form.addRow(_("Period to"), self.end)
        else:
            for code, label in GROUND_LABELS.items():
                check = QCheckBox(render(label), objectName=f"decision_ground_{code.value}")
                check.setChecked(code in draft.refusal_codes)
                self.grounds[code] = check
                self.form.addRow(check)
            self.form.addRow(_("Other ground"), self.note)
        self.finish()

    def value(self) -> DecisionTerms:
        if self.assign:
            return DecisionTerms(Outcome.ASSIGNED, AssistanceType(self.kind.currentData()),
                                 round(self.amount.value() * 100), to_date(self.start.date()),
                                 to_date(self.end.date()))
        codes = tuple(code for code, box in self.grounds.items() if box.isChecked())
        return DecisionTerms(Outcome.REFUSED, refusal_codes=codes, note=self.note.text())


class NoteForm(StepForm):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.note = QLineEdit(objectName="step_note")
        self.form.addRow(_("Note"), self.note)
        self.finish()

    def value(self) -> str:
        return self.note.text().strip()

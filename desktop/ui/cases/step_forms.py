"""The small forms some steps need: the executor for a visa, the commission's act, a decision,
a change of circumstances, the termination, the assessment of need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.assessment import ASSISTANCE_TYPE_TEXTS, AssistanceType, Outcome
from desktop.domain.case_changes import (
    CHANGE_LABELS,
    TERMINATION_LABELS,
    ChangeKind,
    IncomeAddition,
    NewMember,
    ReportedChange,
    Termination,
    TerminationGround,
    payments_stop_from,
)
from desktop.domain.decision import GROUND_LABELS, DecisionTerms
from desktop.domain.model import IncomeKind, NoNeedCriterion, Relationship, Sex
from desktop.domain.need_assessment import NeedAssessment
from desktop.domain.refusal import NO_NEED_TEXTS
from desktop.domain.text import Text
from desktop.i18n import _, current_language, format_date, render
from desktop.services.cases import CaseInputError, ConclusionInput
from desktop.ui.cases.common import problem_text
from desktop.ui.date_edit import DateEdit
from desktop.ui.field_row import PROBLEM_STYLE


class StepForm(QDialog):
    """A form with OK/Cancel; subclasses add rows to ``form`` and build ``value()``.

    ``submit`` (set by the caller) takes the step with the value when OK is pressed: what it
    refuses (a date in the future, a missing name) is shown in the form, which stays open
    with everything typed, so nothing is lost to a mistake."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("step_ok")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.problem = QLabel(objectName="step_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.submit: Callable[[Any], object] | None = None
        self.submitted = False  # the step was taken from the form
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.buttons = buttons

    def finish(self) -> None:
        self.body.addWidget(self.problem)
        self.body.addWidget(self.buttons)

    def value(self) -> Any:
        raise NotImplementedError

    def accept(self) -> None:
        """Take the step; on a refusal say why and keep the form as it was typed."""
        for edit in self.findChildren(DateEdit):  # Enter does not leave the field
            edit.tidy()
        try:
            value = self.value()
            if self.submit is not None and not self.submitted:
                self.submit(value)
                self.submitted = True
        except Exception as error:
            text = problem_text(error)
            if text is None:
                raise
            self.show_problem(text)
            return
        super().accept()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.adjustSize()


def _date_edit(day: dt.date, name: str) -> DateEdit:
    return DateEdit(day, objectName=name)


def _day(edit: DateEdit, label: str) -> dt.date:
    """The date typed in ``edit``, or the form's message naming the field."""
    day = edit.value()
    if day is None:
        edit.setFocus()
        raise CaseInputError([Text("{field}: enter a date as dd.mm.yyyy, for example "
                                   "15.03.2019 or 15032019.", field=label)])
    return day


class VisaForm(StepForm):
    """The head's visa names the responsible executor among the accounts of the office; with
    none to name, the form says why and how to get one, and OK is off."""

    def __init__(self, executors: list[tuple[str, str]], parent: QWidget | None = None, *,
                 accounts: bool = True) -> None:
        super().__init__(_("Visa and executor"), parent)
        self.executor = QComboBox(objectName="visa_executor")
        for account_id, name in executors:
            self.executor.addItem(name, account_id)
        self.form.addRow(_("Responsible executor"), self.executor)
        self.finish()
        if not executors:
            self.setMinimumWidth(560)
            self.executor.setEnabled(False)
            self.ok_button.setEnabled(False)
            self.show_problem(_(
                "The executor is named from the accounts of this office, and this workstation "
                "has no accounts yet. The administrator creates them, one with the role of "
                "responsible executor: Cases → Accounts…") if not accounts else _(
                "No active account of this office has the role of responsible executor. The "
                "administrator gives the role to someone: Cases → Accounts…"))

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
            _day(self.survey_date, _("Survey date")), self.need.isChecked(),
            self.refused.isChecked(),
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
                                 round(self.amount.value() * 100),
                                 _day(self.start, _("Period from")),
                                 _day(self.end, _("Period to")))
        codes = tuple(code for code, box in self.grounds.items() if box.isChecked())
        return DecisionTerms(Outcome.REFUSED, refusal_codes=codes, note=self.note.text())


class ServiceDecisionForm(StepForm):
    """The head's decision on a case of a service other than АСП, in the service's words:
    the amount and the period from the draft of a service that computes (none of АСП's kinds
    of assistance); the period alone for one whose result prints it (``asks_period``: the
    term of provision of a disability service, its end typed by the head); nothing more to
    fill for another that computes nothing; a refusal's ground as a text (the draft's
    grounds, by the service's rules, when it computed them)."""

    def __init__(self, title: str, draft: DecisionTerms | None, assign: bool, computes: bool,
                 parent: QWidget | None = None, *, asks_period: bool = False) -> None:
        super().__init__(title, parent)
        self.assign, self.computes = assign, computes
        self.asks_period = asks_period and not computes
        today = dt.date.today()
        draft = draft or DecisionTerms(Outcome.ASSIGNED if assign else Outcome.REFUSED)
        self.amount = QDoubleSpinBox(objectName="decision_amount")
        self.amount.setRange(0, 10_000_000)
        self.amount.setDecimals(2)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setValue(draft.monthly_amount / 100 if draft.assigned else 0)
        if self.asks_period:  # a term of provision: from today, until what the head types
            self.start = _date_edit(draft.period_start or today, "decision_start")
            self.end = DateEdit(draft.period_end, objectName="decision_end")
        else:
            self.start = _date_edit(draft.period_start or today.replace(day=1),
                                    "decision_start")
            self.end = _date_edit(draft.period_end or today, "decision_end")
        self.note = QLineEdit("" if draft.assigned else draft.note, objectName="decision_note")
        if assign and computes:
            self.form.addRow(_("Amount, ₸"), self.amount)
            self.form.addRow(_("Period from"), self.start)
            self.form.addRow(_("Period to"), self.end)
        elif assign and self.asks_period:
            self.form.addRow(_("Term of provision from"), self.start)
            self.form.addRow(_("Term of provision to"), self.end)
        elif assign:
            said = QLabel(_("The decision is recorded in the case and cannot be undone."))
            said.setWordWrap(True)
            self.form.addRow(said)
        else:
            self.form.addRow(_("Ground of the refusal"), self.note)
        self.finish()

    def value(self) -> DecisionTerms:
        if self.assign and self.computes:
            return DecisionTerms(Outcome.ASSIGNED, None, round(self.amount.value() * 100),
                                 _day(self.start, _("Period from")),
                                 _day(self.end, _("Period to")))
        if self.assign and self.asks_period:
            start = _day(self.start, _("Term of provision from"))
            end = _day(self.end, _("Term of provision to"))
            if end < start:
                self.end.setFocus()
                raise CaseInputError([Text("{field}: the term ends before it begins.",
                                           field=_("Term of provision to"))])
            return DecisionTerms(Outcome.ASSIGNED, None, 0, start, end)
        if self.assign:
            return DecisionTerms(Outcome.ASSIGNED)
        return DecisionTerms(Outcome.REFUSED, note=self.note.text().strip())


class NoteForm(StepForm):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.note = QLineEdit(objectName="step_note")
        self.form.addRow(_("Note"), self.note)
        self.finish()

    def value(self) -> str:
        return self.note.text().strip()


def _choice_combo(form: str, field: str, name: str) -> QComboBox:
    """A combo box of a paper form's choices (relationship, sex, income kind), in the UI's
    language."""
    from desktop.formspec import load_all

    combo = QComboBox(objectName=name)
    for choice in load_all()[form].field(field).choices:
        combo.addItem(choice.label.text(current_language()), choice.id)
    return combo


def _field_label(form: str, field: str) -> str:
    from desktop.formspec import load_all

    return load_all()[form].field(field).label.text(current_language())


class ChangeForm(StepForm):
    """A change of circumstances: what changed and when; who left, who joined, what income."""

    def __init__(self, today: dt.date, members: tuple[tuple[str, str], ...],
                 applicant_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(_("Change of circumstances"), parent)
        self.change_date = _date_edit(today, "change_date")
        self.form.addRow(_("Date of the change"), self.change_date)
        self.kinds: dict[ChangeKind, QCheckBox] = {}
        for kind, label in CHANGE_LABELS.items():
            check = QCheckBox(render(label), objectName=f"change_kind_{kind.value}")
            self.kinds[kind] = check
            self.form.addRow(check)
        self.left_box = QGroupBox(_("Members who left the family"), objectName="change_left")
        left = QVBoxLayout(self.left_box)
        self.left: dict[str, QCheckBox] = {}
        for member_id, name in members:
            if member_id == applicant_id:
                continue
            check = QCheckBox(name, objectName=f"change_left_{len(self.left)}")
            self.left[member_id] = check
            left.addWidget(check)
        self.joined_box = QGroupBox(_("New member of the family"), objectName="change_joined")
        joined = QFormLayout(self.joined_box)
        self.surname = QLineEdit(objectName="change_surname")
        self.first_name = QLineEdit(objectName="change_first_name")
        self.birth_date = _date_edit(today, "change_birth_date")
        self.relationship = _choice_combo("family", "member_relationship", "change_relationship")
        self.relationship.removeItem(self.relationship.findData(Relationship.APPLICANT.value))
        self.relationship.setCurrentIndex(self.relationship.findData(Relationship.CHILD.value))
        self.sex = _choice_combo("family", "member_sex", "change_sex")
        for field, widget in (("member_surname", self.surname),
                              ("member_first_name", self.first_name),
                              ("member_birth_date", self.birth_date),
                              ("member_sex", self.sex),
                              ("member_relationship", self.relationship)):
            joined.addRow(_field_label("family", field), widget)
        self.income_box = QGroupBox(_("Income not taken into account"),
                                    objectName="change_income")
        income = QFormLayout(self.income_box)
        self.income_member = QComboBox(objectName="change_income_member")
        for member_id, name in members:
            self.income_member.addItem(name, member_id)
        self.income_kind = _choice_combo("income", "income_kind", "change_income_kind")
        self.income_amount = QDoubleSpinBox(objectName="change_income_amount")
        self.income_amount.setRange(0, 100_000_000)
        self.income_amount.setDecimals(2)
        self.income_amount.setGroupSeparatorShown(True)
        income.addRow(_field_label("income", "income_member"), self.income_member)
        income.addRow(_field_label("income", "income_kind"), self.income_kind)
        income.addRow(_("Amount for the quarter, ₸"), self.income_amount)
        self.note = QLineEdit(objectName="change_note")
        self.note.setPlaceholderText(_("The document that confirms the change"))
        for box in (self.left_box, self.joined_box, self.income_box):
            self.form.addRow(box)
        self.form.addRow(_("Note"), self.note)
        sections = {ChangeKind.MEMBER_LEFT: self.left_box,
                    ChangeKind.MEMBER_JOINED: self.joined_box, ChangeKind.INCOME: self.income_box}
        for kind, box in sections.items():
            box.setVisible(False)
            self.kinds[kind].toggled.connect(lambda on, b=box: self._show(b, on))
        self.finish()

    def _show(self, box: QGroupBox, on: bool) -> None:
        box.setVisible(on)
        self.adjustSize()

    def value(self) -> ReportedChange:
        kinds = frozenset(k for k, box in self.kinds.items() if box.isChecked())
        joined: tuple[NewMember, ...] = ()
        if ChangeKind.MEMBER_JOINED in kinds:
            joined = (NewMember(self.surname.text().strip(), self.first_name.text().strip(),
                                Relationship(self.relationship.currentData()),
                                _day(self.birth_date, _field_label("family", "member_birth_date")),
                                Sex(self.sex.currentData())),)
        incomes: tuple[IncomeAddition, ...] = ()
        if ChangeKind.INCOME in kinds and self.income_member.currentData():
            incomes = (IncomeAddition(str(self.income_member.currentData()),
                                      IncomeKind(self.income_kind.currentData()),
                                      round(self.income_amount.value() * 100)),)
        left = tuple(m for m, box in self.left.items() if box.isChecked()) \
            if ChangeKind.MEMBER_LEFT in kinds else ()
        return ReportedChange(kinds, _day(self.change_date, _("Date of the change")), left,
                              joined, incomes, self.note.text().strip())


class TerminationForm(StepForm):
    """The head terminates the assistance: the ground of art. 129 and the date."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(_("Terminate assistance"), parent)
        self.ground = QComboBox(objectName="termination_ground")
        for ground, label in TERMINATION_LABELS.items():
            self.ground.addItem(render(label), ground.value)
        self.date = _date_edit(today, "termination_date")
        self.stop = QLabel(objectName="termination_stop")
        self.note = QLineEdit(objectName="termination_note")
        self.form.addRow(_("Ground (Social Code art. 129)"), self.ground)
        self.form.addRow(_("Termination date"), self.date)
        self.form.addRow(_("Payments stop from"), self.stop)
        self.form.addRow(_("Note"), self.note)
        self.date.textChanged.connect(lambda _t: self._update_stop())
        self._update_stop()
        self.finish()

    def _update_stop(self) -> None:
        day = self.date.value()
        self.stop.setText(format_date(payments_stop_from(day)) if day else "—")

    def value(self) -> Termination:
        return Termination(TerminationGround(self.ground.currentData()),
                           _day(self.date, _("Termination date")), self.note.text().strip())


class NeedAssessmentForm(StepForm):
    """The executor's assessment of need of the special social services (services.md
    §16-17): need, the ВКК's contraindications (as the medical card recorded them), the
    reliability of what was presented, and the conclusion in words; the draft follows it."""

    def __init__(self, title: str, contraindications: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.need = QCheckBox(_("The person needs the special social services"),
                              objectName="need_confirmed")
        self.need.setChecked(True)
        self.contraindications = QCheckBox(
            _("The conclusion of the medical advisory commission states contraindications"),
            objectName="need_contraindications")
        self.contraindications.setChecked(contraindications)
        self.reliable = QCheckBox(_("The information and documents presented are reliable"),
                                  objectName="need_reliable")
        self.reliable.setChecked(True)
        self.conclusion = QPlainTextEdit(objectName="need_conclusion")
        self.conclusion.setPlaceholderText(_("What the examination of the documents and the "
                                             "medical card established"))
        self.outcome = QLabel(objectName="need_outcome")
        self.outcome.setWordWrap(True)
        self.form.addRow(self.need)
        self.form.addRow(self.contraindications)
        self.form.addRow(self.reliable)
        self.form.addRow(_("Conclusion") + " *", self.conclusion)
        self.form.addRow(self.outcome)
        for box in (self.need, self.contraindications, self.reliable):
            box.toggled.connect(self._show_outcome)
        self._show_outcome()
        self.finish()

    def _show_outcome(self) -> None:
        self.outcome.setText(
            _("Draft: arrange the documents; the head states the term of the services.")
            if self.value().arrange else
            _("Draft: a reasoned refusal; the conclusion is its ground."))

    def value(self) -> NeedAssessment:
        return NeedAssessment(self.need.isChecked(), self.contraindications.isChecked(),
                              self.reliable.isChecked(), self.conclusion.toPlainText().strip())

"""One case: where it stands, its history, the draft's calculation, and the steps for this user.

Only the steps the case path allows this user now are shown as buttons; the service checks
again when one is pressed.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.case_changes import CHANGE_LABELS, TERMINATION_LABELS, ChangeKind
from desktop.domain.case_path import Action
from desktop.domain.case_status import CaseStatus
from desktop.domain.deadlines import STEP_NAMES, term_text
from desktop.domain.decision import DecisionTerms
from desktop.domain.text import Text
from desktop.i18n import _, current_language, format_date, format_datetime, format_money, render
from desktop.services.accounts import CurrentUser, executors, has_accounts
from desktop.services.case_queries import REGISTRATION, CaseView, load_case
from desktop.services.cases import CaseService
from desktop.services.home_care import HOME_CARE
from desktop.storage.repositories.applications import load_application
from desktop.ui import confirm
from desktop.ui.cases.common import show_problem
from desktop.ui.cases.home_care_dialog import HomeCareDialog
from desktop.ui.cases.notice import offer_notification
from desktop.ui.cases.step_forms import (
    ChangeForm,
    ConclusionForm,
    DecisionForm,
    NeedAssessmentForm,
    NoteForm,
    ServiceDecisionForm,
    StepForm,
    TerminationForm,
    VisaForm,
)
from desktop.ui.field_row import DONE_STYLE, PROBLEM_STYLE
from desktop.ui.labels import (
    ASP,
    action_label,
    channel_label,
    event_label,
    service_entry,
    service_title,
    status_label,
)
from desktop.ui.printing.preview import DocumentPreview

_NOTE_ACTIONS = (Action.WITHDRAW, Action.RETURN_FOR_REWORK)
_HEADER = {
    "number": Text("Registration number"), "service": Text("Service"),
    "applicant": Text("Applicant"), "channel": Text("Channel"), "status": Text("Status"),
    "executor": Text("Responsible executor"), "awaited": Text("Step awaited"),
    "step_due": Text("Step due"), "service_due": Text("Due date"), "decision": Text("Decision"),
    "aid": Text("Aid provided"),
}
# Steps that hand the notification over: it is offered to print when they are taken.
_NOTIFYING = (Action.ISSUE_NOTIFICATION, Action.SEND_RESULT)


class CaseWindow(QDialog):
    """Signals: changed(): a step was taken (the journal and work lists refresh)."""

    changed = Signal()

    def __init__(self, cases: CaseService, user: CurrentUser, application_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_window")
        self.cases, self.user, self.application_id = cases, user, application_id
        self.view: CaseView | None = None
        self.notification: DocumentPreview | None = None  # the last notification offered
        self.header = QFormLayout()
        self.labels = {key: QLabel(objectName=f"case_{key}") for key in _HEADER}
        self.titles = {key: QLabel() for key in _HEADER}
        for key in _HEADER:
            self.labels[key].setWordWrap(True)
            self.header.addRow(self.titles[key], self.labels[key])
        self.history = QTextBrowser(objectName="case_history")
        self.actions_row = QHBoxLayout()
        self.none_label = QLabel(objectName="case_none")
        self.done_label = QLabel(objectName="case_done")
        self.done_label.setStyleSheet(DONE_STYLE)
        self.done_label.setWordWrap(True)
        self.form: StepForm | None = None  # the last step form opened
        # home care (services.md §17): the care worker and the visits, in a dialog of its own
        self.home_care_button = QPushButton(objectName="case_home_care")
        self.home_care_button.clicked.connect(self.open_home_care)
        self.home_care: HomeCareDialog | None = None  # the last one opened
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addWidget(self.history, 1)
        layout.addWidget(self.done_label)
        layout.addWidget(self.none_label)
        layout.addLayout(self.actions_row)
        layout.addWidget(self.home_care_button)
        self.buttons: dict[Action, QPushButton] = {}
        self.aid_button = QPushButton(objectName="case_record_aid")
        self.aid_button.clicked.connect(self.record_aid)
        self.aid_button.hide()
        self.actions_row.addWidget(self.aid_button)  # the step buttons follow it
        self.resize(820, 640)
        self.reload()

    def language_switched(self) -> None:
        """The interface language changed: every text again, the step buttons too."""
        self.done_label.clear()
        self.reload()

    def reload(self) -> None:
        lang = current_language()
        today = self.cases.today()
        for key, title in _HEADER.items():
            self.titles[key].setText(render(title))
        self.none_label.setText(_("Nothing here is waiting for you."))
        self.view = view = load_case(self.cases.db, self.application_id, self.user, lang, today,
                                     self.cases.parameters)
        code = view.service
        own = code != ASP  # АСП's window stays as it was, without reading the catalogue
        self.setWindowTitle(
            _("{service}: case {number}").format(service=service_title(code),
                                                 number=view.registration_number) if own
            else _("Case {number}").format(number=view.registration_number))
        self.header.setRowVisible(self.labels["service"], own)
        self.labels["service"].setText(service_title(code) if own else "")
        self.labels["number"].setText(view.registration_number)
        self.labels["applicant"].setText(f"{view.applicant_name} ({view.iin})")
        self.labels["channel"].setText(channel_label(view.channel, view.registered_on))
        self.labels["status"].setText(status_label(view.status, code, channel=view.channel))
        self.labels["executor"].setText(view.executor_name or "—")
        self.labels["awaited"].setText("; ".join(
            f"{render(STEP_NAMES[t.step])} ({render(term_text(t.working_days, t.minutes))})"
            for t in view.awaited) or "—")
        due = format_datetime(view.step_due_at.astimezone()) if view.step_due_at \
            else format_date(view.step_due) or "—"
        if view.step_due is not None and not view.step_term_known:
            due = _("{date} (with the service: the rules in force give this step no term of "
                    "its own)").format(date=due)
        self.labels["step_due"].setText(due)
        overdue = view.step_due_at < self.cases.clock() if view.step_due_at \
            else view.step_due is not None and view.step_due < today
        self.labels["step_due"].setStyleSheet(PROBLEM_STYLE if overdue else "")
        self.labels["service_due"].setText(
            format_datetime(view.service_due_at.astimezone()) if view.service_due_at
            else format_date(view.service_due) or "—")
        self.labels["decision"].setText(self._decision_text())
        self.history.setHtml(self._history_html())
        for button in self.buttons.values():  # gone at once, not at the next event loop
            button.hide()
            self.actions_row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        self._show_aid(own)
        for action in view.actions:
            button = QPushButton(action_label(action, code),
                                 objectName=f"case_action_{action.value}")
            button.clicked.connect(lambda _c=False, a=action: self.take(a))
            self.actions_row.addWidget(button)
            self.buttons[action] = button
        self.home_care_button.setText(_("Care &worker and visits…"))
        self.home_care_button.setVisible(code == HOME_CARE and view.status in (
            CaseStatus.ASSIGNED, CaseStatus.DELIVERED))
        # hidden, not merely not shown yet: the window may not be on screen
        self.none_label.setVisible(not view.actions and self.aid_button.isHidden()
                                   and self.home_care_button.isHidden())

    def open_home_care(self) -> None:
        """The care worker assigned and the visits of a home care case."""
        assert self.view is not None
        self.home_care = HomeCareDialog(self.cases.db, self.user, self.application_id,
                                        self.view.registration_number, self.cases.today(), self)
        self.home_care.exec()

    # --- the aid provided (a disability service's register) -------------------------------

    def _show_aid(self, own: bool) -> None:
        """The provisions recorded on a case of a service with a waiting register, and the
        button that records one once the head's decision has drawn the documents up."""
        from desktop.services.aid_provisions import ROLES, provisions_of, queue_choices

        view = self.view
        assert view is not None
        queues = queue_choices(view.service) if own else ()
        self.header.setRowVisible(self.labels["aid"], bool(queues))
        drawn_up = view.status in (CaseStatus.ASSIGNED, CaseStatus.DELIVERED) \
            and view.final is not None and view.final.assigned
        may = self.user.account_id is None or bool(self.user.roles & ROLES)
        self.aid_button.setVisible(bool(queues) and drawn_up and may)
        self.aid_button.setText(_("Record the aid provided…"))
        if not queues:
            return
        provided = provisions_of(self.cases.db, self.application_id)
        self.labels["aid"].setText("; ".join(
            _("{date}: {item}, {quantity} ({supplier})").format(
                date=format_date(p.provision.provided_on), item=p.provision.item,
                quantity=p.provision.quantity, supplier=p.provision.supplier or "—")
            for p in provided) or _("not yet: the person waits in the register"))

    def record_aid(self) -> None:
        """The form of the aid provided; its OK records it, and the window shows it."""
        from desktop.services.aid_provisions import (
            application_queue,
            queue_choices,
            record_provision,
        )
        from desktop.ui.cases.aid_form import AidProvidedForm

        view = self.view
        assert view is not None
        queue = application_queue(self.cases.db, self.application_id)
        titles = dict(queue_choices(view.service))
        form = AidProvidedForm(queue, titles.get(queue, {}), self.cases.today(), parent=self)
        form.submit = lambda provision: record_provision(
            self.cases.db, self.application_id, provision, self.user, today=self.cases.today())
        self.form = form
        if not form.exec():
            return
        self.changed.emit()
        self.reload()
        self.done_label.setText(_("Done: the aid provided is recorded; the person no longer "
                                  "waits in the register."))

    def _decision_text(self) -> str:
        view = self.view
        assert view is not None
        terms = view.final or view.draft
        if terms is None:
            return "—"
        ended = view.termination
        if ended is not None:
            return _("terminated on {date}; payments stop from {stop}").format(
                date=format_date(ended.date), stop=format_date(ended.stop_from))
        prefix = "" if view.final else _("draft") + ": "
        if view.later:
            latest = view.later[-1].terms
            if latest is not None:
                terms = latest
                prefix = _("recalculated") + ": "
        entry = service_entry(view.service)
        if entry is not None and not entry.computes:  # decided, nothing computed: its words
            said = status_label(
                CaseStatus.ASSIGNED if terms.assigned else CaseStatus.REFUSED, view.service)
            if terms.assigned and terms.period_start and terms.period_end:  # a term stated
                said += f", {format_date(terms.period_start)} – {format_date(terms.period_end)}"
            return prefix + said
        if entry is not None and terms.assigned:  # paid once or monthly, by its rules
            return prefix + _("assigned, {amount}, {start} – {end}").format(
                amount=format_money(terms.monthly_amount),
                start=format_date(terms.period_start), end=format_date(terms.period_end))
        return prefix + _terms_text(terms)

    def _history_html(self) -> str:
        assert self.view is not None
        rows = []
        for event in self.view.events:
            label = _("Application registered") if event.action == REGISTRATION \
                else event_label(Action(event.action), self.view.service, event.to_status,
                                 event.from_status)
            when = event.at.astimezone().strftime("%d.%m.%Y %H:%M")
            detail = _event_detail(event.action, event.data)
            detail = f" — {escape(detail)}" if detail else ""
            note = f" — <i>{escape(event.note)}</i>" if event.note else ""
            rows.append(f"<li>{when} · <b>{label}</b> · {escape(event.actor_name)}{detail}"
                        f"{note}</li>")
        history, calculation = _("History"), _("Calculation")
        html = f"<h3>{history}</h3><ul>{''.join(rows) or '<li>—</li>'}</ul>"
        if self.view.trace:
            html += f"<h3>{calculation}</h3>"
            for step in self.view.trace:
                figures = "".join(f"<li>{f}</li>" for f in step.get("figures", []))  # type: ignore[union-attr]
                html += (f"<p><b>{step.get('title')}</b><br/>{step.get('result')}"
                         f"<br/><i>{step.get('reference')}</i></p><ul>{figures}</ul>")
        return html

    # --- steps ---------------------------------------------------------------------------

    def take(self, action: Action) -> None:
        """Take a step once: its buttons are off while it runs (a second click finds none),
        and the window says what was done."""
        if not self.buttons.get(action) or not self.buttons[action].isEnabled():
            return
        for button in self.buttons.values():
            button.setEnabled(False)
        try:
            done = self._take(action)
        except Exception as error:  # a refused step or bad input is shown, others propagate
            if not show_problem(self, error):
                raise
            self.reload()
            return
        if not done:
            for button in self.buttons.values():
                button.setEnabled(True)
            return
        self.changed.emit()
        self.reload()
        assert self.view is not None
        self.done_label.setText(_("Done: {step}. The application is now: {status}.").format(
            step=action_label(action, self.view.service),
            status=status_label(self.view.status, self.view.service,
                                channel=self.view.channel)))

    def _take(self, action: Action) -> bool:
        """The step's form (its OK takes the step, and keeps the form open on a refusal), or
        for a step with no form a question first: every step is done once, for good."""
        c, u, app_id = self.cases, self.user, self.application_id
        form = self._form(action)
        if form is not None:
            self.form = form
            if not form.exec():
                return False
            if not form.submitted and form.submit is not None:  # accepted by other means
                form.submit(form.value())
            return True
        label = action_label(action, self.view.service if self.view else ASP)
        if not confirm.ask(self, label, _(
                "{step}: application {number}, {name}. The step is recorded in the case and "
                "cannot be undone.").format(step=label, number=self.labels["number"].text(),
                                            name=self.labels["applicant"].text()), label):
            return False
        if action is Action.PREPARE_DRAFT:
            c.prepare_draft(u, app_id)
        elif action is Action.RECALCULATE:
            made = c.recalculate(u, app_id)
            QMessageBox.information(self, label, "\n".join(
                _("From {start}: {terms}").format(start=format_date(t.period_start),
                                                   terms=_terms_text(t)) for t in made))
        elif action in _NOTIFYING:
            # АСП's notification, or another service's own result document: one that cannot
            # be made (no programme items entered for the person) refuses the step untaken
            if self.view is not None and self.view.service != ASP:
                from desktop.services.results import result_document

                result_document(c.db, app_id, u, current_language(), log=False,
                                parameters=c.parameters)
            c.step(u, app_id, action)
            self.notification = offer_notification(self, c, u, app_id)
        elif action is Action.ISSUE_RESULT:  # the step and its document, in one transaction
            from desktop.ui.cases.common import prints_folder
            from desktop.ui.printing.result_issue import issue_now

            self.issued = issue_now(self, c.db, u, app_id, prints_folder(c.db), c.parameters)
            if self.issued.problem:
                QMessageBox.warning(self, label, self.issued.problem)
        else:
            c.step(u, app_id, action)
        return True

    def _form(self, action: Action) -> StepForm | None:
        """The form of a step that needs one, its OK bound to the step."""
        c, u, app_id = self.cases, self.user, self.application_id
        view = self.view
        assert view is not None
        form: StepForm
        if action is Action.VISA:
            visa = VisaForm(executors(c.db, u.office_id), self,
                            accounts=has_accounts(c.db))
            visa.submit = lambda executor: c.visa(u, app_id, executor)
            form = visa
        elif action is Action.PREPARE_DRAFT and _assesses_need(view.service):
            details = load_application(c.db, app_id).details
            assess = NeedAssessmentForm(action_label(action, view.service),
                                        details.get("vkk_contraindications") == "present", self)
            assess.submit = lambda assessment: c.prepare_draft(u, app_id, assessment)
            form = assess
        elif action is Action.RECORD_CONCLUSION:
            form = ConclusionForm(c.today(), u.full_name, self)
            form.submit = lambda act: c.record_conclusion(u, app_id, act)
        elif action in (Action.ASSIGN, Action.REFUSE) and view.service != ASP:
            entry = service_entry(view.service)
            form = ServiceDecisionForm(action_label(action, view.service), view.draft,
                                       action is Action.ASSIGN,
                                       entry is not None and entry.computes, self,
                                       asks_period=entry is not None
                                       and entry.decision_states_period)
            form.submit = lambda terms: c.decide(u, app_id, terms)
        elif action in (Action.ASSIGN, Action.REFUSE):
            form = DecisionForm(view.draft, action is Action.ASSIGN, self)
            form.submit = lambda terms: c.decide(u, app_id, terms)
        elif action is Action.REPORT_CHANGE:
            members = view.members
            form = ChangeForm(c.today(), members, members[0][0] if members else None, self)
            form.submit = lambda change: c.report_change(u, app_id, change)
        elif action is Action.TERMINATE:
            form = TerminationForm(c.today(), self)
            form.submit = lambda termination: c.terminate(u, app_id, termination)
        elif action in _NOTE_ACTIONS:
            form = NoteForm(action_label(action, view.service), self)
            form.submit = lambda note: c.step(u, app_id, action, note=note)
        else:
            return None
        return form


def _terms_text(terms: DecisionTerms) -> str:
    if terms.assigned:
        return _("assigned, {amount} a month, {start} – {end}").format(
            amount=format_money(terms.monthly_amount), start=format_date(terms.period_start),
            end=format_date(terms.period_end))
    return _("refused")


def _event_detail(action: str, data: dict[str, object]) -> str:
    """What a step decided, from its event's facts, in the reader's language."""
    def day(key: str) -> str:
        value = data.get(key)
        return format_date(dt.date.fromisoformat(str(value))) if value else ""

    if action == Action.REPORT_CHANGE.value:
        codes = data.get("kinds")
        kinds = [render(CHANGE_LABELS[ChangeKind(k)]) for k in
                 (codes if isinstance(codes, list) else []) if k in set(ChangeKind)]
        return _("{what}, on {date}").format(what=", ".join(kinds), date=day("change_date"))
    if action == Action.RECALCULATE.value:
        if data.get("outcome") == "assigned":
            return _("{amount} a month from {start}").format(
                amount=format_money(_int(data.get("monthly_amount"))),
                start=day("period_start"))
        return _("no longer eligible from {start}").format(start=day("period_start"))
    if action == Action.TERMINATE.value:
        ground = str(data.get("ground", ""))
        label = next((render(text) for g, text in TERMINATION_LABELS.items() if g == ground),
                     ground)
        return _("{ground}; on {date}, payments stop from {stop}").format(
            ground=label, date=day("termination_date"), stop=day("payments_stop_from"))
    assessed = data.get("need_assessment")
    if action == Action.PREPARE_DRAFT.value and isinstance(assessed, dict):
        said = [_("needs the special social services") if assessed.get("need_confirmed")
                else _("does not need the special social services")]
        if assessed.get("contraindications"):
            said.append(_("the medical advisory commission states contraindications"))
        if not assessed.get("information_reliable"):
            said.append(_("the information presented is unreliable"))
        conclusion = str(assessed.get("conclusion") or "")
        return "; ".join(said) + (f": {conclusion}" if conclusion else "")
    if action in (Action.ASSIGN.value, Action.REFUSE.value) and data.get("outcome"):
        amount = _int(data.get("monthly_amount"))
        return format_money(amount) if amount else ""
    return ""


def _assesses_need(code: str) -> bool:
    entry = service_entry(code) if code != ASP else None
    return entry is not None and entry.assesses_need


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0

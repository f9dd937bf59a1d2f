"""Page 6: everything on one page, the assessment with its trace, warnings, what blocks."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from desktop import i18n
from desktop.domain.intake_session import ROW_ID, IntakeSession
from desktop.domain.service_rules import ServiceAssessment
from desktop.domain.trace import TraceStep
from desktop.formspec.model import Entry, FieldSpec, FieldType, LocalizedText
from desktop.services.intake import IntakeContext
from desktop.ui.wizard import field_widgets as fw
from desktop.ui.wizard.live_rules import live_assessment
from desktop.ui.wizard.page_base import WizardPage
from desktop.ui.wizard.step_titles import step_title


def _value(spec: FieldSpec, value: Any) -> str:
    if spec.type is FieldType.BOOL:
        return i18n._("yes") if value else i18n._("no")
    return fw.display(spec, value, i18n.current_language())


def _figure(value: object) -> str:
    if isinstance(value, i18n.Text):
        return i18n.render(value)
    if isinstance(value, dt.date):
        return i18n.format_date(value)
    return str(value)


class ReviewPage(WizardPage):
    step = "review"

    def __init__(self, session: IntakeSession, context: IntakeContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, context, parent)
        self.browser = QTextBrowser(objectName="review_text")
        self.browser.setOpenLinks(False)
        self._shown: tuple[int, str, bool] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)

    def entered(self) -> None:
        shown = (self.session.revision, i18n.current_language(), self.session.read_only)
        if shown != self._shown:  # nothing changed since it was laid out: show it as it is
            self.browser.setHtml(self.html())
            self._shown = shown

    def refresh(self, keys: set[str] | None = None) -> None:
        if self.isVisible():
            self.entered()

    # --- html -----------------------------------------------------------------------------

    def html(self) -> str:
        # АСП's rules engine, or the service's own rule module; none when it computes nothing
        parts = [self._blockers(), self._assessment()]
        for step, _pages in self.session.steps[:-1]:
            parts.append(f"<h3>{escape(step_title(self.session, step))}</h3>")
            parts.append(self._step(step))
        return "".join(parts)

    def _blockers(self) -> str:
        session = self.session
        if session.read_only:
            text = i18n._("Registered: {number}").format(number=session.registration_number)
            return f"<p><b>{escape(text)}</b></p>"
        problems = session.blocking_problems(recheck=False)
        documents = session.document_problems()
        if not problems and not documents:
            ready = i18n._("Ready to register.")
            return f"<p style='color:#1b5e20'><b>{escape(ready)}</b></p>"
        items = []
        labels = {spec.id: spec.label.text(i18n.current_language())
                  for step, _p in self.session.steps for spec in self._all_fields(step)}
        for key, problem in problems:
            field_id = key.rsplit("/", 1)[-1]
            items.append(f"{escape(labels.get(field_id, field_id))}: "
                         f"{escape(i18n.render(problem.message))}")
        for issue in documents:
            text = issue.name.text(i18n.current_language())
            items.append(escape(i18n._("Missing: {name}").format(name=text)
                                if issue.problem == "missing" else
                                i18n._("Expired on {date}: {name}").format(
                                    date=i18n.format_date(issue.expired_on), name=text)))
        heading = escape(i18n._("Not ready to register:"))
        return (f"<p style='color:#b3261e'><b>{heading}</b></p><ul style='color:#b3261e'>"
                + "".join(f"<li>{item}</li>" for item in items) + "</ul>")

    def _all_fields(self, step: str) -> list[FieldSpec]:
        return [c for s in self.session.step_fields(step) for c in s.walk()]

    def _assessment(self) -> str:
        live = live_assessment(self.session, self.context)
        if live is None:
            return ""
        # АСП's heading names АСП; another service's names its own rules
        title = i18n._("Assessment") if self.session.asp else \
            i18n._("Calculation by the rules of the service")
        out = [f"<h3>{escape(title)}</h3>"]
        for message in live.messages:
            out.append(f"<p style='color:#b3261e'>{escape(i18n.render(message))}</p>")
        result = live.assessment
        if result is None:
            return "".join(out)
        if isinstance(result, ServiceAssessment):
            out.append(self._verdict(result))
        out.append("<table cellspacing='0' cellpadding='3' border='1' width='100%'>")
        for step in result.trace:
            out.append(self._trace_row(step))
        out.append("</table>")
        if result.warnings:
            warnings = i18n._("Warnings")
            out.append(f"<p><b>{escape(warnings)}</b></p><ul>")
            out += [f"<li>{escape(i18n.render(w.message))}</li>" for w in result.warnings]
            out.append("</ul>")
        return "".join(out)

    @staticmethod
    def _verdict(result: ServiceAssessment) -> str:
        """The service's decision in one line: assigned with its amount, or refused."""
        if result.assigned:
            amount = i18n.format_money(result.monthly_amount or result.one_time_amount)
            text = (i18n._("By the rules: assigned, {amount} a month").format(amount=amount)
                    if result.monthly_amount else
                    i18n._("By the rules: assigned, {amount} once").format(amount=amount))
            return f"<p style='color:#1b5e20'><b>{escape(text)}</b></p>"
        text = i18n._("By the rules: refused")
        return f"<p style='color:#b3261e'><b>{escape(text)}</b></p>"

    def _trace_row(self, step: TraceStep) -> str:
        figures = "<br>".join(f"{escape(i18n.render(f.label))}: {escape(_figure(f.value))}"
                              for f in step.figures)
        return (f"<tr><td width='22%'><b>{escape(i18n.render(step.title))}</b></td>"
                f"<td>{figures}</td><td><b>{escape(i18n.render(step.result))}</b><br>"
                f"<small>{escape(i18n.render(step.legal_reference))}</small></td></tr>")

    def _step(self, step: str) -> str:
        out = []
        for spec in self.session.step_fields(step):
            if spec.type is FieldType.TABLE:
                out.append(self._table(spec))
            elif self.session.visible(spec) and spec.entry is not Entry.SYSTEM:
                value = self.session.value(spec.id)
                if value in (None, "", [], False) and spec.type is not FieldType.BOOL:
                    continue
                if spec.choices_from == "categories":
                    shown = self._category(value)
                elif spec.choices_from == "offices":
                    shown = self._office(value)
                else:
                    shown = _value(spec, value)
                out.append(f"{escape(spec.label.text(i18n.current_language()))}: "
                           f"<b>{escape(shown)}</b><br>")
        return "".join(out)

    def _office(self, value: Any) -> str:
        """The desk's office by its name, as page 1 and the printout show it, not its code."""
        if str(value) != self.context.office.code:
            return str(value)
        name = self.context.office_info.name
        return name.text(i18n.current_language()) if isinstance(name, LocalizedText) \
            else str(name)

    def _category(self, value: Any) -> str:
        """A maslikhat decision's category by its title (the decision is district data)."""
        from desktop.services.district_decisions import category_choices

        titles = dict(category_choices(self.context.office.district,
                                       self.session.application_date,
                                       i18n.current_language()))
        return titles.get(str(value), str(value))

    def _table(self, spec: FieldSpec) -> str:
        lang = i18n.current_language()
        rows = self.session.rows(spec.binding)
        columns = [c for c in spec.columns if any(r.get(c.id) not in (None, "", [], False)
                                                  for r in rows)]
        if not rows or not columns:
            return ""
        body = []
        for number, row in enumerate(rows, start=1):
            cells = []
            for column in columns:
                value = row.get(column.id)
                if column.choices_from == "members":
                    text = self.session.member_label(str(value)) if value else ""
                elif column.id == "document_kind":
                    text = self.session.document_name(str(value)).text(lang)
                elif column.id == "income_member_name":
                    text = self.session.member_label(str(row[ROW_ID]))
                elif column.type is FieldType.BOOL:
                    text = column.label.text(lang) if value else ""
                else:
                    text = _value(column, value)
                if text:
                    cells.append(escape(text))
            # lines, not a table: a rich-text table lays out ten times slower (page switch)
            body.append(f"{number}. " + " — ".join(cells))
        return (f"<p><i>{escape(spec.label.text(lang))}</i><br>" + "<br>".join(body) + "</p>")

"""The notification of assignment, or the motivated refusal, for the head's signature.

The seeds give no text for it (forms.md §8): its fields are the ones forms.md lists as an
assumption, and its sentences are the program's own (gettext domain ``printing``), until the
form of Order № 320 is obtained. Refusal grounds quote the law through the decision's texts.
"""

from __future__ import annotations

import calendar
import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.domain.assessment import ASSISTANCE_TYPE_TEXTS, Assessment
from desktop.domain.model import Application
from desktop.i18n import _, format_date, format_money
from desktop.printing import elements as el
from desktop.printing import wording as w
from desktop.printing.document import PORTRAIT_WIDTH, PageSetup, build_pdf, footer_of
from desktop.printing.letter import addressee, head_signature, number_and_date, office_head
from desktop.printing.records import Decision, DecisionKind, OfficeInfo, RefusalGround, Staff
from desktop.printing.styles import styles
from desktop.printing.words import esc, say


def _facts_table(rows: list[tuple[str, str]]) -> Flowable:
    s = styles()
    return el.plain_table([[el.para(label, s.body_left), el.rich(f"<b>{esc(value)}</b>",
                                                                 s.body_left)]
                           for label, value in rows if value],
                          [60 * mm, PORTRAIT_WIDTH - 60 * mm])


def _assignment(app: Application, decision: Decision, lang: str) -> list[Flowable]:
    s = styles()
    intro = _("By the decision of {date}, state targeted social assistance is assigned to the "
              "family of the applicant (family registration number {number}).", lang)
    period = ""
    if decision.period_start and decision.period_end:
        period = _("from {start} to {end}", lang).format(
            start=format_date(decision.period_start), end=format_date(decision.period_end))
    rows = [
        # "АӘК түрі", "АӘК мөлшері": the 2018 standard's words (000:80, glossary)
        (_("Kind of targeted social assistance", lang), say(decision.assistance_kind, lang)),
        (_("Amount of targeted social assistance a month", lang),
         format_money(decision.monthly_amount, lang)),
        (_("Period of assignment", lang), period),
        (_("Legal basis", lang), say(decision.legal_basis, lang)),
    ]
    return [el.para(intro.format(date=format_date(decision.date),
                                 number=_family_number(app)), s.statement),
            el.gap(2), _facts_table(rows)]


def _refusal(app: Application, decision: Decision, lang: str) -> list[Flowable]:
    s = styles()
    intro = _("By the decision of {date}, the assignment of state targeted social assistance "
              "to the family of the applicant (family registration number {number}) is "
              "refused on the following grounds:", lang)
    story: list[Flowable] = [el.para(intro.format(date=format_date(decision.date),
                                                  number=_family_number(app)), s.statement)]
    rows: list[list[Flowable | str]] = []
    for number, ground in enumerate(decision.grounds, start=1):
        text = esc(say(ground.text, lang))
        reference = say(ground.reference, lang)
        if reference:
            text += f"<br/><font size=7.5>({esc(reference)})</font>"
        rows.append([el.para(f"{number})", s.body_left), el.rich(text, s.body)])
    if rows:
        story.append(el.plain_table(rows, [8 * mm, PORTRAIT_WIDTH - 8 * mm]))
    return story


def _family_number(app: Application) -> str:
    return app.family_registration_number or app.registration_number


def notification_title(decision: Decision, lang: str) -> str:
    """The notification of assignment, or the refusal in its regime's words."""
    if decision.kind is DecisionKind.ASSIGNMENT:
        return w.NOTIFICATION_ASSIGNMENT.text(lang)
    return w.refusal_title(decision.rule_set_id).text(lang)


def notification_story(app: Application, decision: Decision, lang: str) -> list[Flowable]:
    title = notification_title(decision, lang)
    story: list[Flowable] = [*office_head(decision.office, lang),
                             number_and_date(decision.number, decision.date, lang),
                             el.gap(2), addressee(app, lang), el.gap(4), *el.title(title)]
    story += (_assignment if decision.kind is DecisionKind.ASSIGNMENT else _refusal)(
        app, decision, lang)
    story += head_signature(decision.head, decision.executor, lang, app.registration_number,
                            decision.number)
    return story


def render_notification(app: Application, decision: Decision, lang: str,
                        duplicate: bool = False) -> bytes:
    """The notification of assignment, or of refusal with its grounds, on A4."""
    title = notification_title(decision, lang)
    return build_pdf(notification_story(app, decision, lang), lang=lang,
                     title=f"{title} {decision.number}", duplicate=duplicate,
                     setup=PageSetup(footer=footer_of(app.registration_number, decision.number)))


def decision_of(assessment: Assessment, *, number: str, date: dt.date, office: OfficeInfo,
                head: Staff, executor: Staff | None = None) -> Decision:
    """The decision facts of an assessment: amount, kind and period, or the grounds."""
    if not assessment.assigned:
        grounds = tuple(RefusalGround(g.text, g.legal_reference) for g in assessment.refusals)
        return Decision(DecisionKind.REFUSAL, number, date, office, head, executor,
                        grounds=grounds, rule_set_id=assessment.rule_set.id)
    start = end = None
    if assessment.payments:
        first, last = assessment.payments[0], assessment.payments[-1]
        start = dt.date(first.year, first.month, 1)
        end = dt.date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    kind = ASSISTANCE_TYPE_TEXTS.get(assessment.assistance_type) if assessment.assistance_type \
        else None
    return Decision(DecisionKind.ASSIGNMENT, number, date, office, head, executor,
                    assistance_kind=kind or w.ASP, monthly_amount=assessment.monthly_amount,
                    period_start=start, period_end=end, legal_basis=assessment.rule_set.title,
                    rule_set_id=assessment.rule_set.id)

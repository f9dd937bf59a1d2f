"""The calculation sheet (расчет назначения АСП / АӘК тағайындау есебі): the assessment's
trace as the rules engine explains it, step by step, with the legal reference of each step,
after a table of the incomes by member and kind."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.domain.assessment import Assessment
from desktop.domain.income import INCOME_KIND_NAMES, IncomeTreatment
from desktop.domain.model import Application, IncomeKind
from desktop.domain.money import Money
from desktop.domain.text import Text
from desktop.i18n import _, format_date, format_money, render
from desktop.printing import elements as el
from desktop.printing import formtext as ft
from desktop.printing import wording as w
from desktop.printing.document import PORTRAIT_WIDTH, PageSetup, build_pdf
from desktop.printing.records import Staff
from desktop.printing.styles import styles
from desktop.printing.words import esc


def figure_text(value: object, lang: str) -> str:
    """A trace figure as printed: money with ₸, dd.MM.yyyy dates, rendered texts."""
    if isinstance(value, Money):
        return format_money(value.tiyn, lang)
    if isinstance(value, Text):
        return render(value, lang)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def kind_name(kind: IncomeKind, lang: str) -> str:
    """The income sheet's own name of a kind (forms/income.yaml), else the domain's."""
    choice = ft.form("income").field("income_kind").choice(kind.value)
    return choice.label.text(lang) if choice else render(INCOME_KIND_NAMES[kind], lang)


def _facts(app: Application, assessment: Assessment, lang: str) -> Flowable:
    s = styles()
    member = app.applicant_member
    rows = [
        (_("Family registration number", lang),
         app.family_registration_number or app.registration_number),
        (_("Applicant", lang), f"{member.name.full}, {member.iin}"),
        (_("Application date", lang), format_date(assessment.application_date)),
        (_("Rule set", lang), render(assessment.rule_set.title, lang)),
    ]
    return el.plain_table([[el.para(k, s.body_left), el.rich(f"<b>{esc(v)}</b>", s.body_left)]
                           for k, v in rows], [50 * mm, PORTRAIT_WIDTH - 50 * mm])


def _income_table(app: Application, assessment: Assessment, lang: str) -> list[Flowable]:
    if not assessment.income_lines and not assessment.farm_lines:
        return []
    s = styles()
    names = {m.member_id: m.name.full for m in app.members}
    rows: list[list[Flowable | str]] = [[el.head(_("Family member", lang)),
                                         el.head(_("Kind of income", lang)),
                                         el.head(_("Amount", lang)),
                                         el.head(_("Counted", lang))]]
    for line in assessment.income_lines:
        entry = line.entry
        counted = line.treatment is IncomeTreatment.COUNTED
        note = _("yes", lang) if counted else render(line.reason, lang)
        rows.append([el.cell(names.get(entry.member_id, entry.member_id)),
                     el.cell(kind_name(entry.kind, lang)),
                     el.cell(format_money(entry.amount, lang), s.cell_right), el.cell(note)])
    for farm in assessment.farm_lines:
        rows.append([el.cell(_("Personal subsidiary farm", lang)),
                     el.cell(render(farm.description, lang)),
                     el.cell(format_money(farm.income, lang), s.cell_right),
                     el.cell(render(farm.reason, lang))])
    widths = [45 * mm, 50 * mm, 28 * mm, PORTRAIT_WIDTH - 123 * mm]
    return [el.para(_("Incomes of the family in the income period", lang), s.heading),
            el.grid(rows, widths)]


def _trace_table(assessment: Assessment, lang: str) -> list[Flowable]:
    s = styles()
    rows: list[list[Flowable | str]] = [[el.head("№"), el.head(_("Step", lang)),
                                         el.head(_("Figures and result", lang)),
                                         el.head(_("Legal reference", lang))]]
    for number, step in enumerate(assessment.trace, start=1):
        lines = [f"{esc(render(f.label, lang))}: <b>{esc(figure_text(f.value, lang))}</b>"
                 for f in step.figures]
        lines.append(f"<i>{esc(render(step.result, lang))}</i>")
        rows.append([el.cell(str(number), s.cell_center),
                     el.rich(f"<b>{esc(render(step.title, lang))}</b>", s.cell),
                     el.rich("<br/>".join(lines), s.cell),
                     el.cell(render(step.legal_reference, lang))])
    widths = [8 * mm, 32 * mm, 85 * mm, PORTRAIT_WIDTH - 125 * mm]
    return [el.para(_("Calculation", lang), s.heading), el.grid(rows, widths)]


def _summary(assessment: Assessment, lang: str) -> list[Flowable]:
    s = styles()
    rows: list[tuple[str, str]] = [
        (_("Per-capita income a month", lang), format_money(assessment.per_capita_income, lang)),
    ]
    if assessment.poverty_line is not None:
        rows.append((_("Poverty line", lang), format_money(assessment.poverty_line.amount, lang)))
    if assessment.assigned:
        rows += [
            (_("Amount a month (without child supplement)", lang),
             format_money(assessment.monthly_base, lang)),
            (_("Child supplement a month", lang), format_money(assessment.child_supplement, lang)),
            (_("Amount a month", lang), format_money(assessment.monthly_amount, lang)),
        ]
        if assessment.payments:
            first, last = assessment.payments[0], assessment.payments[-1]
            rows.append((_("Period of assignment", lang),
                         f"{first.month:02d}.{first.year} – {last.month:02d}.{last.year}"))
            rows.append((_("Amount for the period", lang),
                         format_money(assessment.period_amount, lang)))
    table = el.plain_table([[el.para(k, s.body_left), el.rich(f"<b>{esc(v)}</b>", s.body_left)]
                            for k, v in rows], [75 * mm, PORTRAIT_WIDTH - 75 * mm])
    return [el.para(_("Result", lang), s.heading), table]


def calculation_story(app: Application, assessment: Assessment, lang: str,
                      executor: Staff | None = None) -> list[Flowable]:
    story: list[Flowable] = [*el.title(w.CALCULATION.text(lang)), _facts(app, assessment, lang)]
    story += _income_table(app, assessment, lang)
    story += _trace_table(assessment, lang)
    story += _summary(assessment, lang)
    story += [el.gap(6), el.signature(_("(signature)", lang),
                                      executor.name if executor else "",
                                      label=_("Calculated by", lang))]
    return story


def render_calculation(app: Application, assessment: Assessment, lang: str,
                       duplicate: bool = False, executor: Staff | None = None) -> bytes:
    """The calculation sheet of one assessment, in ``lang``."""
    number = app.family_registration_number or app.registration_number
    return build_pdf(calculation_story(app, assessment, lang, executor), lang=lang,
                     title=f"{w.CALCULATION.text(lang)} {number}", duplicate=duplicate,
                     setup=PageSetup(footer=number))

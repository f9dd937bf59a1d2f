"""The quarterly income sheet (appendix 4, forms.md §3), one sheet per quarter.

Headers come from ``forms/income.yaml``. The grid is the reconstructed one of forms.md §3:
five documented kinds under "Документально подтвержденные суммы доходов*", and "иные виды
дохода" under "Прочие заявленные доходы", which here gathers every declared amount and any
amount of the "other" kind (forms.md marks this grouping as inferred).
"""

from __future__ import annotations

from collections import defaultdict

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from desktop.domain.model import Application, IncomeEvidence, IncomeKind
from desktop.domain.quarters import Quarter, income_quarter
from desktop.i18n import format_amount
from desktop.printing import elements as el
from desktop.printing import formtext as ft
from desktop.printing.document import PORTRAIT_WIDTH, PageSetup, build_pdf
from desktop.printing.sheets import applicant_line, block_flowables, edition_line, header_texts
from desktop.printing.sheets import number_line as family_number_line
from desktop.printing.styles import styles
from desktop.printing.words import quarter_in

FORM = "income"
DOCUMENTED_COLUMNS = (
    ("col3_employment", IncomeKind.EMPLOYMENT),
    ("col4_pensions", IncomeKind.PENSIONS_AND_BENEFITS),
    ("col5_entrepreneurship", IncomeKind.ENTREPRENEURSHIP),
    ("col6_scholarship", IncomeKind.SCHOLARSHIP),
    ("col7_alimony", IncomeKind.ALIMONY),
)
OTHER_COLUMN = "col8_other"


def quarters_of(app: Application) -> list[Quarter]:
    """The quarters the incomes were entered for (the rule's income quarter if none)."""
    found = sorted({entry.quarter for entry in app.incomes})
    return found or [income_quarter(app.application_date)]


def _sums(app: Application, quarter: Quarter) -> dict[tuple[str, str], int]:
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for entry in app.incomes:
        if entry.quarter != quarter:
            continue
        declared = entry.evidence is IncomeEvidence.DECLARED or entry.kind is IncomeKind.OTHER
        column = OTHER_COLUMN if declared else dict(
            (kind, col) for col, kind in DOCUMENTED_COLUMNS)[entry.kind]
        sums[(entry.member_id, column)] += entry.amount
    return sums


@ft.in_edition
def income_table(app: Application, quarter: Quarter, lang: str,
                 width: float = PORTRAIT_WIDTH) -> Flowable:
    headers = header_texts(FORM, lang)
    numbered = "col0" in headers
    money_columns = [col for col, _ in DOCUMENTED_COLUMNS] + [OTHER_COLUMN]
    lead = (["col0"] if numbered else []) + ["col1", "col2"]
    number_width = 8 * mm if numbered else 0
    money_width = 16.5 * mm
    text_width = (width - number_width - money_width * len(money_columns)) / 2
    widths = [number_width] * numbered + [text_width, text_width] + [money_width] * 6
    top: list[Flowable | str] = [el.head(headers[c]) for c in lead]
    top += [el.head(headers["group_documented"]), "", "", "", "",
            el.head(headers["group_declared"])]
    bottom: list[Flowable | str] = [""] * len(lead) + [el.head(headers[c]) for c in money_columns]
    first_money = len(lead)
    spans = [((i, 0), (i, 1)) for i in range(len(lead))]
    spans.append(((first_money, 0), (first_money + 4, 0)))
    sums = _sums(app, quarter)
    s = styles()
    rows: list[list[Flowable | str]] = [top, bottom]
    for number, member in enumerate(app.members, start=1):
        row: list[Flowable | str] = []
        if numbered:
            row.append(el.cell(str(number), s.cell_center))
        place = member.place_of_work_or_study
        if member.unemployment_certificate:
            place = ", ".join(p for p in (place, member.unemployment_certificate) if p)
        row += [el.cell(member.name.full), el.cell(place)]
        for column in money_columns:
            amount = sums.get((member.member_id, column))
            row.append(el.cell(format_amount(amount, lang) if amount else "", s.cell_right))
        rows.append(row)
    return el.grid(rows, widths, header_rows=2, spans=spans)


@ft.in_edition
def income_story(app: Application, quarter: Quarter, lang: str,
                 width: float = PORTRAIT_WIDTH) -> list[Flowable]:
    spec = ft.form(FORM)
    number = app.family_registration_number or app.registration_number
    title = ft.fill_template(_title_template(lang), {"income_quarter": quarter_in(quarter, lang)})
    caption = ft.caption(FORM, "head", "applicant_line", lang)
    appendix = spec.appendix.text(lang) if spec.appendix else ""
    story = [*el.form_head(spec.marker.text(lang), appendix, edition_line(spec, lang)),
             family_number_line(FORM, lang, number),
             el.rich(title, styles().title), applicant_line(app, caption, lang, width),
             el.gap(3), income_table(app, quarter, lang, width), el.gap(3)]
    story += block_flowables(FORM, "footer", lang, {})
    return story


@ft.in_edition
def render_income_sheet(app: Application, lang: str, duplicate: bool = False) -> bytes:
    """Appendix 4 filled in, a sheet for every quarter with incomes entered."""
    story: list[Flowable] = []
    for index, quarter in enumerate(quarters_of(app)):
        if index:
            story.append(PageBreak())
        story += income_story(app, quarter, lang)
    number = app.family_registration_number or app.registration_number
    title = _title_template(lang).format(income_quarter=quarter_in(quarters_of(app)[0], lang))
    return build_pdf(story, lang=lang, title=f"{title} {number}", duplicate=duplicate,
                     setup=PageSetup(footer=number))


def _title_template(lang: str) -> str:
    fill = ft.statement(FORM, "head", "title_filled").fill
    if fill is None:
        raise ValueError("forms/income.yaml: head.title_filled has no fill")
    return fill.text(lang)

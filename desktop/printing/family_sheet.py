"""The family composition sheet (appendix 3, forms.md §2) with its verification block.

Columns and their order come from ``forms/family.yaml``: the ``table_header`` statements
give the printed headers, and each column's fields say through ``print.ref`` which header
they fill (surname, first name and patronymic together fill the name column).
"""

from __future__ import annotations

from collections import defaultdict

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.domain.model import Application
from desktop.formspec import FieldSpec
from desktop.printing import elements as el
from desktop.printing import formtext as ft
from desktop.printing.document import PORTRAIT_WIDTH, PageSetup, build_pdf
from desktop.printing.records import Staff
from desktop.printing.sheets import applicant_line, block_flowables, head, number_line
from desktop.printing.styles import styles
from desktop.printing.values import row_values
from desktop.printing.words import long_date

FORM = "family"
NUMBER_COLUMN = "col1"
NUMBER_WIDTH = 9 * mm


def _columns(lang: str) -> list[tuple[str, str, list[FieldSpec], FieldSpec | None]]:
    """``(ref, header, fields printed there, a field whose group header it has)``."""
    table = ft.form(FORM).field("family_members")
    by_ref: dict[str, list[FieldSpec]] = defaultdict(list)
    for column in table.columns:
        if column.print is not None and column.print.printed_in(lang):
            by_ref[column.print.ref].append(column)
    headers = ft.form(FORM).block("table_header").in_order(lang)
    out = []
    for item in headers:
        fields = by_ref.get(item.id, [])
        grouped = next((f for f in fields if f.print and f.print.group), None)
        out.append((item.id, item.text.text(lang), fields, grouped))
    return out


def _joined(fields: list[FieldSpec], values: dict[str, str]) -> str:
    parts = [values.get(f.id, "") for f in fields]
    separator = " " if all(".name." in f.binding for f in fields) else ", "
    return separator.join(part for part in parts if part)


@ft.in_edition
def family_table(app: Application, lang: str, width: float = PORTRAIT_WIDTH) -> Flowable:
    """The ruled member table; its header rows repeat if it runs onto another page."""
    columns = _columns(lang)
    table = ft.form(FORM).field("family_members")
    weights = [c[2][0].print.width or 1 if c[2] and c[2][0].print else 1 for c in columns]
    free = width - NUMBER_WIDTH
    total = sum(w for (ref, *_), w in zip(columns, weights, strict=True) if ref != NUMBER_COLUMN)
    widths = [NUMBER_WIDTH if ref == NUMBER_COLUMN else free * w / total
              for (ref, *_), w in zip(columns, weights, strict=True)]
    groups = [c[3].print.group.text(lang) if c[3] and c[3].print and c[3].print.group else ""
              for c in columns]
    top: list[Flowable | str] = []
    bottom: list[Flowable | str] = []
    spans = []
    for index, (_ref, header, _fields, _group) in enumerate(columns):
        if groups[index]:
            first = index == 0 or groups[index - 1] != groups[index]
            top.append(el.head(groups[index]) if first else "")
            bottom.append(el.head(header))
            if first:
                end = index
                while end + 1 < len(columns) and groups[end + 1] == groups[index]:
                    end += 1
                spans.append(((index, 0), (end, 0)))
        else:
            top.append(el.head(header))
            bottom.append("")
            spans.append(((index, 0), (index, 1)))
    rows: list[list[Flowable | str]] = [top, bottom]
    for number, member in enumerate(app.members, start=1):
        values = row_values(table, member, lang)
        rows.append([el.cell(str(number), styles().cell_center) if ref == NUMBER_COLUMN
                     else el.cell(_joined(fields, values)) for ref, _h, fields, _g in columns])
    return el.grid(rows, widths, header_rows=2, spans=spans)


@ft.in_edition
def family_story(app: Application, lang: str, commission_member: Staff | None = None,
                 width: float = PORTRAIT_WIDTH) -> list[Flowable]:
    spec = ft.form(FORM)
    values = {
        "family_sheet_number": app.family_registration_number or app.registration_number,
        "family_survey_date": long_date(app.commission.survey_date, lang, when=True)
        if app.commission and app.commission.survey_date else "",
    }
    caption = ft.caption(FORM, "head", "applicant_line", lang)
    story: list[Flowable] = [*head(spec, lang)]
    story.insert(2, number_line(FORM, lang, values["family_sheet_number"]))
    story += [applicant_line(app, caption, lang, width), el.gap(3), family_table(app, lang, width),
              el.gap(4)]
    story += block_flowables(FORM, "footer", lang, values, skip=("commission_member",))
    member_line = ft.statement(FORM, "footer", "commission_member")
    label = member_line.text.text(lang).rstrip("_ ")
    sign_caption = member_line.caption.text(lang) if member_line.caption else ""
    story.append(el.signature(sign_caption, commission_member.name if commission_member else "",
                              label=label))
    return story


@ft.in_edition
def render_family_sheet(app: Application, lang: str, duplicate: bool = False,
                        commission_member: Staff | None = None) -> bytes:
    """Appendix 3 filled in: one row per family member, any number of members."""
    number = app.family_registration_number or app.registration_number
    return build_pdf(family_story(app, lang, commission_member), lang=lang,
                     title=f"{ft.form(FORM).title.text(lang)} {number}", duplicate=duplicate,
                     setup=PageSetup(footer=number))

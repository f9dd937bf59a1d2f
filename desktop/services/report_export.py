"""Export a journal page or reports to Excel (openpyxl) and PDF (reportlab, fonts embedded)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from desktop.domain.money import Money
from desktop.domain.text import Text
from desktop.i18n import _, format_date, render
from desktop.services.reports import Cell, Table

__all__ = ["cell_text", "to_pdf", "to_xlsx"]


def cell_text(value: Cell, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Text):
        return render(value, lang)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def _xlsx_value(value: Cell, lang: str) -> object:
    if isinstance(value, Money):
        return value.tiyn / 100  # tenge, formatted by the cell's number format
    if isinstance(value, int | dt.date):
        return value
    return cell_text(value, lang)


def to_xlsx(tables: Sequence[Table], lang: str) -> bytes:
    """One sheet per table: title, period, header row (bold, frozen), rows, totals."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for index, table in enumerate(tables, start=1):
        sheet = book.create_sheet(f"{index}")
        sheet.append([render(table.title, lang)])
        sheet["A1"].font = Font(bold=True)
        if table.period:
            sheet.append([f"{format_date(table.period[0])} – {format_date(table.period[1])}"])
        sheet.append([render(h, lang) for h in table.headers])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for row in (*table.rows, *((table.totals,) if table.totals else ())):
            sheet.append([_xlsx_value(v, lang) for v in row])
            for column, value in enumerate(row, start=1):
                target = sheet.cell(row=sheet.max_row, column=column)
                if isinstance(value, Money):
                    target.number_format = "# ##0.00"
                elif isinstance(value, dt.date):
                    target.number_format = "dd.mm.yyyy"
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column[header_row - 1:])
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = f"A{header_row + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_pdf(tables: Sequence[Table], lang: str) -> bytes:
    """The tables on landscape A4, headers repeated on each page."""
    from reportlab.platypus import Flowable

    from desktop.printing import elements as el
    from desktop.printing.document import PageSetup, build_pdf

    setup = PageSetup(landscape=True)
    story: list[Flowable] = []
    for table in tables:
        title = render(table.title, lang)
        period = (f"{format_date(table.period[0])} – {format_date(table.period[1])}"
                  if table.period else "")
        story += el.title(title, period)
        width = setup.width / max(len(table.headers), 1)
        rows: list[list[Flowable | str]] = [[el.head(render(h, lang)) for h in table.headers]]
        rows += [[el.cell(cell_text(v, lang)) for v in row] for row in table.rows]
        if table.totals:
            rows.append([el.head(cell_text(v, lang)) for v in table.totals])
        story += [el.grid(rows, [width] * len(table.headers)), el.gap(6)]
    return build_pdf(story, lang=lang, title=_("Reports", lang), setup=setup)

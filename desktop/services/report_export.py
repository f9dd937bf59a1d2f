"""Export a journal page or reports to Excel (openpyxl) and PDF (reportlab, fonts embedded)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from desktop.domain.money import Money
from desktop.domain.text import Text
from desktop.i18n import _, format_date, render
from desktop.services.reports import Cell, Table

__all__ = ["cell_text", "column_widths", "to_pdf", "to_xlsx"]

PADDING = 4 + 1.5  # the grid's left and right padding (2 + 2 points), and a little air


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
    from reportlab.platypus import Flowable, KeepTogether

    from desktop.printing import elements as el
    from desktop.printing.document import PageSetup, build_pdf

    setup = PageSetup(landscape=True)
    story: list[Flowable] = []
    for table in tables:
        title = render(table.title, lang)
        period = (f"{format_date(table.period[0])} – {format_date(table.period[1])}"
                  if table.period else "")
        headers = [render(h, lang) for h in table.headers]
        body = [[cell_text(v, lang) for v in row] for row in table.rows]
        totals = [cell_text(v, lang) for v in table.totals]
        widths = column_widths(headers, [*body, *([totals] if totals else [])], setup.width)
        rows: list[list[Flowable | str]] = [[el.head(h) for h in headers]]
        rows += [[el.cell(text) for text in row] for row in body]
        if totals:
            rows.append([el.head(text) for text in totals])
        # a table starts on the page of its title (a long one runs on, its header repeated)
        story += [KeepTogether([*el.title(title, period), el.grid(rows, widths)]), el.gap(6)]
    return build_pdf(story, lang=lang, title=_("Reports", lang), setup=setup)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], total: float
                  ) -> list[float]:
    """Widths of a report's columns that fill ``total`` points and fit their text: no
    column narrower than its longest word (a registration number, an IIN or a date is one
    word: it never wraps), then as many columns as possible wide enough for their longest
    text on one line; headers wrap between words."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.printing.styles import styles

    cell, head = styles().cell, styles().head_cell  # the totals row is set as the headers

    def cell_width(text: str) -> float:
        return max(stringWidth(text, cell.fontName, cell.fontSize),
                   stringWidth(text, head.fontName, head.fontSize))

    count = len(headers)
    least = [max((stringWidth(w, head.fontName, head.fontSize) for w in h.split()), default=0)
             for h in headers]
    most = [stringWidth(h, head.fontName, head.fontSize) for h in headers]
    for row in rows:
        for c, text in enumerate(row[:count]):
            least[c] = max([least[c], *(cell_width(w) for w in text.split())])
            most[c] = max(most[c], cell_width(text))
    least = [w + PADDING for w in least]
    most = [max(w + PADDING, low) for w, low in zip(most, least, strict=True)]
    if sum(least) >= total:  # more columns than the page holds: in proportion, as before
        return [total * w / sum(least) for w in least]
    if sum(most) <= total:  # everything on one line: the room left in proportion
        return [w + (total - sum(most)) * w / sum(most) for w in most]
    # the room left goes first to the columns that want least of it, each getting all it
    # wants while that is no more than an even share: names and statuses on one line, the
    # long free texts (what is asked) wrapping in what remains
    room = total - sum(least)
    widths = list(least)
    wanting = sorted(range(count), key=lambda c: most[c] - least[c])
    for place, c in enumerate(wanting):
        given = min(most[c] - least[c], room / (count - place))
        widths[c] += given
        room -= given
    return widths

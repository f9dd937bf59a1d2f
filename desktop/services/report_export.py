"""Export a journal page or reports to Excel (openpyxl) and PDF (reportlab, fonts embedded)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from functools import lru_cache

from reportlab.platypus import Flowable

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
    """One sheet per table: title, period, header row (bold, frozen), rows, totals. Written
    as a stream (openpyxl's write-only sheets): a register of 8 000 lines in seconds."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def strong(sheet: object, text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, text)
        cell.font = bold
        return cell

    for index, table in enumerate(tables, start=1):
        sheet = book.create_sheet(f"{index}")
        headers = [render(h, lang) for h in table.headers]
        lines = (*table.rows, *((table.totals,) if table.totals else ()))
        values = [[_xlsx_value(v, lang) for v in row] for row in lines]
        for column in range(len(headers)):  # set before the rows, as a stream needs
            width = max([len(headers[column]),
                         *(len(str(row[column] if row[column] is not None else ""))
                           for row in values if column < len(row))])
            sheet.column_dimensions[get_column_letter(column + 1)].width = \
                min(max(width + 2, 8), 60)
        header_row = 3 if table.period else 2
        sheet.freeze_panes = f"A{header_row + 1}"

        sheet.append([strong(sheet, render(table.title, lang))])
        if table.period:
            sheet.append([f"{format_date(table.period[0])} – {format_date(table.period[1])}"])
        sheet.append([strong(sheet, h) for h in headers])
        for row, written in zip(lines, values, strict=True):
            cells: list[object] = []
            for value, out in zip(row, written, strict=True):
                if isinstance(value, Money | dt.date):
                    cell = WriteOnlyCell(sheet, out)
                    cell.number_format = "# ##0.00" if isinstance(value, Money) \
                        else "dd.mm.yyyy"
                    cells.append(cell)
                else:
                    cells.append(out)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_pdf(tables: Sequence[Table], lang: str) -> bytes:
    """The tables on landscape A4, headers repeated on each page."""
    from reportlab.platypus import KeepTogether

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
        heights: list[float | None] = [None]
        for texts in body:
            cells, height = _row(texts, widths, False)
            rows.append(cells)
            heights.append(height)
        if totals:
            cells, height = _row(totals, widths, True)
            rows.append(cells)
            heights.append(height)
        grid = el.grid(rows, widths, heights=heights)
        grid.setStyle(_plain_cells(bool(totals)))
        # a table starts on the page of its title (a long one runs on, its header repeated)
        story += [KeepTogether([*el.title(title, period), grid]), el.gap(6)]
    return build_pdf(story, lang=lang, title=_("Reports", lang), setup=setup)


def _row(texts: Sequence[str], widths: Sequence[float], totals: bool
         ) -> tuple[list[Flowable | str], float]:
    """A row's cells and its height: a text that fits its column on one line is a plain
    string, drawn in the cell style's font (:func:`_plain_cells`); a longer one a paragraph,
    measured once here. A register of 8 000 lines, every cell a paragraph measured again at
    each page the table was split at, took a minute to lay out."""
    from desktop.printing import elements as el
    from desktop.printing.styles import styles

    style = styles().head_cell if totals else styles().cell
    cells: list[Flowable | str] = []
    height = style.leading
    for text, width in zip(texts, widths, strict=False):
        if "\n" not in text and _width(text, style.fontName, style.fontSize) <= width - PADDING:
            cells.append(text)
            continue
        paragraph = el.head(text) if totals else el.cell(text)
        height = max(height, paragraph.wrap(width - 4, 1_000_000)[1])
        cells.append(paragraph)
    cells += [""] * (len(widths) - len(cells))
    return cells, height + 1.5 + 2  # the grid's top and bottom padding


@lru_cache(maxsize=65_536)
def _width(text: str, font: str, size: float) -> float:
    """A text's width in a font (dates, statuses and groups come back in every row)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


def _plain_cells(totals: bool) -> list[tuple[object, ...]]:
    """The font of the plain cells: the body's as its paragraphs', the totals' as the
    headers' (centred)."""
    from desktop.printing.styles import styles

    cell, head = styles().cell, styles().head_cell
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 1), (-1, -1), cell.fontName),
        ("FONTSIZE", (0, 1), (-1, -1), cell.fontSize),
        ("LEADING", (0, 1), (-1, -1), cell.leading)]
    if totals:
        commands += [("FONTNAME", (0, -1), (-1, -1), head.fontName),
                     ("FONTSIZE", (0, -1), (-1, -1), head.fontSize),
                     ("LEADING", (0, -1), (-1, -1), head.leading),
                     ("ALIGN", (0, -1), (-1, -1), "CENTER")]
    return commands


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], total: float
                  ) -> list[float]:
    """Widths of a report's columns that fill ``total`` points and fit their text: no
    column narrower than its longest word (a registration number, an IIN or a date is one
    word: it never wraps), then as many columns as possible wide enough for their longest
    text on one line; headers wrap between words."""
    from desktop.printing.styles import styles

    cell, head = styles().cell, styles().head_cell  # the totals row is set as the headers

    def cell_width(text: str) -> float:
        return max(_width(text, cell.fontName, cell.fontSize),
                   _width(text, head.fontName, head.fontSize))

    count = len(headers)
    least = [max((_width(w, head.fontName, head.fontSize) for w in h.split()), default=0)
             for h in headers]
    most = [_width(h, head.fontName, head.fontSize) for h in headers]
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

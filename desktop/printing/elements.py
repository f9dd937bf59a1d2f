"""Layout pieces every form uses: header, title, filled blanks, signature lines, tables."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.printing.fonts import BOLD, REGULAR
from desktop.printing.styles import styles
from desktop.printing.words import esc

GRID = colors.black
LINE = 0.5  # width of blank lines and table rules, points


def para(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(esc(text), style or styles().body)


def rich(markup: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of reportlab markup that the caller has escaped already."""
    return Paragraph(markup, style or styles().body)


def filled(value: str) -> str:
    """Markup for a value written into a blank of a sentence: underlined, escaped."""
    return f"<u>{esc(value)}</u>" if value else "<u>" + "\u00a0" * 12 + "</u>"


def fill(template: str, values: Mapping[str, str]) -> str:
    """Markup for a sentence whose ``{placeholders}`` are blanks filled with ``values``."""
    return esc(template).format(**{key: filled(value) for key, value in values.items()})


def form_head(marker: str, appendix: str = "", edition: str = "") -> list[Flowable]:
    """The appendix caption and the "Нысан" / "Форма" marker, top right; then, in small
    print, the edition of the blank and its act."""
    story: list[Flowable] = []
    if appendix:
        story.append(Table([[para(appendix, styles().appendix)]], colWidths=[95 * mm],
                           hAlign="RIGHT", style=_TIGHT))
    story.append(para(marker, styles().marker))
    if edition:
        story += [para(edition, styles().edition), gap(1)]
    return story


def title(text: str, subtitle: str = "") -> list[Flowable]:
    story: list[Flowable] = [para(text, styles().title)]
    if subtitle:
        story.append(para(subtitle, styles().subtitle))
    return story


_TIGHT = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # string cells must not pull in Helvetica
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
])


def label_width(text: str, size: float = 9.5, most: float = 70 * mm) -> float:
    return min(stringWidth(text, REGULAR, size) + 4, most)


def blank(value: str, caption: str = "", label: str = "", width: float = 0,
          after: str = "") -> Table:
    """A filled blank as on paper: ``label ____value____ after`` with a caption under it.

    ``width`` 0 takes the full frame width. The value wraps inside its line if long.
    """
    s = styles()
    cells: list[Flowable | str] = []
    widths: list[float | None] = []
    if label:
        cells.append(para(label, s.body_left))
        widths.append(label_width(label))
    cells.append(para(value, s.value))
    widths.append(None)
    if after:
        cells.append(para(after, s.body_left))
        widths.append(label_width(after))
    value_col = 1 if label else 0
    rows: list[list[Flowable | str]] = [cells]
    commands = [("LINEBELOW", (value_col, 0), (value_col, 0), LINE, GRID)]
    if caption:
        under: list[Flowable | str] = [""] * len(cells)
        under[value_col] = para(caption, s.caption)
        rows.append(under)
        commands.append(("TOPPADDING", (0, 1), (-1, 1), 1))
    table = Table(rows, colWidths=_fit(widths, width), hAlign="LEFT")
    table.setStyle(_TIGHT)
    table.setStyle(TableStyle([*commands, ("BOTTOMPADDING", (0, 0), (-1, 0), 1)]))
    return table


def _fit(widths: list[float | None], total: float) -> list[float] | None:
    """Column widths with the ``None`` one taking what is left of ``total`` (0: the frame)."""
    if not total:
        return widths  # type: ignore[return-value]  # reportlab splits the rest itself
    fixed = sum(w for w in widths if w is not None)
    return [w if w is not None else max(total - fixed, 10 * mm) for w in widths]


def hyphen_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, broken only after a hyphen, so that a
    registration number keeps its groups whole (``AKT-05-2026-2-`` / ``000123``) where
    Paragraph would cut it inside the sequence; a group wider than a line stays whole."""
    lines: list[str] = []
    line = ""
    for group in re.split(r"(?<=-)", text):
        if line and stringWidth(line + group, font, size) > width:
            lines.append(line)
            line = group
        else:
            line += group
    return [*lines, line]


class _Number(Flowable):
    """A registration number that, when its cell or column is too narrow, goes on more lines
    after a hyphen (:func:`hyphen_lines`), decided at wrap time for the width it is given."""

    def __init__(self, text: str, style: ParagraphStyle, bold: bool) -> None:
        super().__init__()
        self.text, self.style, self.bold = text, style, bold
        self.paragraph: Paragraph | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        font = BOLD if self.bold else self.style.fontName
        lines = hyphen_lines(self.text, font, self.style.fontSize, available_width)
        markup = "<br/>".join(f"<b>{esc(line)}</b>" if self.bold else esc(line)
                              for line in lines)
        self.paragraph = Paragraph(markup, self.style)
        return self.paragraph.wrap(available_width, available_height)

    def draw(self) -> None:
        assert self.paragraph is not None
        self.paragraph.drawOn(self.canv, 0, 0)


def number(text: str, style: ParagraphStyle | None = None, *, bold: bool = False) -> Flowable:
    """A registration number in a table cell or a narrow column, never cut inside a group."""
    return _Number(text, style or styles().cell, bold)


def side_by_side(left: Sequence[Flowable], right: Sequence[Flowable], split: float = 0.5,
                 width: float = 175 * mm, gap: float = 6 * mm) -> Table:
    """Two columns of flowables (two blanks on one line, a text and its QR code)."""
    first = width * split - gap / 2
    second = width - first - gap
    table = Table([[list(left), "", list(right)]], colWidths=[first, gap, second])
    table.setStyle(_TIGHT)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def right_block(flowables: Sequence[Flowable], width: float = 105 * mm) -> Table:
    """A block set in the right part of the page (the addressee block of a letter)."""
    table = Table([[list(flowables)]], colWidths=[width], hAlign="RIGHT")
    table.setStyle(_TIGHT)
    return table


def note_beside(note: str, block: Sequence[Flowable], width: float) -> Table:
    """A block set in the right part of the page with small print in the free space left of
    it (the blank's edition beside the addressee block: the sheet keeps its height)."""
    from desktop.printing.document import PORTRAIT_WIDTH

    table = Table([[para(note, styles().edition), list(block)]],
                  colWidths=[PORTRAIT_WIDTH - width, width])
    table.setStyle(_TIGHT)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("RIGHTPADDING", (0, 0), (0, 0), 4 * mm)]))
    return table


def signature(caption: str, name: str = "", label: str = "", width: float = 0) -> Table:
    """A signature line: ``label  ________  name`` with the caption under the line."""
    s = styles()
    line_width = 40 * mm
    cells: list[Flowable | str] = []
    widths: list[float | None] = []
    if label:
        cells.append(para(label, s.body_left))
        widths.append(None if not name else label_width(label, most=80 * mm))
    cells.append("")
    widths.append(line_width)
    if name:
        cells.append(para(name, s.body_left))
        widths.append(None)
    line_col = 1 if label else 0
    under: list[Flowable | str] = [""] * len(cells)
    under[line_col] = para(caption, s.caption)
    table = Table([cells, under], colWidths=_fit(widths, width or 175 * mm), hAlign="LEFT")
    table.setStyle(_TIGHT)
    table.setStyle(TableStyle([
        ("LINEBELOW", (line_col, 0), (line_col, 0), LINE, GRID),
        ("LEFTPADDING", (line_col + 1, 0), (line_col + 1, 0), 6),
        ("TOPPADDING", (0, 0), (-1, 0), 10),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 1),
        ("TOPPADDING", (0, 1), (-1, 1), 1),
    ]))
    return table


def grid(rows: list[list[Flowable | str]], widths: Sequence[float], header_rows: int = 1,
         spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
         heights: Sequence[float | None] | None = None) -> Table:
    """A ruled table whose header rows repeat on every page it runs onto. ``heights``: the
    rows' heights where the caller knows them (None: measured), so that a table of
    thousands of rows is not measured again at every page it is split at."""
    table = Table(rows, colWidths=list(widths), rowHeights=list(heights) if heights else None,
                  repeatRows=header_rows, hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("GRID", (0, 0), (-1, -1), LINE, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += [("SPAN", start, end) for start, end in spans]
    table.setStyle(TableStyle(commands))
    return table


def cell(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    return para(text, style or styles().cell)


def head(text: str) -> Paragraph:
    return para(text, styles().head_cell)


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def plain_table(rows: list[list[Flowable | str]], widths: Sequence[float]) -> Table:
    """A table without rules, for numbered lists and label/value columns."""
    table = Table(rows, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
    ]))
    return table

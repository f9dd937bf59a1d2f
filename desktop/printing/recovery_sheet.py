"""The recovery code on one A4 page, in Kazakh or Russian, with the fonts embedded."""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from desktop import i18n
from desktop.domain.text import Text
from desktop.printing.fonts import BOLD, REGULAR, register_fonts

MARGIN = 20 * mm


def recovery_sheet_pdf(code: str, *, title: Text, explained: Text, how: Text,
                       database: str, made_on: dt.date, lang: str) -> bytes:
    """One page: the title, what the code is, the code in large digits, how to use it."""
    register_fonts()
    buffer = io.BytesIO()
    page = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=REGULAR)
    page.setTitle(i18n.render(title, lang))
    width, height = A4
    text_width = width - 2 * MARGIN
    y = height - MARGIN - 8 * mm
    page.setFont(BOLD, 15)
    page.drawString(MARGIN, y, "Kömek — " + i18n.render(title, lang))
    y -= 12 * mm

    def paragraph(text: str, size: float = 11, font: str = REGULAR) -> None:
        nonlocal y
        page.setFont(font, size)
        for line in simpleSplit(text, font, size, text_width):
            page.drawString(MARGIN, y, line)
            y -= size * 1.35

    paragraph(i18n.render(explained, lang))
    y -= 6 * mm
    page.setFont(BOLD, 20)
    for line in code.splitlines():
        page.drawString(MARGIN + 6 * mm, y, line.replace("-", "  "))
        y -= 12 * mm
    y -= 4 * mm
    paragraph(i18n.render(how, lang))
    y -= 4 * mm
    paragraph(i18n.render(Text("Database: {path}", path=database), lang), size=9)
    paragraph(i18n.render(Text("Printed on {date}", date=made_on.strftime("%d.%m.%Y")), lang),
              size=9)
    page.showPage()
    page.save()
    return buffer.getvalue()

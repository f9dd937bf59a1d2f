"""Page geometry and the one place a story becomes PDF bytes (metadata, stamp, footer)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desktop import __version__
from desktop.i18n import _, check_language
from desktop.printing.fonts import REGULAR, register_fonts
from desktop.printing.marks import draw_duplicate_stamp

LEFT = 20 * mm
RIGHT = 15 * mm
TOP = 12 * mm
BOTTOM = 13 * mm
PORTRAIT_WIDTH = A4[0] - LEFT - RIGHT  # 175 mm: the frame every portrait layout fills
LANDSCAPE_WIDTH = A4[1] - LEFT - RIGHT


def creator() -> str:
    return f"Kömek {__version__}"


def footer_of(*numbers: str | None) -> str:
    """The footer's reference: each distinct number once (a decision numbered after its
    application would otherwise read "AKT-01-2024-000001 AKT-01-2024-000001")."""
    return " ".join(dict.fromkeys(number for number in numbers if number))


@dataclass(frozen=True, slots=True)
class PageSetup:
    """How one document's pages look: orientation and the footer line."""

    landscape: bool = False
    footer: str = ""
    height: float | None = None  # a page as tall as its content (the coupon), else A4

    @property
    def size(self) -> tuple[float, float]:
        if self.height is not None and not self.landscape:
            return A4[0], min(self.height, A4[1])
        return landscape(A4) if self.landscape else A4

    @property
    def width(self) -> float:
        return LANDSCAPE_WIDTH if self.landscape else PORTRAIT_WIDTH


def content_height(story: Sequence[Flowable], width: float = PORTRAIT_WIDTH) -> float:
    """The height ``story`` takes in a frame ``width`` wide, with the page's margins: the
    height of a page made to its content. Measure a story of its own (not the one built)."""
    register_fonts()
    canvas = Canvas(io.BytesIO())
    return TOP + BOTTOM + sum(item.wrapOn(canvas, width, A4[1])[1] + item.getSpaceBefore()
                              + item.getSpaceAfter() for item in story)


def build_pdf(story: Sequence[Flowable], *, lang: str, title: str, duplicate: bool = False,
              setup: PageSetup | None = None, subject: str = "") -> bytes:
    """Lay out ``story`` on A4 and return the PDF: invariant, fonts embedded, metadata set."""
    check_language(lang)
    register_fonts()
    setup = setup or PageSetup()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=setup.size, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
        bottomMargin=BOTTOM, title=title, subject=subject, author=creator(),
        creator=creator(), producer=creator(), invariant=True, lang=lang,
        initialFontName=REGULAR,
    )
    stamp = _("DUPLICATE", lang) if duplicate else ""
    page_label = _("Page {page}", lang)

    def decorate(canvas: Canvas, document: BaseDocTemplate) -> None:
        width, height = setup.size
        if stamp:
            draw_duplicate_stamp(canvas, stamp, width, height - 3 * mm)
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        if setup.footer:
            canvas.drawString(LEFT, 7 * mm, setup.footer)
        canvas.drawRightString(width - RIGHT, 7 * mm,
                               page_label.format(page=canvas.getPageNumber()))
        canvas.restoreState()

    width, height = setup.size
    frame = Frame(LEFT, BOTTOM, width - LEFT - RIGHT, height - TOP - BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    doc.build(list(story))
    return buffer.getvalue()

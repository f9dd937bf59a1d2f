"""Paragraph styles shared by every document (one place for sizes and fonts)."""

from __future__ import annotations

from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from desktop.printing.fonts import BOLD, CONDENSED, REGULAR, register_fonts


class Styles:
    """The named styles; built once after the fonts are registered."""

    def __init__(self) -> None:
        register_fonts()
        self.body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=11.2,
                                   alignment=TA_JUSTIFY, splitLongWords=True)
        self.body_left = ParagraphStyle("body_left", parent=self.body, alignment=TA_LEFT)
        self.statement = ParagraphStyle("statement", parent=self.body, firstLineIndent=14,
                                        spaceAfter=3)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=8, leading=10)
        self.small_left = ParagraphStyle("small_left", parent=self.small, alignment=TA_LEFT,
                                         fontSize=7.5, leading=9.5)
        self.caption = ParagraphStyle("caption", fontName=REGULAR, fontSize=6.5, leading=7.5,
                                      alignment=TA_CENTER, splitLongWords=True)
        self.title = ParagraphStyle("title", fontName=BOLD, fontSize=12.5, leading=15,
                                    alignment=TA_CENTER, spaceBefore=3, spaceAfter=4)
        self.subtitle = ParagraphStyle("subtitle", parent=self.title, fontName=REGULAR,
                                       fontSize=10, leading=12.5, spaceBefore=0)
        self.heading = ParagraphStyle("heading", fontName=BOLD, fontSize=10, leading=13,
                                      spaceBefore=2, spaceAfter=2)
        self.header = ParagraphStyle("header", parent=self.body_left, fontSize=8.5, leading=10)
        self.marker = ParagraphStyle("marker", fontName=REGULAR, fontSize=9.5, leading=12,
                                     alignment=TA_RIGHT)
        # the blank's edition and its act, in small print under the marker
        self.edition = ParagraphStyle("edition", fontName=REGULAR, fontSize=6, leading=7,
                                      alignment=TA_LEFT, splitLongWords=True)
        self.appendix = ParagraphStyle("appendix", fontName=REGULAR, fontSize=7.5, leading=9.5,
                                       alignment=TA_RIGHT)
        self.cell = ParagraphStyle("cell", fontName=CONDENSED, fontSize=8, leading=9.5,
                                   splitLongWords=True)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.head_cell = ParagraphStyle("head_cell", parent=self.cell, fontSize=7, leading=8.5,
                                        alignment=TA_CENTER)
        self.value = ParagraphStyle("value", parent=self.body, alignment=TA_LEFT)


@cache
def styles() -> Styles:
    return Styles()

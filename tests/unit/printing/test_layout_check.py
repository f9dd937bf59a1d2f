"""The layout check itself finds what it is meant to find (so a clean result means something)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop.printing.document import LEFT, TOP
from desktop.printing.fonts import REGULAR, register_fonts


def _page(draw) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setFont(REGULAR, 10)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_clean_page_passes(pdf, layout):
    data = _page(lambda c: c.drawString(LEFT + 10, 400, "Өтініш берушінің қолы"))
    assert layout(pdf(data)) == []


def test_text_outside_the_frame_is_found(pdf, layout):
    data = _page(lambda c: c.drawString(A4[0] - 30, 400, "шеттен шығып кеткен мәтін"))
    assert any("outside the frame" in p for p in layout(pdf(data)))


def test_overlapping_text_is_found(pdf, layout):
    def draw(c):
        c.drawString(LEFT + 10, 400, "Асқарова Айгүл")
        c.drawString(LEFT + 14, 402, "Бақытқызы")
    assert any("overlaps" in p for p in layout(pdf(_page(draw))))


def test_text_across_the_cut_line_is_found(pdf, layout):
    def draw(c):
        c.setFont(REGULAR, 7)
        c.drawCentredString(A4[0] / 2, 400, "(қию сызығы)")
        c.setFont(REGULAR, 10)
        c.drawString(LEFT + 10, 400 + 9.07 - 3, "сызықтың үстіндегі сөз")  # sits on the line
    assert any("cut line" in p for p in layout(pdf(_page(draw))))


def test_stamp_area_is_not_counted_as_outside(pdf, layout):
    data = _page(lambda c: c.drawString(LEFT + 100, A4[1] - TOP + 8, "ТЕЛНҰСҚА"))
    assert layout(pdf(data)) == []

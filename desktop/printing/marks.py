"""Marks drawn on the page: the cut line, the QR code and the duplicate stamp."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from desktop.printing.fonts import BOLD, REGULAR

QR_PREFIX = "KOMEK"


class CutLine(Flowable):
    """The dashed line the coupon is torn off along, with its caption centred under it.

    ``line_y`` (after drawing) is the line's height on the page, for layout checks.
    """

    def __init__(self, caption: str, height: float = 8 * mm) -> None:
        super().__init__()
        self.caption = caption
        self.height = height
        self.width = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        line_y = self.height - 3 * mm
        canvas.saveState()
        canvas.setDash(4, 3)
        canvas.setLineWidth(0.6)
        canvas.line(0, line_y, self.width, line_y)
        canvas.setDash()
        canvas.setFont(REGULAR, 7)
        canvas.drawCentredString(self.width / 2, line_y - 3.2 * mm, self.caption)
        canvas.restoreState()


def qr_payload(registration_number: str, certificate_number: str = "") -> str:
    """What the QR code carries: ``KOMEK|<registration number>[|<certificate number>]``."""
    parts = [QR_PREFIX, registration_number]
    if certificate_number:
        parts.append(certificate_number)
    return "|".join(parts)


class QrCode(Flowable):
    """A QR code drawn as vector squares (no image, no extra font in the PDF)."""

    def __init__(self, payload: str, size: float = 24 * mm) -> None:
        super().__init__()
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=1)
        code.add_data(payload)
        code.make(fit=True)
        self.payload = payload
        self.matrix: list[list[bool]] = code.get_matrix()
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        count = len(self.matrix)
        module = self.size / count
        canvas.saveState()
        canvas.setFillColor(colors.black)
        for row, cells in enumerate(self.matrix):
            y = self.size - (row + 1) * module
            column = 0
            while column < count:  # one rectangle per horizontal run of dark modules
                if not cells[column]:
                    column += 1
                    continue
                start = column
                while column < count and cells[column]:
                    column += 1
                canvas.rect(start * module, y, (column - start) * module, module,
                            stroke=0, fill=1)
        canvas.restoreState()


def qr_code(payload: str, size: float = 24 * mm) -> QrCode:
    """A QR code of ``payload``, ``size`` wide and high."""
    return QrCode(payload, size)


def draw_duplicate_stamp(canvas: Canvas, text: str, page_width: float, top: float) -> None:
    """A red framed stamp (ТЕЛНҰСҚА / ДУБЛИКАТ) in the top margin, centred."""
    size = 11
    text_width = stringWidth(text, BOLD, size)
    box_width = text_width + 6 * mm
    box_height = 6.5 * mm
    x = (page_width - box_width) / 2
    y = top - box_height
    canvas.saveState()
    canvas.setStrokeColor(colors.red)
    canvas.setFillColor(colors.red)
    canvas.setLineWidth(1.2)
    canvas.rect(x, y, box_width, box_height)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(page_width / 2, y + 2 * mm, text)
    canvas.restoreState()

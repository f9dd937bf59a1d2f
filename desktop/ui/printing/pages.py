"""PDF pages as images (for preview and the printer) when Qt can draw PDFs, and page printing.

QtPdf ships in PySide6-Addons, not in PySide6-Essentials, which is what Kömek depends on: with
Essentials only, :func:`page_renderer` returns None and the dialog opens the PDF in the
system's PDF viewer instead (which previews and prints it on Windows and Linux alike).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPagedPaintDevice, QPainter

# bytes of one PDF and a resolution in dots per inch -> one image per page
PageRenderer = Callable[[bytes, int], list[QImage]]
PREVIEW_DPI = 110
PRINT_DPI = 300


def _qtpdf_renderer() -> PageRenderer | None:
    try:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None

    def render(data: bytes, dpi: int) -> list[QImage]:
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        images = []
        for page in range(document.pageCount()):
            points = document.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            images.append(document.render(page, size))
        document.close()
        return images

    return render


def page_renderer() -> PageRenderer | None:
    """How to draw PDF pages with what is installed, or None (open the PDF viewer instead)."""
    return _qtpdf_renderer()


def paint_pages(images: Sequence[QImage], device: QPagedPaintDevice) -> None:
    """Draw one image per page on ``device`` (a QPrinter), each scaled to fit the page."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the printer could not be started")
    try:
        for index, image in enumerate(images):
            if index:
                device.newPage()
            area = painter.viewport()
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.x() + (area.width() - scaled.width()) // 2,
                           area.y() + (area.height() - scaled.height()) // 2,
                           scaled.width(), scaled.height())
            painter.drawImage(target, image)
    finally:
        painter.end()

"""PDF pages as images, for the preview and for the printer, drawn with PDFium.

Kömek depends on PySide6-Essentials, which has no QtPdf, and on Windows a QPrinter cannot take
a PDF file: so every page is rasterized with pypdfium2 (PDFium's wheels carry the library, no
system package is needed) and painted on the printer page by page.

PDFium is not thread-safe: every call into it holds :data:`_PDFIUM_LOCK`, so pages may be
rasterized on a worker thread while another thread waits. A QImage may be made on any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator

from PySide6.QtCore import QMarginsF, QRect, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter

PREVIEW_DPI = 96  # a page at 100 % on an ordinary screen
PRINT_DPI = 300  # enough for 8-pt type and the QR code; more only makes the spool bigger

_PDFIUM_LOCK = threading.RLock()

# bytes of one PDF and a resolution in dots per inch -> one image per page (tests pass their own)
PageRenderer = Callable[[bytes, float], list[QImage]]


class PdfPagesError(ValueError):
    """The bytes are not a PDF PDFium can read."""


def _document(data: bytes):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PdfPagesError(str(error)) from error


def page_count(data: bytes) -> int:
    with _PDFIUM_LOCK:
        document = _document(data)
        try:
            return len(document)
        finally:
            document.close()


def page_sizes(data: bytes) -> list[QSizeF]:
    """Each page's size in points (1/72 inch), as the PDF gives it."""
    with _PDFIUM_LOCK:
        document = _document(data)
        try:
            return [QSizeF(*document[index].get_size()) for index in range(len(document))]
        finally:
            document.close()


def iter_pages(data: bytes, dpi: float, indexes: Iterable[int] | None = None
               ) -> Iterator[QImage]:
    """One image per page at ``dpi`` (or per page of ``indexes``, from 0), made one at a time
    (a 300-dpi A4 page is 35 MB)."""
    import pypdfium2.raw as pdfium_c

    with _PDFIUM_LOCK:
        document = _document(data)
        count = len(document)
    try:
        for index in (range(count) if indexes is None else indexes):
            with _PDFIUM_LOCK:
                page = document[index]
                # BGRx bytes are 0xffRRGGBB words on little-endian machines: QImage's RGB32.
                bitmap = page.render(scale=dpi / 72, may_draw_forms=False,
                                     force_bitmap_format=pdfium_c.FPDFBitmap_BGRx)
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGB32).copy()  # own the pixels
                image.setDotsPerMeterX(round(dpi / 0.0254))
                image.setDotsPerMeterY(round(dpi / 0.0254))
                page.close()
            yield image
    finally:
        with _PDFIUM_LOCK:
            document.close()


def render_pages(data: bytes, dpi: float) -> list[QImage]:
    """Every page of the PDF ``data`` as an image at ``dpi``."""
    return list(iter_pages(data, dpi))


def _orientation(size: QSizeF) -> QPageLayout.Orientation:
    return (QPageLayout.Orientation.Landscape if size.width() > size.height()
            else QPageLayout.Orientation.Portrait)


def print_pdf(data: bytes, printer: object, *, dpi: float | None = None,
              progress: Callable[[int, int], object] | None = None) -> int:
    """Paint every page of the PDF ``data`` on ``printer`` (a QPrinter); the number of pages.

    Each page is rasterized at the printer's resolution (at most :data:`PRINT_DPI`) and drawn
    at its real size on paper of the PDF page's size and orientation (A4 portrait, the journal
    landscape), so a printed form has the same measures as the PDF. The page range chosen in
    the print dialog applies; copies are the printer's. ``progress(done, total)`` is called
    after each page. Returns how many pages were printed; raises ``OSError`` when the printer
    cannot be started.
    """
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    sizes = page_sizes(data)
    indexes = list(range(len(sizes)))
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        last = printer.toPage() or len(sizes)
        indexes = [i for i in indexes if printer.fromPage() - 1 <= i <= last - 1]
    if not indexes:
        return 0
    resolution = dpi or min(printer.resolution(), PRINT_DPI)
    printer.setFullPage(True)  # the PDF has its margins: draw the page edge to edge

    def lay_out(size: QSizeF) -> None:
        portrait = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
        printer.setPageLayout(QPageLayout(
            QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch),
            _orientation(size), QMarginsF(0, 0, 0, 0)))

    lay_out(sizes[indexes[0]])
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        pages = zip(indexes, iter_pages(data, resolution, indexes), strict=True)
        for done, (index, image) in enumerate(pages):
            if done:
                lay_out(sizes[index])
                if not printer.newPage():
                    raise OSError("the printer refused a new page")
            area = painter.viewport()
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.x() + (area.width() - scaled.width()) // 2,
                           area.y() + (area.height() - scaled.height()) // 2,
                           scaled.width(), scaled.height())
            painter.drawImage(target, image)
            if progress is not None:
                progress(done + 1, len(indexes))
    finally:
        painter.end()
    return len(indexes)


def send_to_printer(parent: object, data: bytes, printer: object) -> str | None:
    """Print the PDF ``data`` on ``printer`` with a progress window (page n of N) that keeps
    the application painted while the pages are rasterized; None when every page went to the
    printer, else the message to show the person (in their language)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

    from desktop.i18n import _

    owner = parent if isinstance(parent, QWidget) else None
    window = QProgressDialog(_("Sending to the printer…"), "", 0, 0, owner)
    window.setObjectName("printing_progress")
    window.setWindowTitle(_("Printing"))
    window.setCancelButton(None)  # a page half-sent cannot be taken back
    window.setWindowModality(Qt.WindowModality.WindowModal)
    window.setMinimumDuration(400)  # a one-page coupon needs no window

    def progress(done: int, total: int) -> None:
        window.setMaximum(total)
        window.setValue(done)
        window.setLabelText(_("Sent to the printer: page {done} of {total}").format(
            done=done, total=total))
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        print_pdf(data, printer, progress=progress)
    except OSError:
        return _("The printer could not be started. Check that it is on and try again, or "
                 "save the document as PDF.")
    finally:
        QGuiApplication.restoreOverrideCursor()
        window.close()
        window.deleteLater()
    return None

"""The print preview: PDFium's page images, zoom, language, printing to a QPrinter, saving.

"Print to a printer" is tested the way Qt allows offscreen: a QPrinter with PdfFormat output
to a temporary file, read back with pypdf.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from desktop.printing import samples
from desktop.printing.journal import render_journal
from desktop.printing.packet import render_packet
from desktop.services.printouts import print_history
from desktop.ui.printing.pages import PREVIEW_DPI, render_pages
from desktop.ui.printing.preview import PRINTER, DocumentPreview, open_document_preview

APP = samples.sample_application()
REG = samples.sample_registration(APP)


@pytest.fixture(scope="module")
def packet() -> dict[str, bytes]:
    assessment = samples.sample_assessment(samples.assessed_application())
    return {lang: render_packet(APP, REG, assessment, lang) for lang in ("kk", "ru")}


def pages_of(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_pages_are_rasterized_one_image_per_pdf_page(qapp, packet):
    images = render_pages(packet["kk"], PREVIEW_DPI)
    assert len(images) == pages_of(packet["kk"]) >= 5
    assert (images[0].width(), images[0].height()) == (794, 1123)  # A4 at 96 dpi
    # Not a blank page: the text and frames are drawn.
    dark = sum(1 for x in range(0, 794, 4) for y in range(0, 1123, 4)
               if images[0].pixelColor(x, y).lightness() < 128)
    assert dark > 500


def test_preview_shows_every_page_and_switches_language(qtbot, packet, tmp_path):
    calls: list[str] = []

    def render(lang: str) -> bytes:
        calls.append(lang)
        return packet[lang]

    dialog = open_document_preview(None, "Packet", render, "kk")
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    n = pages_of(packet["kk"])
    assert len(dialog.page_labels) == n
    assert dialog.pages_label.text() == f"{n} бет"
    assert calls == ["kk"] and dialog.language() == "kk"
    dialog.language_buttons["ru"].setChecked(True)
    assert calls == ["kk", "ru"] and dialog.pdf == packet["ru"]
    assert len(dialog.page_labels) == pages_of(packet["ru"])
    assert dialog.grab().save(str(tmp_path / "preview-ru.png"))


def test_zoom_fit_width_and_actual_size(qtbot, packet):
    dialog = DocumentPreview("Packet", lambda lang: packet[lang], "ru")
    qtbot.addWidget(dialog)
    dialog.resize(600, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.show_pages()
    fit = dialog.page_labels[0].width()
    assert fit <= dialog.scroll_area.viewport().width()
    dialog.actual_button.click()
    assert dialog.page_labels[0].width() == 794 > fit
    dialog.fit_button.click()
    assert dialog.page_labels[0].width() == fit


def test_print_paints_every_page_on_the_printer_and_reports_it(qtbot, tmp_path, monkeypatch):
    journal = render_journal(samples.sample_journal(), samples.OFFICE,
                             samples.dt.date(2026, 3, 1), samples.dt.date(2026, 3, 31), "ru")
    printed: list[tuple[str, str]] = []
    dialog = DocumentPreview("Journal", lambda lang: journal, "ru",
                             lambda lang, where: printed.append((lang, where)))
    qtbot.addWidget(dialog)
    out = tmp_path / "printer.pdf"
    monkeypatch.setattr(dialog, "choose_printer", lambda: pdf_printer(out))
    with qtbot.waitSignal(dialog.printed):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed == [("ru", PRINTER)]
    paper = PdfReader(out)
    assert len(paper.pages) == pages_of(journal)
    # The journal is landscape: the printer's pages are too.
    box = paper.pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_cancelled_printer_dialog_prints_nothing(qtbot, packet, monkeypatch):
    printed: list[tuple[str, str]] = []
    dialog = DocumentPreview("Packet", lambda lang: packet[lang], "kk",
                             lambda lang, where: printed.append((lang, where)))
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "choose_printer", lambda: None)
    dialog.print_()
    assert printed == []


def test_failing_render_is_said_and_nothing_can_be_printed(qtbot):
    def render(lang: str) -> bytes:
        raise ValueError("no decision yet")

    dialog = DocumentPreview("Notice", render, "kk")
    qtbot.addWidget(dialog)
    assert "no decision yet" in dialog.message.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert dialog.page_labels == []


# ---- the preview of an application's document, opened from the print dialog -----------------


def test_preview_from_the_print_dialog_prints_logs_and_then_shows_the_duplicate(
        qtbot, window, desk, tmp_path, monkeypatch):
    dialog = window.documents.print_application(desk.registered[0], "family")
    preview = dialog.preview()
    assert preview is not None
    qtbot.addWidget(preview)
    assert "ТЕЛНҰСҚА" not in text_of(preview.pdf)
    assert len(preview.page_labels) == pages_of(preview.pdf)
    assert [h.kind for h in print_history(desk.db, desk.registered[0])] == ["coupon"]

    out = tmp_path / "printer.pdf"
    printed_pdf = preview.pdf
    monkeypatch.setattr(preview, "choose_printer", lambda: pdf_printer(out))
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(out).pages) == pages_of(printed_pdf)
    assert [(h.kind, h.lang, h.duplicate) for h in print_history(desk.db, desk.registered[0])
            ] == [("coupon", "kk", False), ("family", "kk", False)]
    # The next print would be a duplicate: the preview shows the stamp now, and the print
    # dialog counts the print.
    assert "ТЕЛНҰСҚА" in text_of(preview.pdf)
    assert "1" in dialog.note.text()

    preview.set_language("ru")
    target = tmp_path / "family-ru.pdf"
    monkeypatch.setattr(preview, "ask_save_path", lambda suggested: target)
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert "ДУБЛИКАТ" in text_of(target.read_bytes())
    assert [(h.kind, h.lang, h.duplicate) for h in print_history(desk.db, desk.registered[0])
            ][-1] == ("family", "ru", True)


def test_direct_print_from_the_print_dialog(qtbot, window, desk, tmp_path, monkeypatch):
    dialog = window.documents.print_application(desk.registered[1], "application")
    out = tmp_path / "printer.pdf"
    monkeypatch.setattr(dialog, "choose_printer", lambda: pdf_printer(out))
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.last is not None
    assert len(PdfReader(out).pages) == pages_of(dialog.last.pdf)
    assert [(h.kind, h.duplicate) for h in print_history(desk.db, desk.registered[1])] == [
        ("coupon", False), ("application", False)]


def test_journal_for_a_period_from_the_documents_menu(qtbot, window, desk, tmp_path,
                                                      monkeypatch):
    from desktop.storage.models import AuditRecord

    window.documents.action_journal.trigger()
    dialog = window.documents.journal_dialog
    assert dialog.windowTitle() == "Өтініштерді есепке алу журналы"
    today = samples.dt.date.today()
    assert dialog.period() == (today.replace(day=1), today)  # this month so far
    preview = dialog.open_preview()
    assert preview is not None
    qtbot.addWidget(preview)
    text = text_of(preview.pdf)
    assert all(number in text for number in desk.numbers)
    assert len(preview.page_labels) == pages_of(preview.pdf)
    out = tmp_path / "journal.pdf"
    printed_pdf = preview.pdf
    monkeypatch.setattr(preview, "choose_printer", lambda: pdf_printer(out))
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(out).pages) == pages_of(printed_pdf)
    assert "ТЕЛНҰСҚА" in text_of(preview.pdf)  # rendered again: the next is a duplicate
    with desk.db.session() as s:
        periods = s.scalars(select(AuditRecord.record_id).where(
            AuditRecord.action == "print.journal")).all()
    assert periods == [f"{today.replace(day=1).isoformat()}/{today.isoformat()}"]


def test_journal_period_backwards_is_refused(qtbot, window, desk):
    window.documents.action_journal.trigger()
    dialog = window.documents.journal_dialog
    dialog.end.setDate(dialog.start.date().addDays(-1))
    assert dialog.open_preview() is None
    assert dialog.message.text() and dialog.isVisible()


def test_the_page_range_chosen_in_the_print_dialog_applies(qapp, packet, tmp_path):
    from desktop.ui.printing.pages import print_pdf

    out = tmp_path / "pages-2-3.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_pdf(packet["ru"], printer) == 2
    assert len(PdfReader(out).pages) == 2


@pytest.mark.qt_log_ignore("QPainter::begin")  # the unwritable printer, on purpose
def test_sending_to_the_printer_shows_each_page_and_says_a_failure(qtbot, packet, tmp_path,
                                                                  monkeypatch):
    """The progress window counts the pages in the user's language; a printer that cannot
    start gives the message to show, not an exception."""
    from PySide6.QtWidgets import QProgressDialog, QWidget

    from desktop.ui.printing.pages import send_to_printer

    labels: list[str] = []
    original = QProgressDialog.setLabelText
    monkeypatch.setattr(QProgressDialog, "setLabelText",
                        lambda self, text: (labels.append(text), original(self, text))[1])
    owner = QWidget()
    qtbot.addWidget(owner)
    out = tmp_path / "packet.pdf"
    assert send_to_printer(owner, packet["ru"], pdf_printer(out)) is None
    total = len(PdfReader(out).pages)
    assert total > 1
    assert labels[-1] == f"Принтерге жіберілді: {total} / {total} бет"
    assert [label for label in labels if label.startswith("Принтерге жіберілді: 1 /")]
    unwritable = pdf_printer(tmp_path / "no-such-folder" / "x.pdf")
    problem = send_to_printer(owner, packet["ru"], unwritable)
    assert problem is not None and problem.startswith("Принтерді")

"""Print preview of one document: its pages on screen, the language, Print… and Save as PDF….

Any window that prints a document opens it the same way::

    from desktop.ui.printing.preview import open_document_preview

    open_document_preview(parent, title, render, language, on_printed, file_stem="N-notice")

* ``render(lang) -> bytes``: the document's PDF in ``lang`` ("kk" or "ru"), exactly as the
  next print would be (with the ТЕЛНҰСҚА / ДУБЛИКАТ stamp if it was printed before). It is
  called when the preview opens, when the user switches the language, and again after every
  print (a reprint is a duplicate). It must not write the audit log.
* ``on_printed(lang, destination)``: called once after each successful print (destination
  ``"printer"``) or saved file (the file's path): write the audit row there. An exception it
  raises is shown in the dialog.
* ``language``: the language the document opens in (the user's); the other is one click away.

What is printed or saved is the very PDF on screen. The function shows the dialog (not modal)
and returns it; ``DocumentPreview.printed`` is emitted after ``on_printed``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _, ngettext
from desktop.storage.private import write_private
from desktop.ui.printing.pages import PREVIEW_DPI, PdfPagesError, page_sizes, render_pages
from desktop.ui.problems import file_problem

Render = Callable[[str], bytes]
OnPrinted = Callable[[str, str], object]
PRINTER = "printer"  # the destination passed to on_printed for paper
PAGE_GAP = 12  # pixels between pages and around them


class DocumentPreview(QDialog):
    """The pages one under another on grey; zoom to the width or 100 %; language; print."""

    printed = Signal(str, str)  # language, destination ("printer" or a file path)

    def __init__(self, title: str, render: Render, language: str,
                 on_printed: OnPrinted | None = None, parent: QWidget | None = None, *,
                 file_stem: str = "document", fixed_language: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("print_preview")
        self.setWindowTitle(title)
        self.title = title
        self.render_document = render
        self.on_printed = on_printed
        self.file_stem = file_stem
        self.pdf = b""
        self.page_labels: list[QLabel] = []
        self._shown_for: tuple[str, float] | None = None
        self._build(language)
        for button in self.language_buttons.values():  # a document made already: as it is
            button.setVisible(not fixed_language)
        self._relayout = QTimer(self, singleShot=True, interval=120)
        self._relayout.timeout.connect(self.show_pages)
        self.load()

    # --- construction ---------------------------------------------------------------------

    def _build(self, language: str) -> None:
        top = QHBoxLayout()
        self.languages = QButtonGroup(self)
        self.language_buttons: dict[str, QRadioButton] = {}
        for lang in i18n.LANGUAGES:
            button = QRadioButton(i18n.LANGUAGE_NAMES[lang], objectName=f"preview_lang_{lang}")
            self.languages.addButton(button)
            self.language_buttons[lang] = button
            top.addWidget(button)
        self.language_buttons[language if language in self.language_buttons
                              else i18n.current_language()].setChecked(True)
        self.languages.buttonToggled.connect(
            lambda _button, checked: self.load() if checked else None)
        top.addSpacing(24)
        self.fit_button = QToolButton(objectName="preview_fit_width", checkable=True)
        self.actual_button = QToolButton(objectName="preview_actual_size", checkable=True)
        zoom = QButtonGroup(self)
        zoom.addButton(self.fit_button)
        zoom.addButton(self.actual_button)
        self.fit_button.setChecked(True)
        zoom.buttonToggled.connect(lambda _button, checked: self.show_pages() if checked
                                   else None)
        top.addWidget(self.fit_button)
        top.addWidget(self.actual_button)
        top.addStretch(1)
        self.pages_label = QLabel(objectName="preview_page_count")
        top.addWidget(self.pages_label)

        self.column = QWidget(objectName="preview_pages")
        self.column_layout = QVBoxLayout(self.column)
        self.column_layout.setSpacing(PAGE_GAP)
        self.column_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.column_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area = QScrollArea(objectName="preview_scroll")
        self.scroll_area.setWidget(self.column)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setStyleSheet("QScrollArea, #preview_pages { background: #808080; }")

        self.message = QLabel(objectName="preview_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(objectName="preview_print")
        self.save_button = QPushButton(objectName="preview_save")
        self.close_button = QPushButton(objectName="preview_close")
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.close)
        self.print_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.retranslate()
        screen = QGuiApplication.primaryScreen()
        height = screen.availableGeometry().height() if screen else 900
        self.resize(round(8.27 * PREVIEW_DPI) + 80, max(480, min(height - 80, 1000)))

    def language_switched(self) -> None:
        """The interface language changed; the document keeps the language chosen for it."""
        self.retranslate()

    def retranslate(self) -> None:
        self.fit_button.setText(_("Fit &width"))
        self.actual_button.setText(_("&100 %"))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("Save as &PDF…"))
        self.close_button.setText(_("Close"))
        self._update_count()

    def _update_count(self) -> None:
        n = len(self.page_labels)
        self.pages_label.setText(ngettext("{n} page", "{n} pages", n).format(n=n))

    # --- what is shown --------------------------------------------------------------------

    def language(self) -> str:
        return next(lang for lang, b in self.language_buttons.items() if b.isChecked())

    def set_language(self, lang: str) -> None:
        self.language_buttons[lang].setChecked(True)

    def load(self) -> None:
        """Render the document in the chosen language and show its pages."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pdf = self.render_document(self.language())
            self.sizes = page_sizes(self.pdf)
        except Exception as error:
            self.pdf, self.sizes = b"", []
            self._show_error(error)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._shown_for = None
        for button in (self.print_button, self.save_button):
            button.setEnabled(bool(self.sizes))
        self.show_pages()

    def _show_error(self, error: Exception) -> None:
        message = getattr(error, "message", None)  # a Text, or a str already translated
        if isinstance(message, str):
            self.message.setText(message)
        elif message is not None:
            self.message.setText(i18n.render(message))
        else:
            self.message.setText(_("The document could not be made: {error}").format(
                error=error))

    def zoom_dpi(self) -> float:
        """The resolution that shows a page at the chosen zoom, in logical pixels per inch."""
        if self.actual_button.isChecked() or not self.sizes:
            return PREVIEW_DPI
        widest = max(size.width() for size in self.sizes) / 72  # inches
        room = self.scroll_area.viewport().width() - 2 * PAGE_GAP
        return max(24.0, room / widest)

    def show_pages(self) -> None:
        dpi = self.zoom_dpi()
        key = (self.language(), round(dpi, 1))
        if key == self._shown_for:
            return
        ratio = self.devicePixelRatioF()
        try:
            images = render_pages(self.pdf, dpi * ratio) if self.pdf else []
        except PdfPagesError as error:
            images = []
            self._show_error(error)
        while len(self.page_labels) > len(images):
            self.page_labels.pop().deleteLater()
        while len(self.page_labels) < len(images):
            label = QLabel(objectName="preview_page")
            label.setStyleSheet("background: white;")
            self.column_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        for label, image in zip(self.page_labels, images, strict=True):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(round(image.width() / ratio), round(image.height() / ratio))
        self._shown_for = key
        self._update_count()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_button.isChecked():
            self._relayout.start()

    # --- the actions ----------------------------------------------------------------------

    def choose_printer(self) -> object | None:
        """The printer the user chose in Qt's print dialog, or None if cancelled."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintSelection, False)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        dialog.setMinMax(1, max(1, len(self.sizes)))
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def print_(self) -> None:
        from desktop.ui.printing.pages import send_to_printer

        if not self.pdf:
            return
        printer = self.choose_printer()
        if printer is None:
            return
        problem = send_to_printer(self, self.pdf, printer)
        if problem is not None:
            self.message.setText(problem)
            return
        self._done(PRINTER, _("sent to the printer"))

    def ask_save_path(self, suggested: str) -> Path | None:
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), str(Path.home() / f"{suggested}.pdf"), "PDF (*.pdf)")
        return Path(target) if target else None

    def save_as(self) -> None:
        if not self.pdf:
            return
        target = self.ask_save_path(f"{self.file_stem}-{self.language()}")
        if target is None:
            return
        try:
            write_private(target, self.pdf)
        except OSError as error:
            self.message.setText(file_problem(error))
            return
        self._done(str(target), str(target))

    def _done(self, destination: str, where: str) -> None:
        """Log the print through the caller, say where it went, show what a reprint gives.

        A saved file whose print could not be logged (a full disk) is removed again: no copy
        of a document leaves the desk unrecorded."""
        lang = self.language()
        if self.on_printed is not None:
            try:
                self.on_printed(lang, destination)
            except Exception as error:
                if destination != PRINTER:
                    Path(destination).unlink(missing_ok=True)
                self._show_error(error)
                return
        self.printed.emit(lang, destination)
        self.message.setText(f"{self.title}: {where}")
        self.load()  # the next print is a duplicate: the preview shows the stamp now


def open_document_preview(parent: QWidget | None, title: str, render: Render, language: str,
                          on_printed: OnPrinted | None = None, *,
                          file_stem: str = "document",
                          fixed_language: bool = False) -> DocumentPreview:
    """Show the preview of one document (see the module's docstring) and return it;
    ``fixed_language``: a PDF made already, shown in its own language only."""
    dialog = DocumentPreview(title, render, language, on_printed, parent, file_stem=file_stem,
                             fixed_language=fixed_language)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog

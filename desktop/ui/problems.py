"""What the person sees when saving fails, and when something unexpected goes wrong.

* :func:`saving_problem` turns a full disk (or a database that cannot be written) into the
  sentence the storage layer gives, in the interface's language; the windows that save show it
  beside what was typed, which stays in the window.
* :class:`ExceptionHook` catches what no window handled (an exception in a slot): a full disk
  or a database problem is a message box with the storage layer's sentence; anything else
  leaves a crash report without personal data (``desktop/crash.py``) and a message saying
  where it is. Work goes on either way: Qt carries on after a slot that failed.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.i18n import _, render
from desktop.storage.errors import DISK_FULL_MESSAGE, DatabaseError, is_disk_full

__all__ = ["ExceptionHook", "disk_full_text", "file_problem", "saving_problem"]


def disk_full_text() -> str:
    return render(DISK_FULL_MESSAGE)


def saving_problem(error: BaseException) -> str | None:
    """The person's sentence for a save that failed on the disk or the database; None for
    anything else (a programming error is not dressed up as a message)."""
    if is_disk_full(error):
        return disk_full_text()
    if isinstance(error, DatabaseError):
        return render(error.message)
    return None


def file_problem(error: OSError) -> str:
    """Why a file the person asked for could not be written, in their language."""
    if is_disk_full(error):
        return disk_full_text()
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("The file could not be written: there is no permission to write there. "
                 "Choose another folder.")
    return _("The file could not be written: {error}").format(error=error.strerror or error)


class ExceptionHook:
    """``sys.excepthook`` while the window runs; :meth:`restore` puts the previous one back.

    ``logs`` gives the folder for crash reports (beside the database once it is known)."""

    def __init__(self, logs: Callable[[], Path]) -> None:
        self.logs = logs
        self.box: QMessageBox | None = None
        self.reports: list[Path | None] = []
        self.previous = sys.excepthook
        sys.excepthook = self

    def restore(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous

    def __call__(self, kind: type[BaseException], error: BaseException,
                 tb: TracebackType | None) -> None:
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit: as Python does
            self.previous(kind, error, tb)
            return
        self.handle(error)

    def handle(self, error: Exception) -> None:
        text = saving_problem(error)
        if text is not None:
            self.show(QMessageBox.Icon.Warning, _("Not saved"), text)
            return
        from desktop import crash

        if error.__traceback__ is None:
            error = error.with_traceback(sys.exc_info()[2])
        path = crash.report(error, self.logs())
        self.reports.append(path)
        message = _("An unexpected error occurred; you can go on working. A report without "
                    "personal data was saved to {path}: give it to your administrator."
                    ).format(path=path) if path is not None else _(
            "An unexpected error occurred; you can go on working. Its report (without "
            "personal data) could not be saved: tell your administrator.")
        self.show(QMessageBox.Icon.Critical, _("Unexpected error"), message)

    def show(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        """A message box that does not wait (the slot that failed has returned already);
        one at a time: the same problem in a timer's slot does not pile boxes up."""
        if self.box is not None and self.box.isVisible():
            self.box.setText(text)
            return
        parent: QWidget | None = QApplication.activeWindow()
        self.box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        self.box.setObjectName("problem_box")
        self.box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.box.setWindowModality(Qt.WindowModality.NonModal)
        self.box.destroyed.connect(self._forget)
        self.box.show()

    def _forget(self) -> None:
        self.box = None

"""What the window shows of the check of every page of its database, run in the background.

The window's start opens the database with only the cheap checks (``Database.open(...,
background_check=True)``); :class:`DatabaseCheck` starts the rest (``PageCheck``) once the
window is on screen. While it runs the status bar says so, and the person works as usual:
nothing waits for it. When it finds damage the person is told at once in a message box that
does not block the window (what happened, that the dated backups are there, what to do and
whom to call), the status bar keeps saying it in red, and the next start refuses the file with
the same message as the command line (``damage_record``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from desktop.i18n import _
from desktop.storage.errors import DatabaseCorruptError
from desktop.storage.page_check import PageCheck

DAMAGE_COLOUR = "#a40000"


def damage_text(error: DatabaseCorruptError) -> str:
    """The person's sentences for damage the check found in the open database."""
    found = _("Kömek has checked every page of the database file {path} and found damage: part "
              "of the file no longer reads as it was written (a disk fault, a power cut, or a "
              "change made outside Kömek). What you save now may be lost.").format(
        path=error.path)
    if error.latest_backup is not None:
        todo = _("Finish what you are typing, close Kömek and call your administrator. The "
                 "dated backups are kept beside the file; the latest good one is {backup}. "
                 "Until it is put in place of the damaged file, Kömek will not open this "
                 "file.").format(backup=error.latest_backup)
    else:
        todo = _("Finish what you are typing, close Kömek and call your administrator. No "
                 "backup beside the file is whole; what was synchronized is kept by the "
                 "district server. Until the file is restored, Kömek will not open it.")
    return f"{found}\n\n{todo}"


class DatabaseCheck(QObject):
    """The check of every page of the window's database, and its line in the status bar.

    ``finished`` carries the verdict (the damaged-database error, or None) on the interface's
    thread once the check is over.
    """

    finished = Signal(object)
    _verdict = Signal(object)  # emitted on the check's own thread

    def __init__(self, parent: QWidget, check: PageCheck, label: QLabel,
                 database_label: QLabel) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.check = check
        self.label = label
        # "Database: komek.sqlite3" gives its place in the status bar while the check runs
        # or when it found damage (the file's name is in the tooltip and the message)
        self.database_label = database_label
        self.box: QMessageBox | None = None
        self._verdict.connect(self._told, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        """Begin the check (the window is on screen); the status bar says it runs."""
        self.check.when_done(self._verdict.emit)
        self.check.start()
        self.retranslate()

    def _told(self, error: DatabaseCorruptError | None) -> None:
        self.retranslate()
        if error is not None:
            self._show_damage(error)
        self.finished.emit(error)

    def _show_damage(self, error: DatabaseCorruptError) -> None:
        """A box that does not wait: the person finishes what is typed first."""
        self.box = QMessageBox(QMessageBox.Icon.Critical, _("The database file is damaged"),
                               damage_text(error), QMessageBox.StandardButton.Ok,
                               self.parent_widget)
        self.box.setObjectName("database_damage_box")
        self.box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.box.setWindowModality(Qt.WindowModality.NonModal)
        self.box.destroyed.connect(self._forget_box)
        self.box.show()

    def _forget_box(self) -> None:
        self.box = None

    def retranslate(self) -> None:
        error = self.check.error
        if error is not None:
            self.label.setText(_("The database file is damaged"))
            self.label.setStyleSheet(f"color: {DAMAGE_COLOUR};")
            self.label.setToolTip(damage_text(error))
            if self.box is not None:
                self.box.setWindowTitle(_("The database file is damaged"))
                self.box.setText(damage_text(error))
        elif self.check.running:
            self.label.setText(_("Checking the database file…"))
            self.label.setStyleSheet("")
            self.label.setToolTip("\n".join((str(self.check.path), _(
                "Every page of the database file is read and checked in the background; you "
                "can work meanwhile."))))
        shown = error is not None or self.check.running
        self.label.setVisible(shown)
        self.database_label.setVisible(not shown)

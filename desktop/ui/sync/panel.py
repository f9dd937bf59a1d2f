"""The Synchronization menu, the status-bar indicator and the timer of background syncs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
)

from desktop import i18n
from desktop.i18n import _
from desktop.storage.database import Database
from desktop.sync.client.progress import SyncProgress
from desktop.sync.client.status import sync_status
from desktop.sync.errors import SyncError
from desktop.ui.sync.progress_text import running_text, stopped_text
from desktop.ui.sync.worker import SyncWorker

INTERVAL_MS = 5 * 60 * 1000


class SyncPanel(QObject):
    """Owns the sync worker; writes the status into ``label``; adds its menu before ``before``.

    ``changed`` is called after a sync that brought records, so the journal refreshes.
    """

    def __init__(self, window: QMainWindow, db: Database, label: QLabel, before: QMenu,
                 changed: Callable[[], None], params_dir: Path | None = None) -> None:
        super().__init__(window)
        self.window, self.db, self.label, self.changed = window, db, label, changed
        self.worker = SyncWorker(db, params_dir)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.progress = QProgressBar(objectName="sync_progress", maximumWidth=160)
        self.progress.setRange(0, 0)
        self.progress.hide()
        window.statusBar().addPermanentWidget(self.progress)
        self.menu = QMenu(window, objectName="menu_sync")
        self.action_now = self._action("action_sync_now", self.sync_now)
        self.action_conflicts = self._action("action_sync_conflicts", self.show_conflicts)
        self.menu.addSeparator()
        self.action_export = self._action("action_sync_export", self.export_bundle)
        self.action_import = self._action("action_sync_import", self.import_reply)
        self.menu.addSeparator()
        self.action_enrol = self._action("action_sync_enrol", self.enrol)
        window.menuBar().insertMenu(before.menuAction(), self.menu)
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.sync_now)
        self.timer.start()
        self.last_error: SyncError | None = None
        self.last_progress: SyncProgress | None = None  # of the running or the last run
        self.retranslate()

    def _action(self, name: str, slot: Callable[[], object]) -> QAction:
        action = QAction(self.window, objectName=name)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def retranslate(self) -> None:
        self.menu.setTitle(_("S&ynchronization"))
        self.action_now.setText(_("Sync now"))
        self.action_conflicts.setText(_("Data &conflicts…"))
        self.action_export.setText(_("&Export changes to a file…"))
        self.action_import.setText(_("&Import the district's reply…"))
        self.action_enrol.setText(_("Connect to the district &server…"))
        self.update_status()

    def update_status(self) -> None:
        state = sync_status(self.db)  # connecting again (a new code) stays possible
        for action in (self.action_now, self.action_export, self.action_import):
            action.setEnabled(state.enrolled)
        if not state.enrolled:
            self.label.setText(_("Sync with the district: not set up yet (Synchronization → "
                                 "Connect to the district server…)"))
            return
        if self.worker.running:
            self.label.setText(running_text(self.last_progress or SyncProgress()))
            return
        when = i18n.format_datetime(state.last_success.astimezone()) \
            if state.last_success else _("never")
        parts = [_("Last synchronized: {when}").format(when=when),
                 _("Pending changes: {count}").format(count=state.pending)]
        if state.set_aside:  # refused or not storable: the person corrects or sees them
            parts.append(_("Not accepted, to correct: {count}").format(
                count=i18n.format_count(state.set_aside)))
        if state.conflicts > state.set_aside:
            parts.append(_("Conflicts to resolve: {count}").format(
                count=state.conflicts - state.set_aside))
        if self.last_error is not None:  # first: what went wrong is what the person reads,
            # then how far the run got (the next one goes on from there)
            stopped = stopped_text(self.last_progress)
            parts[0:0] = [i18n.render(self.last_error.message)] + ([stopped] if stopped else [])
            if stopped and not self.progress.isHidden():  # in the language now chosen
                self.progress.setToolTip(stopped)
        self.label.setText(" · ".join(parts))

    def sync_now(self) -> None:
        """Start a run (in the background); after a run that stopped, it goes on from the
        last batch the server acknowledged and the last page received."""
        state = sync_status(self.db)
        if not state.enrolled or not self.worker.start():
            return
        self.last_progress = None
        self.progress.setRange(0, 0)
        self.progress.setFormat("%p%")
        self.progress.setToolTip("")
        self.progress.show()
        self.update_status()

    def _progressed(self, progress: SyncProgress) -> None:
        """Sending: a bar over the changes that were waiting; receiving: over the changes
        the server said it holds for this desk (a count so far from a server that does not
        say); the bytes on the wire and, on a slow link, the time left."""
        self.last_progress = progress
        if progress.phase == "push" and progress.to_send:
            self.progress.setRange(0, progress.to_send)
            self.progress.setValue(min(progress.sent, progress.to_send))
        elif progress.phase == "pull" and progress.to_receive:
            self.progress.setRange(0, progress.to_receive)
            self.progress.setValue(min(progress.received, progress.to_receive))
        else:
            self.progress.setRange(0, 0)
        self.label.setText(running_text(progress))

    def _finished(self, report: object) -> None:
        self.progress.hide()
        self.last_error = None
        self.update_status()
        if getattr(report, "pulled", 0):
            self.changed()

    def _failed(self, error: SyncError) -> None:
        self.progress.hide()
        self.last_error = error
        if isinstance(error.progress, SyncProgress):
            self.last_progress = error.progress
        self._show_stopped(self.last_progress)
        self.update_status()

    def _show_stopped(self, progress: SyncProgress | None) -> None:
        """A run that stopped half-way leaves its bar where it got ("1 200 / 10 000", the
        rest of the sentence on hover): the status bar's text may be cut short on a small
        screen, the bar is not. The next run starts from there."""
        said = stopped_text(progress)
        if progress is None or not said:
            return
        if progress.phase == "pull" and progress.to_receive:
            done, total = progress.received, progress.to_receive
        else:
            done, total = progress.sent, progress.to_send
        if not total:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))
        self.progress.setFormat(f"{i18n.format_count(min(done, total))} / "
                                f"{i18n.format_count(total)}")
        self.progress.setToolTip(said)
        self.progress.show()

    def show_conflicts(self) -> None:
        from desktop.ui.sync.conflicts_dialog import ConflictsDialog

        ConflictsDialog(self.db, self.window).exec()
        self.update_status()
        self.changed()

    def export_bundle(self) -> None:
        from desktop.sync.client.bundles import export_bundle

        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Export changes to a file"), "komek-changes.komek",
            _("Kömek sync bundles (*.komek)"))
        if path:
            self._report(lambda: _("Bundle written: {count} changed records.").format(
                count=export_bundle(self.db, Path(path))))

    def import_reply(self) -> None:
        from desktop.sync.client.bundles import import_reply

        path, _filter = QFileDialog.getOpenFileName(
            self.window, _("Import the district's reply"), "", _("Kömek sync bundles (*.komek)"))
        if path:
            def work() -> str:
                report = import_reply(self.db, Path(path), self.worker.params_dir)
                self.changed()
                return _("Reply applied: {acknowledged} records confirmed, {applied} received, "
                         "{conflicts} conflicts.").format(acknowledged=report.acknowledged,
                                                          applied=report.applied,
                                                          conflicts=report.conflicts)
            self._report(work)

    def enrol(self) -> None:
        """Connect to the district server, or again (the dialog asks) with a new code."""
        from desktop.ui.sync.enrol_dialog import EnrolDialog

        dialog = EnrolDialog(self.db, self.window)
        if dialog.exec() and dialog.enrolment is not None:
            self.last_error = None
            QMessageBox.information(
                self.window, _("Synchronization"),
                _("Enrolled with the district server; office {office}.").format(
                    office=dialog.enrolment.office_code))
        self.update_status()

    def _report(self, work: Callable[[], str]) -> None:
        from desktop.sync.bundle import BundleError

        try:
            message = work()
        except (SyncError, BundleError) as error:
            QMessageBox.warning(self.window, _("Synchronization error"),
                                i18n.render(error.message))
        except OSError as error:
            QMessageBox.warning(self.window, _("Synchronization error"),
                                _("Cannot read or write the file: {error}").format(error=error))
        else:
            QMessageBox.information(self.window, _("Synchronization"), message)
        self.update_status()

    def shutdown(self) -> None:
        self.timer.stop()
        self.worker.wait(5)

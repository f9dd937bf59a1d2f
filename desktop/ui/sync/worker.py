"""One synchronization on a background thread; results come back to the GUI as signals."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from desktop.storage.database import Database
from desktop.storage.errors import is_disk_full
from desktop.sync.errors import DISK_FULL, SyncError


class SyncWorker(QObject):
    """Runs :func:`run_sync` off the GUI thread; one run at a time."""

    progressed = Signal(object)  # SyncProgress: how far the run has got
    finished = Signal(object)  # SyncReport
    failed = Signal(object)  # SyncError
    # the outcome (SyncReport or SyncError) as the run's thread gives it, queued to the
    # GUI's thread, which passes it on as finished or failed
    _ended = Signal(object)

    def __init__(self, db: Database, params_dir: Path | None = None) -> None:
        super().__init__()
        self.db = db
        self.params_dir = params_dir
        self._thread: threading.Thread | None = None
        # a run is on until its outcome reaches the GUI: cleared on the GUI's thread in the
        # same step that hands the outcome to every slot, so nobody sees the run over while
        # its outcome is still on its way (the thread may have ended before)
        self._running = False
        self._ended.connect(self._over, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> bool:
        if self.running:
            return False
        self._running = True
        self._thread = threading.Thread(target=self._run, name="komek-sync", daemon=True)
        self._thread.start()
        return True

    def _over(self, outcome: object) -> None:
        self._running = False
        (self.failed if isinstance(outcome, SyncError) else self.finished).emit(outcome)

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        from desktop.sync.client.engine import open_transport, record_failure, run_sync

        try:
            with open_transport(self.db) as transport:
                report = run_sync(self.db, transport, params_dir=self.params_dir,
                                  progress=self.progressed.emit)
        except Exception as error:
            failure = error if isinstance(error, SyncError) else SyncError(
                DISK_FULL if is_disk_full(error) else "server_error", type(error).__name__)
            try:
                record_failure(self.db, failure)
            finally:
                self._ended.emit(failure)
            return
        self._ended.emit(report)

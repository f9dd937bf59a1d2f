"""One synchronization on a background thread; results come back to the GUI as signals."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.storage.database import Database
from desktop.storage.errors import is_disk_full
from desktop.sync.errors import DISK_FULL, SyncError


class SyncWorker(QObject):
    """Runs :func:`run_sync` off the GUI thread; one run at a time."""

    progressed = Signal(object)  # SyncProgress: how far the run has got
    finished = Signal(object)  # SyncReport
    failed = Signal(object)  # SyncError

    def __init__(self, db: Database, params_dir: Path | None = None) -> None:
        super().__init__()
        self.db = db
        self.params_dir = params_dir
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> bool:
        if self.running:
            return False
        self._thread = threading.Thread(target=self._run, name="komek-sync", daemon=True)
        self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        from desktop.sync.client.engine import open_transport, record_failure, run_sync

        try:
            with open_transport(self.db) as transport:
                report = run_sync(self.db, transport, params_dir=self.params_dir,
                                  progress=self.progressed.emit)
        except SyncError as error:
            record_failure(self.db, error)
            self.failed.emit(error)
            return
        except Exception as error:
            wrapped = SyncError(DISK_FULL if is_disk_full(error) else "server_error",
                                type(error).__name__)
            record_failure(self.db, wrapped)
            self.failed.emit(wrapped)
            return
        self.finished.emit(report)

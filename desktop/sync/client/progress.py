"""How far a sync run has got, as the person is shown it: what was waiting and what has
gone, what the server said would come and what has come, the bytes on the wire, and the
time left at the rate measured so far.

The engine (``engine.run_sync``) updates one :class:`SyncProgress` as it goes and hands a
copy to its ``progress`` callback after each page; when a run stops, the last copy says how
far it got (what was sent and received stays done: the next run goes on from there).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from desktop.sync import scopes

# below this many seconds left the time is not worth saying (a LAN, a small sync)
WORTH_SAYING = 10.0


@dataclass
class SyncProgress:
    phase: str = "status"  # status, push, pull, check, done
    to_send: int = 0  # records waiting to be sent when the run began
    sent: int = 0  # of them, answered by the server (accepted, a conflict or refused)
    applications_to_send: int = 0  # of the records waiting, applications
    applications_sent: int = 0
    to_receive: int | None = None  # changes the server said it holds for this desk (None: not said)
    received: int = 0
    bytes_sent: int = 0  # on the wire, this run: requests up, answers down
    bytes_received: int = 0
    rate: float | None = None  # bytes a second in the phase so far (measured)
    seconds_left: float | None = None  # of the phase, at that rate (None: not known yet)
    resumed: bool = False  # the run went on from a batch or a page an earlier run had begun
    _since: float = field(default=0.0, repr=False, compare=False)
    _bytes_at: int = field(default=0, repr=False, compare=False)

    def begin(self, phase: str) -> None:
        """A new phase: its rate and time left are measured from now."""
        self.phase = phase
        self._since = time.monotonic()
        self._bytes_at = self.bytes_sent + self.bytes_received
        self.rate = self.seconds_left = None

    def measure(self, done: int, total: int | None, sent: int, received: int) -> None:
        """The bytes so far and, with ``done`` of ``total`` items of the phase gone, the
        time the rest takes at the rate measured in this phase."""
        self.bytes_sent, self.bytes_received = sent, received
        elapsed = time.monotonic() - self._since
        moved = sent + received - self._bytes_at
        self.rate = moved / elapsed if elapsed > 0 and moved > 0 else None
        if done > 0 and total is not None and total >= done and elapsed > 0:
            self.seconds_left = elapsed * (total - done) / done
        else:
            self.seconds_left = None

    def snapshot(self) -> SyncProgress:
        return dataclasses.replace(self)

    @property
    def unfinished_push(self) -> bool:
        return self.sent < self.to_send

    @property
    def unfinished_pull(self) -> bool:
        return self.to_receive is not None and self.received < self.to_receive


Progress = Callable[[SyncProgress], None]


def waiting(connection: Connection) -> tuple[int, int]:
    """Records waiting to be sent (the status bar's pending changes) and, of them,
    applications: the length of the push's bar."""
    names = ",".join(f"'{name}'" for name in scopes.synced_tables())
    records = connection.execute(text(
        "SELECT count(*) FROM (SELECT DISTINCT table_name, record_id FROM sync_outbox "
        f"WHERE table_name IN ({names}))")).scalar_one()
    applications = connection.execute(text(
        "SELECT count(DISTINCT record_id) FROM sync_outbox WHERE table_name = 'applications'")
    ).scalar_one()
    return int(records), int(applications)

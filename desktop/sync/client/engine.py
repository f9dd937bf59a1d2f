"""One synchronization of a desk with the district server: push, pull, consistency check.

THE CONFLICT RULE
-----------------
* Every synced record carries a version, and every change is pushed with the version it was
  based on (the one the server last confirmed to this desk).
* The server takes a change only if its record is still at that base version, or is new to
  it. Otherwise nothing is overwritten: the server keeps its side, this desk keeps its own,
  and both sides (with the base they started from) are kept as a conflict that a person
  resolves: theirs, mine, or merged field by field. A record in conflict is not pushed again
  until then. Clocks never decide: a desk's clock may be wrong by a day.
* A pulled change never overwrites a record that has a change of this desk the server has
  not acknowledged, or an open conflict: the local side stays (the server's side goes into
  the conflict).
* A record the server refuses (invalid, with the field and the problem, or outside this
  office) is set aside for a person and holds nothing else back; a pulled record this desk
  cannot store is set aside the same way, and the pull goes on. No one record stalls a desk.
* Which conflicts can arise: registered applications are never edited (a correction is an
  amendment, a new record), so their records and journal entries meet none. Conflicts arise
  on records two desks can both edit: draft applications and intake drafts opened at the
  district and at the akimat, the transfer-register line (the akimat marks it sent, the
  district marks it received), and the reference data (offices, staff).
* A wizard draft (``intake_drafts``) is merged inside its state, field by field, by the desk
  that meets the conflict (it alone holds the base, its own side and the server's): when
  the two desks changed different fields, the merged draft is sent at once as a new version
  based on the server's, so the server still takes nothing based on an old version; only a
  field both desks changed is left to a person (``conflicts.merge_automatically``).

A run: status (credentials, protocol, the server's last batch number) → push every batch,
the unacknowledged one first → pull pages after the cursor → reference documents into the
parameter overlay folder → now and then the consistency check. Each step commits on its
own, so a cut connection or a killed process loses nothing: the next run resends the same
batch (the server answers it from its record) and pulls from the saved cursor.

Pages sized to the link: push batches and pull pages start small and grow while one takes
a fraction of ``PAGE_SECONDS`` (``Pages``: to what the link carried in that time, so on a
LAN the second batch is the largest), so on a village's link a page is seconds of bytes and
a cut loses at most the page in flight. A push whose connection breaks is not sent again
blindly: the server is asked how far it got (its last batch), and the answer to a batch it
has applied (the cut took it) is fetched by the batch's number, so no batch is uploaded
twice (a server of before, which has no such route, gets the same body again and answers it
from its record, applying nothing twice). A request cut twice halves the page, and a batch
the server has not applied is formed again, smaller, under the same number, so the push
goes on from the last batch the server acknowledged. Cuts that come often make pages
shorter than the time between them.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection

from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.errors import is_disk_full
from desktop.sync.client import batches, credentials, settings
from desktop.sync.client.apply import ApplyCounts, apply_changes
from desktop.sync.client.connection import sync_connection
from desktop.sync.client.consistency import CheckReport, check_and_repair
from desktop.sync.client.progress import Progress, SyncProgress, waiting
from desktop.sync.client.transport import HttpTransport
from desktop.sync.errors import NO_SECRET, NOT_ENROLLED, OFFLINE, SyncError
from desktop.sync.protocol import ErrorCode

PULL_PAGE = 5_000  # changes per pull page at most, within the server's MAX_PULL_LIMIT
# A pull starts with pages of FIRST_PAGE changes, a push with batches of FIRST_BATCH
# records, and each grows while a page takes under half of PAGE_SECONDS (to what the link
# carried in that time, at least doubled), halving (down to SMALLEST_PAGE) when one takes
# longer: on a LAN they reach PULL_PAGE and BATCH_RECORDS from the second page, on a
# village's link a page stays a few seconds' worth, so a
# connection cut mid-way loses seconds, not minutes (each page is committed with its
# cursor, each batch with its acknowledgement, and the next request goes on after them).
FIRST_PAGE = 500
FIRST_BATCH = 500
SMALLEST_PAGE = 50
PAGE_SECONDS = 5.0
# cuts that come often: a page may take a third of the time between two cuts, not less
# than this
SHORTEST_PAGE_SECONDS = 0.5
# a page grows at most this many times at once (FIRST_BATCH to BATCH_RECORDS on a LAN)
GROWTH = 10.0
# a page cut this many times in a row (each after the transport sent it once more) stops
# the run: the link is gone, not merely cutting
CUTS_IN_A_ROW = 3
CHECK_EVERY = dt.timedelta(hours=24)


class Transport(Protocol):
    def status(self) -> dict[str, Any]: ...
    def push(self, body: bytes) -> dict[str, Any]: ...
    def pull(self, since: int, limit: int, count: bool = False) -> dict[str, Any]: ...
    def digests(self) -> list[list[Any]]: ...
    def record_versions(self, table: str, scope: str) -> list[list[Any]]: ...
    def fetch(self, table: str, ids: list[str]) -> list[dict[str, Any]]: ...


@dataclass
class SyncReport:
    pushed_batches: int = 0
    accepted: int = 0
    conflicts: int = 0
    refused: int = 0
    merged: int = 0  # drafts changed at two desks in different fields, merged and sent again
    pulled: int = 0
    held: int = 0
    unapplied: int = 0  # pulled and not stored here (invalid, a duplicate key): set aside
    reference_documents: int = 0
    check: CheckReport | None = None
    finished_at: dt.datetime | None = None
    problems: list[str] = field(default_factory=list)
    progress: SyncProgress = field(default_factory=SyncProgress)  # how far it got


def _no_progress(_progress: SyncProgress) -> None:
    return None


class Pages:
    """The size of the next page, push batch or pull page, from how long the last ones
    took and how often the link was cut (see the module's docstring)."""

    def __init__(self, first: int, largest: int) -> None:
        self.size = min(first, largest)
        self.largest = largest
        self.seconds = PAGE_SECONDS  # what a page may take
        # the last cut, or when the pages began: the link held at least that long
        self.cut_at = time.monotonic()
        self.in_a_row = 0

    def delivered(self, seconds: float, cut: bool) -> None:
        """A page went: it took ``seconds``, or was ``cut`` once and sent again."""
        self.in_a_row = 0
        if cut:
            self.cut()
        elif seconds < self.seconds / 2:
            # to what the link carries in half a page's time, as measured, at least twice
            # and at most GROWTH times as large: on a LAN the first batch of 500 records
            # takes a tenth of a second and the next is the largest (each batch costs the
            # desk and the server a transaction, a stored body and an answer), on a
            # village's link a page grows by about twice, as before
            factor = min(GROWTH, max(2.0, self.seconds / 2 / max(seconds, 0.001)))
            self.size = min(int(self.size * factor), self.largest)
        elif seconds > self.seconds:
            self.size = max(self.size // 2, SMALLEST_PAGE)

    def cut(self) -> None:
        """A request of this page broke: smaller pages, shorter ones if cuts come often."""
        now = time.monotonic()
        self.seconds = min(self.seconds, max(SHORTEST_PAGE_SECONDS, (now - self.cut_at) / 3))
        self.cut_at = now
        self.size = max(self.size // 2, SMALLEST_PAGE)

    def failed(self) -> bool:
        """A page that could not go (cut after the transport sent it again): whether to
        try again, smaller."""
        self.cut()
        self.in_a_row += 1
        return self.in_a_row < CUTS_IN_A_ROW


def _broken(transport: Transport) -> int:
    """Requests the transport saw cut and sent again (0 for a transport that does not say)."""
    return int(getattr(transport, "broken", 0))


def _measure(progress: SyncProgress, transport: Transport, done: int,
             total: int | None) -> None:
    progress.measure(done, total, int(getattr(transport, "sent", 0)),
                     int(getattr(transport, "received", 0)))


def write_reference(folder: Path, documents: list[dict[str, Any]]) -> int:
    """Parameter documents from the district into the overlay folder, each file replaced
    whole (written beside it, then renamed)."""
    if not documents:
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    for document in documents:
        name = Path(str(document["name"])).name
        target = folder / f"{name}.json"
        temporary = target.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(document["content"], ensure_ascii=False, indent=1),
                             encoding="utf-8")
        os.replace(temporary, target)
    return len(documents)


def open_transport(db: Database) -> HttpTransport:
    """The HTTPS transport of this desk's enrolment, with its secret from the store."""
    with db.engine.connect() as connection:
        enrolment = settings.enrolment(connection, db.node_id)
    if enrolment is None:
        raise SyncError(NOT_ENROLLED)
    secret = credentials.load_secret(db.node_id)
    if not secret:
        raise SyncError(NO_SECRET)
    return HttpTransport(enrolment.server_url, node_id=db.node_id, secret=secret,
                         cert_pem=enrolment.server_cert)


def push_all(connection: Connection, transport: Transport, node_id: str, last_batch: int,
             report: SyncReport, progress: Progress, again: int = 2,
             pages: Pages | None = None) -> None:
    """Send every batch, oldest first, one at a time; while the server applies the batch in
    flight, the desk stores the acknowledgement of the one before it and forms (and stores)
    the next, in one transaction, so the desk and the server work side by side. Batches
    still go out strictly in order, and each acknowledgement is committed before the answer
    to the next batch is looked at. An answer not stored yet when the run stops is asked for
    again by the next run: the server answers a batch it has applied from its record. A
    draft merged at an acknowledgement goes out in a following batch of the same run, and
    so do records queued again at the last answers (``again``: how many more rounds for
    them). Batches are sized to the link (``pages``), and one cut is resumed (:func:`_resume`)."""
    pages = pages or Pages(FIRST_BATCH, batches.BATCH_RECORDS)
    state = report.progress
    with connection.begin():
        batches.skip_to(connection, last_batch)
    with connection.begin():
        batch = batches.oldest_unacked(connection) or \
            batches.form_batch(connection, node_id, pages.size)
    if batch is None:
        return
    answered: tuple[batches.Batch, dict[str, Any]] | None = None

    def store(answer: tuple[batches.Batch, dict[str, Any]]) -> int:
        counts = batches.acknowledge(connection, *answer)
        report.pushed_batches += 1
        report.accepted += counts.accepted
        report.conflicts += counts.conflicts
        report.refused += counts.refused
        report.merged += counts.merged
        state.sent = min(state.sent + counts.records, max(state.to_send, state.sent))
        state.applications_sent = min(state.applications_sent + counts.applications,
                                      max(state.applications_to_send, state.applications_sent))
        return counts.merged

    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="komek-push") as sender:
        while batch is not None:
            _measure(state, transport, state.sent, state.to_send)
            progress(state.snapshot())
            cuts, started = _broken(transport), time.monotonic()
            in_flight = sender.submit(_send, transport, node_id, batch)
            with connection.begin():
                if answered is not None:
                    store(answered)
                    answered = None
                following = batches.next_unacked(connection, batch.seq) or \
                    batches.form_batch(connection, node_id, pages.size)
            try:
                response = in_flight.result()
                # cut once, and sent again or answered: smaller pages from now on
                pages.delivered(time.monotonic() - started, _broken(transport) > cuts)
            except SyncError as error:
                if error.code == OFFLINE and pages.failed():
                    resumed = _resume(connection, transport, node_id, batch, pages)
                    if isinstance(resumed, batches.Batch):
                        batch = resumed
                        continue
                    response = resumed  # applied: its answer, fetched by its number
                elif error.code != ErrorCode.BATCH_MISMATCH.value:
                    raise
                else:
                    last_seen = int(transport.status().get("last_batch", 0))
                    with connection.begin():
                        for stale in batches.unacked(connection):  # renumbered in order
                            batches.reform(connection, stale, last_seen)
                    with connection.begin():
                        batch = batches.oldest_unacked(connection) or \
                            batches.form_batch(connection, node_id, pages.size)
                    continue
            answered = (batch, response)
            if following is not None and batches.conflicted_in(response, following):
                with connection.begin():  # formed again once this answer is stored
                    store(answered)
                    answered = None
                    batches.withdraw(connection, following)
                    following = batches.form_batch(connection, node_id, pages.size)
            elif following is not None and following.changes is not None and \
                    following.records > 2 * pages.size:
                # formed in this run before a cut made pages smaller, and never sent:
                # formed again, smaller, under its number
                with connection.begin():
                    batches.give_back(connection, following.seq)
                    following = batches.form_batch(connection, node_id, pages.size)
            batch = following
    if answered is not None:
        with connection.begin():
            merged = store(answered)
        _measure(state, transport, state.sent, state.to_send)
        progress(state.snapshot())
        if merged or again > 0:
            # drafts merged at the last answer, and records the last answers queued again
            # (refused for naming a record that is accepted now), go in this run, not the
            # next; a merge is sent however many runs it takes, as it always was
            push_all(connection, transport, node_id, 0, report, progress,
                     again if merged else again - 1, pages)


def _send(transport: Transport, node_id: str, batch: batches.Batch) -> dict[str, Any]:
    """Push ``batch`` (in the sender's thread) and return the server's answer. Through the
    desk's own transport it goes as the desk keeps it, compressed, to a server that takes
    that, and a push whose connection breaks is not sent again blindly: the server is asked
    how far it got, and the answer to a batch it applied (the cut took the answer) is
    fetched by the batch's number, so the batch is not uploaded twice. Other transports (a
    test's wrapper) are given the batch's JSON."""
    if not isinstance(transport, HttpTransport):
        return transport.push(batch.data)
    try:
        return transport.push(batch.data, batch.packed, again=False, compact=True)
    except SyncError as error:
        if error.code != OFFLINE:
            raise
    transport.broken += 1  # cut once: pages are made smaller, as for a request sent again
    answer = _answer_if_applied(transport, node_id, batch,
                                int(transport.status().get("last_batch", 0)))
    if answer is not None:
        return answer
    return transport.push(batch.data, batch.packed, compact=True)


def _answer_if_applied(transport: Transport, node_id: str, batch: batches.Batch,
                       last: int) -> dict[str, Any] | None:
    """The answer to ``batch`` fetched by its number when the server has applied it (its
    ``last`` batch is this one or later), rebuilt from the server's kept answer and this
    desk's copy of the batch; None when the batch is to be sent again: not applied, a
    server of before (no such route), or an answer that does not fit the batch (another
    body under its number: sent again, the server says ``batch_mismatch``)."""
    fetch = getattr(transport, "push_answer", None)
    if last < batch.seq or fetch is None:
        return None
    try:
        kept = fetch(node_id, batch.seq)
    except SyncError as error:
        if error.code == OFFLINE:
            raise
        return None
    return batches.answer_from(batch, kept)


def _resume(connection: Connection, transport: Transport, node_id: str,
            batch: batches.Batch, pages: Pages) -> batches.Batch | dict[str, Any]:
    """After ``batch`` was cut (twice): the batch to send now, or its answer. The server's
    last batch says whether it applied it: if so, its answer (the cut took it) is fetched
    by the batch's number (a server of before: the same body again, answered from its
    record); if not, it and the batch formed behind it go back to the outbox and are formed
    again at the smaller page size, from the same number on. A server that cannot be
    reached now stops the run (what was acknowledged stays done)."""
    last = int(transport.status().get("last_batch", 0))
    if last >= batch.seq:
        answer = _answer_if_applied(transport, node_id, batch, last)
        return answer if answer is not None else batch
    if batch.records <= pages.size:
        return batch
    with connection.begin():
        batches.give_back(connection, batch.seq)
        formed = batches.form_batch(connection, node_id, pages.size)
    assert formed is not None  # the records given back are in the outbox
    return formed


def pull_all(connection: Connection, transport: Transport, report: SyncReport,
             progress: Progress, params_dir: Path | None) -> None:
    """Pages after the saved cursor, each committed with its cursor; the next page is asked
    for while one is applied (its cursor is in the page), so on a slow link the desk's work
    and the link's overlap. Pages are sized to the link, and a page cut (twice) is asked
    for again, smaller. With the page after a first one that says more will come, the
    server is asked how many (the bar's length)."""
    state = report.progress
    with connection.begin():
        cursor = int(settings.read(connection, settings.CURSOR) or 0)
    pages = Pages(FIRST_PAGE, PULL_PAGE)

    def fetch(since: int, ask: bool) -> tuple[dict[str, Any], float, bool, bool]:
        cuts, started = _broken(transport), time.monotonic()
        page = transport.pull(since, pages.size, count=ask)
        return page, time.monotonic() - started, _broken(transport) > cuts, ask

    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="komek-pull") as puller:
        asking = (cursor, False)  # the page in flight: after which cursor, count asked
        pending = puller.submit(fetch, *asking)
        while True:
            try:
                page, took, cut, asked = pending.result()
            except SyncError as error:
                if error.code == OFFLINE and pages.failed():
                    pending = puller.submit(fetch, *asking)
                    continue
                raise
            pages.delivered(took, cut)
            if asked and page.get("remaining") is not None:
                state.to_receive = state.received + int(page["remaining"])
            if page["more"]:  # asked for now, received while this one is applied
                asking = (int(page["cursor"]), state.to_receive is None and not asked)
                pending = puller.submit(fetch, *asking)
            with connection.begin():
                counts: ApplyCounts = apply_changes(connection, page["changes"])
                if params_dir is not None:
                    report.reference_documents += write_reference(params_dir,
                                                                  page["reference"])
                cursor = int(page["cursor"])
                settings.write(connection, settings.CURSOR, str(cursor))
            report.pulled += counts.applied + counts.deleted
            report.held += counts.held
            report.unapplied += counts.unapplied
            state.received += len(page["changes"])
            if state.to_receive is not None:
                state.to_receive = max(state.to_receive, state.received)
            _measure(state, transport, state.received, state.to_receive)
            progress(state.snapshot())
            if not page["more"]:
                return


def _check_due(connection: Connection, force: bool) -> bool:
    if force:
        return True
    last = settings.read(connection, settings.LAST_CHECK)
    if last is None:
        return True
    return utcnow() - dt.datetime.fromisoformat(last) > CHECK_EVERY


def run_sync(db: Database, transport: Transport, *, progress: Progress | None = None,
             check: bool | None = None, params_dir: Path | None = None) -> SyncReport:
    """One synchronization; raises SyncError when it cannot go on (what was done stays done).

    ``check`` True runs the consistency check now, False never, None when it is due (daily).
    ``params_dir`` receives the district's parameter documents (None: not written).
    """
    progress = progress or _no_progress
    report = SyncReport()
    state = report.progress
    try:
        _run(db, transport, report, progress, check, params_dir)
    except SyncError as error:
        error.progress = state.snapshot()  # how far it got, for the person
        raise
    state.phase = "done"
    progress(state.snapshot())
    return report


def _run(db: Database, transport: Transport, report: SyncReport, progress: Progress,
         check: bool | None, params_dir: Path | None) -> None:
    state = report.progress
    with sync_connection(db, bookkeeping=True) as connection:
        with connection.begin():
            enrolment = settings.enrolment(connection, db.node_id)
            state.to_send, state.applications_to_send = waiting(connection)
            # the last run stopped half-way: this one goes on from its last batch and page
            state.resumed = settings.read(connection, settings.LAST_ERROR) is not None and \
                (batches.oldest_unacked(connection) is not None or
                 int(settings.read(connection, settings.CURSOR) or 0) > 0)
        if enrolment is None:
            raise SyncError(NOT_ENROLLED)
        state.begin("status")
        progress(state.snapshot())
        status = transport.status()
        if enrolment.desk_number is None:  # enrolled before desk numbers: learn it now
            with connection.begin():
                settings.remember_desk_number(connection, status)
        version = str(getattr(transport, "server_version", "") or "")
        with connection.begin():
            if version and settings.read(connection, settings.SERVER_VERSION) != version:
                # an updated server may know tables and fields an older one refused
                batches.send_again_unknown(connection)
                settings.write(connection, settings.SERVER_VERSION, version)
        state.begin("push")
        push_all(connection, transport, db.node_id, int(status.get("last_batch", 0)), report,
                 progress)
        state.begin("pull")
        pull_all(connection, transport, report, progress, params_dir)
        with connection.begin():
            due = check is not False and _check_due(connection, bool(check))
        if due:
            state.begin("check")
            progress(state.snapshot())
            with connection.begin():
                report.check = check_and_repair(connection, transport, enrolment)
                settings.write(connection, settings.LAST_CHECK, utcnow().isoformat())
            if report.check.requeued:
                push_all(connection, transport, db.node_id, 0, report, progress)
        report.finished_at = utcnow()
        with connection.begin():
            settings.write(connection, settings.LAST_SUCCESS, report.finished_at.isoformat())
            settings.write(connection, settings.LAST_ERROR, None)


def record_failure(db: Database, error: SyncError) -> None:
    """Remember why the last run stopped, for the status line; on a full disk it is not
    remembered (the failure itself is what is shown)."""
    try:
        with db.engine.begin() as connection:
            settings.write(connection, settings.LAST_ERROR, error.code)
    except Exception as failure:
        if not is_disk_full(failure):
            raise

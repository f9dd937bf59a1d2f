"""The access journal: who opened, printed or exported a family's data, and when.

Every look at a family's case is written to the hash-chained audit log in the same way as
the changes are: the case window (``access.case``), a stored application opened in the
intake wizard with its review (``access.application``), a draft continued
(``access.draft``), the print preview of a family's document or of the applications journal
(``access.preview``); an export of reports (``export.reports``) or of this journal
(``export.access_journal``); and, as before, every print or saved PDF (``print.<document>``)
and every certificate issued (``certificate.issue``). A row holds who (the staff member or
account), when, which record, and for a print or an export its language, format and whether
it went to a file; never a name, an IIN or a file's path (a file's name may be a family's).

The opening is written before the window shows anything: when it cannot be written (a full
disk) the window does not open, so no look at a family's data goes unrecorded.

:func:`access_journal` reads the rows of a period back as a report ``Table`` (shown, exported
to Excel or PDF in Kazakh or Russian); the administrator and the head see it
(``Permission.VIEW_ACCESS_JOURNAL``), and ``komek print access_journal`` prints it.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop.domain.text import Text
from desktop.services.reports import Cell, Table
from desktop.storage.audit import append_audit
from desktop.storage.database import Database
from desktop.storage.models import (
    AccountRecord,
    ApplicationRecord,
    AuditRecord,
    CertificateIssueRecord,
    StaffRecord,
)

__all__ = ["Access", "Export", "access_journal", "record_access", "record_export"]


class Access(StrEnum):
    """An opening of a family's data; the values are the audit log's actions."""

    CASE = "access.case"
    APPLICATION = "access.application"
    DRAFT = "access.draft"
    PREVIEW = "access.preview"


class Export(StrEnum):
    REPORTS = "export.reports"
    ACCESS_JOURNAL = "export.access_journal"


_TABLES = {Access.CASE: "applications", Access.APPLICATION: "applications",
           Access.DRAFT: "intake_drafts", Access.PREVIEW: "applications"}

_LABELS: dict[str, Text] = {
    Access.CASE: Text("Case window opened"),
    Access.APPLICATION: Text("Application opened"),
    Access.DRAFT: Text("Draft opened"),
    Access.PREVIEW: Text("Print preview opened"),
    Export.REPORTS: Text("Reports exported"),
    Export.ACCESS_JOURNAL: Text("Access journal exported"),
    "certificate.issue": Text("Certificate issued"),
    "print.journal": Text("Applications journal printed"),
    "print.transfer_registry": Text("Transfer registry printed"),
}
_PREFIXES = ("access.", "export.", "print.")
_ACTIONS = ("certificate.issue",)


def record_access(db: Database, what: Access, record_id: str, actor_id: str | None, *,
                  document: str = "", table_name: str | None = None) -> None:
    """Write one opening to the audit log, in its own transaction. Raises ``DatabaseError``
    (``DiskFullError``) when it cannot: the caller then shows nothing."""
    changes = {"document": (None, document)} if document else None
    with db.session() as session:
        append_audit(session, action=str(what), table_name=table_name or _TABLES[what],
                     record_id=record_id, actor_id=actor_id, node=db.node_id,
                     changes=changes)


def record_export(session: Session, db: Database, what: Export, actor_id: str | None, *,
                  file_format: str, lang: str, start: dt.date, end: dt.date) -> None:
    """Write one export of a period's data in the caller's transaction (the one that read
    what is exported): the format (``xlsx`` or ``pdf``), the language and the period."""
    append_audit(session, action=str(what), table_name="reports",
                 record_id=f"{start.isoformat()}/{end.isoformat()}", actor_id=actor_id,
                 node=db.node_id, changes={"format": (None, file_format),
                                           "language": (None, lang)})


def _after(changes: dict[str, list[object]], key: str) -> object:
    value = changes.get(key)
    return value[1] if isinstance(value, list) and len(value) == 2 else None


def _document_label(kind: str) -> Text | str:
    from desktop.services.printouts import JOURNAL_KIND, SPECS, DocumentKind

    if kind == JOURNAL_KIND:
        return Text("the applications journal")
    try:
        return SPECS[DocumentKind(kind)].label
    except ValueError:
        return kind


def _what(action: str, changes: dict[str, list[object]]) -> Text:
    document = _after(changes, "document")
    if action == Access.PREVIEW and isinstance(document, str) and document:
        return Text("Print preview opened: {document}", document=_document_label(document))
    if action in _LABELS:
        return _LABELS[action]
    label = _document_label(action.removeprefix("print."))
    if _after(changes, "destination") == "file":
        return Text("Saved as PDF: {document}", document=label)
    return Text("Printed: {document}", document=label)


def _period(record_id: str) -> str:
    from desktop.i18n import format_date

    start, _sep, end = record_id.partition("/")
    try:
        return (f"{format_date(dt.date.fromisoformat(start))} – "
                f"{format_date(dt.date.fromisoformat(end))}")
    except ValueError:
        return ""


def _details(changes: dict[str, list[object]]) -> str:
    """The language of a document, the format of an export: ``ru``, ``XLSX, kk``."""
    parts = []
    for key in ("format", "language"):
        value = _after(changes, key)
        if isinstance(value, str) and value:
            parts.append(value.upper() if key == "format" else value)
    return ", ".join(parts)


def access_journal(db: Database, start: dt.date, end: dt.date) -> Table:
    """Who opened, printed or exported what from ``start`` to ``end`` (the desk's days,
    inclusive), oldest first: time, person, what was done, which application (its
    registration number; a draft or an unregistered application says so), details."""
    first = dt.datetime.combine(start, dt.time()).astimezone()
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time()).astimezone()
    staff, account = aliased(StaffRecord), aliased(AccountRecord)
    wanted = AuditRecord.action.in_(_ACTIONS)
    for prefix in _PREFIXES:
        wanted = wanted | AuditRecord.action.startswith(prefix)
    query = (select(AuditRecord.at, AuditRecord.action, AuditRecord.table_name,
                    AuditRecord.record_id, AuditRecord.changes,
                    staff.full_name, account.full_name,
                    ApplicationRecord.registration_number, CertificateIssueRecord.number)
             .outerjoin(staff, staff.id == AuditRecord.actor_id)
             .outerjoin(account, account.id == AuditRecord.actor_id)
             .outerjoin(ApplicationRecord, ApplicationRecord.id == AuditRecord.record_id)
             .outerjoin(CertificateIssueRecord,
                        CertificateIssueRecord.id == AuditRecord.record_id)
             .where(wanted, AuditRecord.at >= first, AuditRecord.at < last)
             .order_by(AuditRecord.seq))
    with db.session() as session:
        found = session.execute(query).all()
    rows: list[tuple[Cell, ...]] = []
    for at, action, table_name, record_id, changes_json, staff_name, account_name, number, \
            certificate in found:
        changes = json.loads(changes_json or "{}")
        when = at.astimezone().strftime("%d.%m.%Y %H:%M")
        rows.append((when, account_name or staff_name or Text("the command line"),
                     _what(action, changes), _subject(table_name, record_id, number,
                                                      certificate),
                     _details(changes)))
    return Table(Text("Access journal: who opened, printed or exported a family's data"),
                 (Text("Date and time"), Text("Who"), Text("What"),
                  Text("Application or period"), Text("Details")),
                 tuple(rows), (Text("Total"), len(rows)), (start, end))


def _subject(table_name: str, record_id: str, number: str | None,
             certificate: str | None) -> Cell:
    if number:
        return number
    if certificate:
        return certificate
    if table_name == "intake_drafts":
        return Text("a draft")
    if table_name in ("journal", "reports"):
        return _period(record_id)
    if table_name == "transfer_registry":
        return record_id  # the batch number
    if table_name == "applications":
        return Text("not registered")
    return ""

"""The print log: one audit row per print of a document, and whether a print is a duplicate.

Every module that prints (intake, the case's notification, the transfer registry, the
journal) writes its prints here, inside its own transaction; ``printouts`` builds the
documents themselves on top of it. Kept apart so that nothing that logs a print has to import
the documents (and through them the case path and intake).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.storage.audit import append_audit
from desktop.storage.models import AuditRecord

__all__ = ["PRINT_ACTION", "DocumentKind", "log_print", "times_printed"]

PRINT_ACTION = "print."


class DocumentKind(StrEnum):
    """What can be printed for one application; values are stable (audit action names)."""

    APPLICATION = "application"  # the application with its tear-off coupon
    COUPON = "coupon"
    REFUSAL_SLIP = "refusal_slip"
    FAMILY = "family"
    INCOME = "income"
    FARM = "farm"
    CALCULATION = "calculation"
    PACKET = "packet"
    NOTIFICATION = "notification"  # of assignment or motivated refusal, once decided
    RESULT = "result"  # a catalogue service's result: certificate, referral, notification


def times_printed(session: Session, kind: DocumentKind | str, application_id: str) -> int:
    return int(session.execute(
        select(func.count()).select_from(AuditRecord).where(
            AuditRecord.record_id == application_id,
            AuditRecord.action == PRINT_ACTION + str(kind))).scalar_one())


def log_print(session: Session, kind: DocumentKind | str, application_id: str, lang: str, *,
              actor_id: str | None = None, node: str = "", force_duplicate: bool = False,
              table_name: str = "applications", to_file: bool | None = None) -> bool:
    """Write the audit row of one print in the caller's transaction; True if a duplicate.

    A duplicate is any print after the first of the same document for the same application
    (or, with ``table_name``, the same other record: a transfer batch by its number).
    ``to_file``: the print was saved as a PDF file (True) or sent to a printer (False); the
    access journal tells the two apart. The file's path is never logged (its name may be a
    family's).
    """
    duplicate = force_duplicate or times_printed(session, kind, application_id) > 0
    changes: dict[str, tuple[object, object]] = {
        "language": (None, lang), "duplicate": (None, duplicate)}
    if to_file is not None:
        changes["destination"] = (None, "file" if to_file else "printer")
    append_audit(session, action=PRINT_ACTION + str(kind), table_name=table_name,
                 record_id=application_id, actor_id=actor_id, node=node, changes=changes)
    return duplicate

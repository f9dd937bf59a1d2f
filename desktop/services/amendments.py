"""Amend a registered application: a few header fields, with a reason, author and time.

A registered application is read-only (intake); a correction is an amendment: the fields of
:data:`AMENDABLE` are checked with the form's own rules, the application row gets the new
values (so the journal, the read-only view and every printed document show them), an
``application_amendments`` row keeps the reason and the before/after of each field, and the
audit log gets the before/after (not the reason: free text never goes to the audit log).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.case_status import CaseStatus
from desktop.domain.iban import normalise_iban
from desktop.domain.text import Text
from desktop.formspec.model import FieldSpec, FormSpec
from desktop.services.accounts import CurrentUser, workstation_user
from desktop.storage.audit import append_audit
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import AmendmentRecord, ApplicationRecord
from desktop.storage.repositories.applications import ApplicationNotFoundError

__all__ = [
    "AMENDABLE",
    "Amendment",
    "AmendmentError",
    "amend",
    "amendable_values",
    "amendments_of",
    "field_spec",
]

# form field id -> the applications column it is stored in (the header fields a family may
# need corrected after registration: where to reach them and where to pay)
AMENDABLE: dict[str, str] = {
    "applicant_phone": "applicant_phone",
    "applicant_locality": "applicant_locality",
    "applicant_street": "applicant_street",
    "applicant_house": "applicant_house",
    "applicant_flat": "applicant_flat",
    "applicant_bank_name": "bank_name",
    "applicant_iban": "bank_iban",
    "applicant_occupation": "applicant_occupation",
}
MIN_REASON = 5


class AmendmentError(ValueError):
    """The amendment cannot be saved; ``messages`` say why (by field id, "" for the whole)."""

    def __init__(self, messages: Mapping[str, Text]) -> None:
        super().__init__("; ".join(m.msgid for m in messages.values()))
        self.messages = dict(messages)


@dataclass(frozen=True, slots=True)
class Amendment:
    at: dt.datetime
    actor_name: str
    reason: str
    changes: Mapping[str, tuple[str, str]]  # field id -> (before, after)


@cache
def _application_form() -> FormSpec:
    from desktop.formspec import load_all

    return load_all()["application"]


def field_spec(field_id: str) -> FieldSpec:
    """The form's field (its label in both languages, its rules)."""
    return _application_form().field(field_id)


def _record(session: Session, application_id: str) -> ApplicationRecord:
    record = session.get(ApplicationRecord, application_id)
    if record is None:
        raise ApplicationNotFoundError(application_id)
    return record


def _amendable(record: ApplicationRecord) -> bool:
    return (record.registered_at is not None and bool(record.registration_number)
            and record.status != CaseStatus.REFUSED_INTAKE.value)


def amendable_values(db: Database, application_id: str) -> dict[str, str]:
    """The current value of each amendable field (after every amendment so far)."""
    with db.session() as session:
        record = _record(session, application_id)
        return {field: str(getattr(record, column) or "") for field, column in AMENDABLE.items()}


def _normalised(field: str, value: str) -> str:
    value = " ".join(value.split())
    return normalise_iban(value) if field == "applicant_iban" else value


def _check(values: Mapping[str, str], reason: str) -> dict[str, Text]:
    from desktop.formspec.validate import validate_value

    problems: dict[str, Text] = {}
    for field, value in values.items():
        if field not in AMENDABLE:
            problems[field] = Text("This field cannot be amended.")
            continue
        found = [p for p in validate_value(field_spec(field), value or None) if not p.warning]
        if found:
            problems[field] = found[0].message
    if len(reason.strip()) < MIN_REASON:
        problems["reason"] = Text("Give the reason for the amendment (at least {count} "
                                  "characters).", count=MIN_REASON)
    return problems


def amend(db: Database, application_id: str, values: Mapping[str, str], reason: str, *,
          user: CurrentUser | None = None, now: dt.datetime | None = None) -> Amendment:
    """Save the fields of ``values`` that differ from the current ones, with ``reason``.

    Raises ``AmendmentError`` when a value breaks the form's rules, the reason is missing,
    nothing changes, or the application is not registered.
    """
    user = user or workstation_user(db)
    values = {field: _normalised(field, str(value)) for field, value in values.items()}
    problems = _check(values, reason)
    if problems:
        raise AmendmentError(problems)
    moment = now or utcnow()
    with db.session() as session:
        record = _record(session, application_id)
        if not _amendable(record):
            raise AmendmentError({"": Text("Only a registered application is amended.")})
        changes: dict[str, tuple[str, str]] = {}
        for field, value in values.items():
            column = AMENDABLE[field]
            before = str(getattr(record, column) or "")
            if before != value:
                changes[field] = (before, value)
                if column == "bank_name" and not value:
                    setattr(record, column, None)  # NULL: no bank account given
                else:
                    setattr(record, column, value)
        if not changes:
            raise AmendmentError({"": Text("Nothing was changed.")})
        actor_id = user.actor_id if user else None
        name = user.full_name if user else ""
        session.add(AmendmentRecord(
            application_id=record.id, at=moment, actor_id=actor_id, actor_name=name,
            reason=reason.strip(),
            changes=json.dumps({k: list(v) for k, v in changes.items()}, ensure_ascii=False),
            origin_node=db.node_id or None))
        append_audit(session, action="application.amend", table_name="applications",
                     record_id=record.id, actor_id=actor_id, node=db.node_id, changes=changes)
    return Amendment(moment, name, reason.strip(), changes)


def amendments_of(db: Database, application_id: str) -> list[Amendment]:
    """The amendments of this application, oldest first."""
    with db.session() as session:
        rows = session.execute(select(AmendmentRecord).where(
            AmendmentRecord.application_id == application_id).order_by(AmendmentRecord.at)
        ).scalars().all()
        return [Amendment(row.at, row.actor_name, row.reason,
                          {k: (v[0], v[1]) for k, v in json.loads(row.changes).items()})
                for row in rows]

"""Record that the aid was provided on an application of a disability service (§11-15).

The case's own path ends when the notification of the term of provision is issued
(``delivered``); the wheelchair, the hearing aids or the voucher come later, from a supplier,
and until then the person waits in the register of that kind of aid. ``record_provision``
checks what was typed (``desktop.domain.aid_provision``), that the application is of a service
with a waiting register and that its documents were drawn up (the head's decision assigned
them), keeps the row and writes it to the audit log by its fields (never the values). From
then on the waiting register (``desktop.services.reports.waiting_registers``) leaves the
application out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from desktop.domain.aid_provision import AidProvision, provision_problems
from desktop.domain.case_status import CaseStatus
from desktop.domain.roles import Role
from desktop.domain.text import Text
from desktop.services.accounts import CurrentUser
from desktop.storage.audit import add_audited
from desktop.storage.database import Database
from desktop.storage.models import AidProvisionRecord, ApplicationRecord, DecisionRecord

__all__ = ["AidProvisionError", "ProvidedAid", "provisions_of", "queue_choices",
           "record_provision"]

# who records a delivery: those who hand the notification over (the path's issue step)
ROLES = frozenset({Role.FRONT_DESK, Role.EXECUTOR})
# the documents were drawn up: decided to assign, the notification issued or not yet
_DRAWN_UP = (CaseStatus.ASSIGNED.value, CaseStatus.DELIVERED.value)


class AidProvisionError(ValueError):
    """The provision cannot be recorded: ``problems`` by field (what was typed), or
    ``messages`` (the case does not allow it); in the user's words."""

    def __init__(self, problems: Mapping[str, Text] | None = None,
                 messages: list[Text] | None = None) -> None:
        self.problems = dict(problems or {})
        self.messages = list(messages or self.problems.values())
        super().__init__("; ".join(sorted(self.problems)) or "; ".join(
            m.msgid for m in self.messages))


@dataclass(frozen=True, slots=True)
class ProvidedAid:
    """A provision as recorded, with who recorded it."""

    id: str
    provision: AidProvision
    recorded_by_name: str


def queue_choices(service: str) -> tuple[tuple[str, Mapping[str, str]], ...]:
    """The kinds of aid (queues) of a service: ``(id, {lang: title})``, in the catalogue's
    order; empty for a service without a waiting register."""
    from desktop.catalog import UnknownServiceError, catalogue_index

    try:
        spec = catalogue_index().get(service)
    except UnknownServiceError:
        return ()
    return tuple((q.id, {"kk": q.title.kk, "ru": q.title.ru}) for q in spec.queues)


def _details_queue(raw: str | None, ids: list[str]) -> str:
    import json

    try:
        details = json.loads(raw or "{}")
    except ValueError:
        details = {}
    aid = str(details.get("aid") or "") if isinstance(details, dict) else ""
    return aid if aid in ids else ids[0]


def application_queue(db: Database, application_id: str) -> str:
    """The kind of aid the application waits for (its ``details.aid``, else the service's
    only queue); "" for an application of a service without a register."""
    with db.session() as session:
        record = session.get(ApplicationRecord, application_id)
        if record is None:
            return ""
        ids = [q for q, _title in queue_choices(record.service)]
        return _details_queue(record.service_details, ids) if ids else ""


def record_provision(db: Database, application_id: str, provision: AidProvision,
                     user: CurrentUser, *, today: dt.date | None = None) -> str:
    """Check and keep one provision; returns its id. Raises ``AidProvisionError``."""
    today = today or dt.date.today()
    if user.account_id is not None and not user.roles & ROLES:
        raise AidProvisionError(messages=[Text(
            "Only the front desk or the responsible executor records the aid provided.")])
    with db.session() as session:
        record = session.get(ApplicationRecord, application_id)
        if record is None:
            raise AidProvisionError(messages=[Text("The application is not in the journal.")])
        ids = [q for q, _title in queue_choices(record.service)]
        if not ids:
            raise AidProvisionError(messages=[Text(
                "This service keeps no waiting register: there is no aid to record.")])
        assigned = session.scalar(select(DecisionRecord.id).where(
            DecisionRecord.application_id == application_id, DecisionRecord.stage == "final",
            DecisionRecord.outcome == "assigned").limit(1))
        if record.status not in _DRAWN_UP or assigned is None:
            raise AidProvisionError(messages=[Text(
                "The aid is recorded once the head's decision has drawn up the documents.")])
        # the kind of aid the application waits for: a provision ends that wait
        problems = provision_problems(provision, [_details_queue(record.service_details, ids)],
                                      registered_on=record.registered_on
                                      or record.application_date, today=today)
        if problems:
            raise AidProvisionError(problems)
        assert provision.provided_on is not None
        row = AidProvisionRecord(
            application_id=application_id, queue=provision.queue,
            provided_on=provision.provided_on, item=" ".join(provision.item.split()),
            quantity=provision.quantity, supplier=" ".join(provision.supplier.split()),
            note=provision.note.strip(), recorded_by=user.actor_id,
            recorded_by_name=user.full_name[:300], origin_node=db.node_id or None)
        add_audited(session, row, action="aid.provided", actor_id=user.actor_id,
                    node=db.node_id,
                    fields=["provided_on", "queue", "item", "quantity", "supplier", "note"])
        return row.id


def provisions_of(db: Database, application_id: str) -> list[ProvidedAid]:
    """The provisions recorded on an application, the earliest first."""
    with db.session() as session:
        rows = session.execute(select(AidProvisionRecord).where(
            AidProvisionRecord.application_id == application_id)
            .order_by(AidProvisionRecord.provided_on, AidProvisionRecord.created_at)).scalars()
        return [ProvidedAid(r.id, AidProvision(r.queue, r.provided_on, r.item, r.quantity,
                                               r.supplier, r.note), r.recorded_by_name)
                for r in rows]

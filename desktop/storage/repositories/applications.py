"""Load and save applications as domain ``Application`` values."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.domain.case_status import CaseStatus
from desktop.domain.model import Application
from desktop.domain.text import Text
from desktop.storage.audit import append_audit
from desktop.storage.database import Database
from desktop.storage.mapping import apply_application, to_domain, with_storage_ids
from desktop.storage.models import ApplicationRecord, OfficeRecord

__all__ = [
    "ApplicationLockedError",
    "ApplicationNotFoundError",
    "get_application",
    "load_application",
    "save_draft",
    "store_application",
]


class ApplicationNotFoundError(LookupError):
    def __init__(self, application_id: str) -> None:
        super().__init__(application_id)
        self.message = Text("The application was not found. It may have been deleted.")


class ApplicationLockedError(RuntimeError):
    """A registered application cannot be overwritten; corrections are amendments."""

    def __init__(self, application_id: str, status: str) -> None:
        super().__init__(f"{application_id} is {status}")
        self.message = Text(
            "This application is registered and can no longer be edited as a draft."
        )


_LOAD_OPTIONS = (
    selectinload(ApplicationRecord.members),
    selectinload(ApplicationRecord.incomes),
    selectinload(ApplicationRecord.livestock),
    selectinload(ApplicationRecord.land),
    selectinload(ApplicationRecord.documents),
    selectinload(ApplicationRecord.prior_events),
    selectinload(ApplicationRecord.representative),
)


def get_application(session: Session, application_id: str) -> Application:
    record = session.execute(
        select(ApplicationRecord).where(ApplicationRecord.id == application_id).options(
            *_LOAD_OPTIONS
        )
    ).scalar_one_or_none()
    if record is None:
        raise ApplicationNotFoundError(application_id)
    return to_domain(record)


def load_application(db: Database, application_id: str) -> Application:
    """The application with this id, with everything its forms hold."""
    with db.session() as session:
        return get_application(session, application_id)


def store_application(
    session: Session,
    app: Application,
    *,
    status: CaseStatus | None = None,
    actor_id: str | None = None,
    node: str = "",
) -> Application:
    """Insert or update ``app`` in the caller's transaction; returns it with storage ids.

    ``status`` is set when given (a new record defaults to draft). Audited with the names of
    what changed, not the values.
    """
    app = with_storage_ids(app)
    record = session.execute(
        select(ApplicationRecord).where(ApplicationRecord.id == app.application_id).options(
            *_LOAD_OPTIONS
        )
    ).scalar_one_or_none()
    office_id = session.execute(
        select(OfficeRecord.id).where(OfficeRecord.code == app.office.code)
    ).scalar_one_or_none()
    created = record is None
    if record is None:
        record = ApplicationRecord(
            id=app.application_id, status=CaseStatus.DRAFT.value, origin_node=node or None
        )
        session.add(record)
    changed = apply_application(app, record, origin_node=node or None)
    if status is not None and record.status != status.value:
        record.status = status.value
        changed.append("status")
    if office_id is not None and record.office_id != office_id:
        record.office_id = office_id
    session.flush()
    if created or changed:
        append_audit(
            session,
            action="application.create" if created else "application.update",
            table_name="applications",
            record_id=record.id,
            actor_id=actor_id,
            node=node,
            fields=changed,
        )
    return app


def save_draft(db: Database, app: Application, *, actor_id: str | None = None) -> Application:
    """Save an application that is still a draft; returns it with its storage ids.

    Raises ApplicationLockedError if the stored application is registered already.
    """
    with db.session() as session:
        if app.application_id:
            status = session.execute(
                select(ApplicationRecord.status).where(ApplicationRecord.id == app.application_id)
            ).scalar_one_or_none()
            if status is not None and status != CaseStatus.DRAFT.value:
                raise ApplicationLockedError(app.application_id, status)
        return store_application(session, app, actor_id=actor_id, node=db.node_id)

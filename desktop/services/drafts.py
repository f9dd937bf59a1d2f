"""Drafts of the intake wizard: autosave, the list of open drafts, reopening, duplicate IINs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.case_status import CLOSED_STATUSES, CaseStatus
from desktop.domain.spelling import spelling_key
from desktop.storage.database import Database
from desktop.storage.ids import new_id
from desktop.storage.models import ApplicationRecord, DraftRecord, MemberRecord

if TYPE_CHECKING:
    from desktop.domain.intake_session import IntakeSession, KnownPerson
    from desktop.formspec.model import FormSpec

__all__ = [
    "DraftSummary",
    "OpenCase",
    "discard_draft",
    "list_open_drafts",
    "open_draft",
    "other_open_applications_with_iin",
    "people_with_iin",
    "save_draft",
]

OPEN = "open"
REGISTERED = "registered"  # the draft became a registered application
# The draft whose wizard window is open; after a crash the main window reopens it.
OPEN_DRAFT_KEY = "wizard.open_draft"


@dataclass(frozen=True, slots=True)
class DraftSummary:
    draft_id: str
    applicant_name: str
    applicant_iin: str
    updated_at: dt.datetime
    step: str
    refused_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class OpenCase:
    """Another open case that has the same IIN: a registered application or a draft."""

    kind: str  # "application" | "draft"
    case_id: str
    registration_number: str
    applicant_name: str
    status: str


def write_draft(db_session: Session, session: IntakeSession, *, node: str = "",
                staff_id: str | None = None) -> DraftRecord:
    """Insert or update the draft of ``session`` in the caller's transaction."""
    from desktop.domain.intake_session import SessionReadOnlyError

    if session.read_only:
        raise SessionReadOnlyError(session.registration_number)
    if not session.draft_id:
        session.draft_id = new_id()
    record = db_session.get(DraftRecord, session.draft_id)
    if record is None:
        record = DraftRecord(id=session.draft_id, status=OPEN, origin_node=node or None,
                             staff_id=staff_id)
        db_session.add(record)
    state = _with_changes_from_elsewhere(session, record)
    text = json.dumps(state, ensure_ascii=False)
    values = {"state": text, **DraftRecord.copies(state)}
    for key, value in values.items():
        if getattr(record, key) != value:
            setattr(record, key, value)
    session.saved_state = json.loads(text)
    return record


def _with_changes_from_elsewhere(session: IntakeSession, record: DraftRecord) -> dict[str, Any]:
    """The session's state to save. If the stored draft changed since the session read or
    saved it (a sync brought another desk's edits, or merged them), the two are merged field
    by field first and the session takes the result: what this person typed wins a field
    both changed, and the wizard stays on its page."""
    from desktop.domain.draft_merge import merge_states

    def normalized() -> dict[str, Any]:  # as read back from the database
        return dict(json.loads(json.dumps(session.to_state(), ensure_ascii=False)))

    state = normalized()
    if session.saved_state is None or not record.state:
        return state
    stored = json.loads(record.state)
    if stored == session.saved_state:
        return state
    merged = merge_states(session.saved_state, state, stored).state
    merged["step"] = state["step"]
    if merged != state:
        session.load_state(merged)
    return normalized()


def save_draft(db: Database, session: IntakeSession, *, staff_id: str | None = None) -> str:
    """Autosave: the session's state, whatever it holds; returns the draft id."""
    with db.session() as db_session:
        return write_draft(db_session, session, node=db.node_id, staff_id=staff_id).id


def list_open_drafts(db: Database, search: str = "") -> list[DraftSummary]:
    """Open drafts, the most recently touched first; with ``search``, those whose IIN starts
    with the digits typed or whose applicant's name (surname first) starts with the text
    typed, in either spelling of a Kazakh name (the journal's rule, ``search_kind``)."""
    with db.session() as db_session:
        rows = db_session.execute(
            select(DraftRecord.id, DraftRecord.applicant_name, DraftRecord.applicant_iin,
                   DraftRecord.updated_at, DraftRecord.step, DraftRecord.refused_at)
            .where(DraftRecord.status == OPEN).order_by(DraftRecord.updated_at.desc())
        ).all()
    drafts = [DraftSummary(*row) for row in rows]
    typed = search.strip()
    if not typed:
        return drafts
    digits = "".join(typed.split())
    if digits.isdigit() and digits.isascii():
        return [d for d in drafts if d.applicant_iin.startswith(digits)]
    key = spelling_key(typed)
    return [d for d in drafts if spelling_key(d.applicant_name).startswith(key)]


def open_draft(db: Database, forms: Mapping[str, FormSpec], draft_id: str, *,
               today: dt.date | None = None) -> IntakeSession:
    """The session of a draft. A draft reopened on a later day is accepted on that day."""
    with db.session() as db_session:
        record = db_session.get(DraftRecord, draft_id)
        if record is None:
            raise KeyError(draft_id)
        text = record.state
    state, stored = json.loads(text), json.loads(text)
    state["draft_id"] = draft_id
    from desktop.domain.intake_session import IntakeSession
    from desktop.domain.model import Channel
    from desktop.services.service_forms import session_setup

    forms, setup = session_setup(str(state.get("service") or "asp"), Channel(state["channel"]),
                                 forms)
    session = IntakeSession.from_state(forms, state, **setup)
    session.saved_state = stored
    if today is not None and today != session.application_date:
        session.application_date = today
        session.validate_all()
    return session


def discard_draft(db: Database, draft_id: str) -> None:
    with db.session() as db_session:
        record = db_session.get(DraftRecord, draft_id)
        if record is not None:
            record.status = "discarded"


def close_draft(db_session: Session, draft_id: str, application_id: str) -> None:
    """Mark the draft as registered (it leaves the list of open drafts)."""
    record = db_session.get(DraftRecord, draft_id)
    if record is not None:
        record.status = REGISTERED
        record.application_id = application_id


def other_open_applications_with_iin(
    db: Database, iin: str, *, exclude_draft: str = ""
) -> list[OpenCase]:
    """Open applications and other open drafts of this workstation with a member of this IIN."""
    iin = iin.strip()
    if len(iin) != 12:
        return []
    closed = [status.value for status in CLOSED_STATUSES | {CaseStatus.DRAFT}]
    with db.session() as db_session:
        applications = db_session.execute(
            select(ApplicationRecord.id, ApplicationRecord.registration_number,
                   ApplicationRecord.applicant_name, ApplicationRecord.status)
            .join(MemberRecord, MemberRecord.application_id == ApplicationRecord.id)
            .where(MemberRecord.iin == iin, ApplicationRecord.status.not_in(closed))
            .distinct()
        ).all()
        drafts = db_session.execute(
            select(DraftRecord.id, DraftRecord.applicant_name)
            .where(DraftRecord.status == OPEN, DraftRecord.id != exclude_draft,
                   DraftRecord.member_iins.contains(f",{iin},"))
        ).all()
    found = [OpenCase("application", a.id, a.registration_number or "", a.applicant_name,
                      a.status) for a in applications]
    found += [OpenCase("draft", d.id, "", d.applicant_name, CaseStatus.DRAFT.value)
              for d in drafts]
    return found


def people_with_iin(db: Database, iin: str, limit: int = 5) -> list[KnownPerson]:
    """The names the journal holds under ``iin`` (a family member of any application), the
    latest application first; for the wizard's check that an IIN is the person typed."""
    from desktop.domain.intake_session import KnownPerson

    iin = iin.strip()
    if len(iin) != 12:
        return []
    with db.session() as db_session:
        rows = db_session.execute(
            select(MemberRecord.surname, MemberRecord.first_name, MemberRecord.patronymic,
                   ApplicationRecord.registration_number, ApplicationRecord.id)
            .join(ApplicationRecord, ApplicationRecord.id == MemberRecord.application_id)
            .where(MemberRecord.iin == iin)
            .order_by(ApplicationRecord.application_date.desc()).limit(limit)
        ).all()
    return [KnownPerson(" ".join(p for p in (surname, first, patronymic) if p), number or "",
                        application_id)
            for surname, first, patronymic, number, application_id in rows]

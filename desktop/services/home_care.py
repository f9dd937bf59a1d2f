"""Home care of a case (services.md §17): the care worker assigned and the visits recorded.

Only a case of the home care service whose documents the head arranged (the final decision
assigned) gets a care worker; a visit is the assigned worker's, on a day from the assignment
to the end of the term the decision states. What was typed is checked by
``desktop.domain.home_care`` and each problem is said at its field; the audit log names the
fields written, never the values (what was done at a person's home is health data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.home_care import (
    QUARTER,
    CareAssignment,
    CareVisit,
    assignment_problems,
    visit_problems,
)
from desktop.domain.text import Text
from desktop.services.accounts import CurrentUser
from desktop.services.case_decisions import latest_decision
from desktop.storage.audit import add_audited
from desktop.storage.database import Database
from desktop.storage.models import (
    ApplicationRecord,
    HomeCareAssignmentRecord,
    HomeCareVisitRecord,
)

__all__ = ["HOME_CARE", "HomeCare", "HomeCareError", "RecordedVisit", "assign_care_worker",
           "home_care_of", "record_visit"]

HOME_CARE = "home_care"  # the service's code in the catalogue


class HomeCareError(ValueError):
    """What was typed cannot be kept; ``problems`` by field ("" for the case as a whole)."""

    def __init__(self, problems: dict[str, Text]) -> None:
        super().__init__("; ".join(sorted(problems)))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class RecordedVisit:
    visit: CareVisit
    worker: str


@dataclass(frozen=True, slots=True)
class HomeCare:
    """What the office knows of a case's home care."""

    decided_on: dt.date | None  # the day the documents were arranged; None: not yet
    term: tuple[dt.date, dt.date] | None  # the term of the services the decision states
    assignment: CareAssignment | None  # the current care worker
    visits: tuple[RecordedVisit, ...]  # in the order of their days

    @property
    def minutes(self) -> int:
        return sum(v.visit.minutes for v in self.visits)


def _read(session: Session, application_id: str) -> HomeCare:
    final = latest_decision(session, application_id, "final")
    arranged = final is not None and final.outcome == "assigned"
    term = None
    if arranged and final is not None and final.period_start and final.period_end:
        term = (final.period_start, final.period_end)
    row = session.execute(
        select(HomeCareAssignmentRecord)
        .where(HomeCareAssignmentRecord.application_id == application_id)
        .order_by(HomeCareAssignmentRecord.assigned_on.desc(),
                  HomeCareAssignmentRecord.created_at.desc()).limit(1)).scalar_one_or_none()
    visits = session.execute(
        select(HomeCareVisitRecord).where(HomeCareVisitRecord.application_id == application_id)
        .order_by(HomeCareVisitRecord.visit_date, HomeCareVisitRecord.created_at)).scalars()
    return HomeCare(
        decided_on=final.decided_on if arranged and final is not None else None, term=term,
        assignment=CareAssignment(row.worker_name, row.assigned_on, row.note) if row else None,
        visits=tuple(RecordedVisit(
            CareVisit(v.visit_date, v.quarter_hours * QUARTER, v.work_done), v.worker_name)
            for v in visits))


def home_care_of(db: Database, application_id: str) -> HomeCare:
    with db.session() as session:
        return _read(session, application_id)


def _case(session: Session, application_id: str) -> HomeCare:
    record = session.get(ApplicationRecord, application_id)
    if record is None or record.service != HOME_CARE:
        raise HomeCareError({"": Text("This case is not one of home care.")})
    care = _read(session, application_id)
    if care.decided_on is None:
        raise HomeCareError({"": Text(
            "The documents of this case are not arranged yet: a care worker is assigned "
            "after the head's decision.")})
    return care


def assign_care_worker(db: Database, user: CurrentUser, application_id: str,
                       assignment: CareAssignment, today: dt.date) -> None:
    """Keep ``assignment`` as the case's care worker; raises ``HomeCareError``."""
    with db.session() as session:
        care = _case(session, application_id)
        problems = assignment_problems(assignment, decided_on=care.decided_on, today=today)
        if problems:
            raise HomeCareError(problems)
        row = HomeCareAssignmentRecord(
            application_id=application_id, worker_name=" ".join(assignment.worker.split()),
            assigned_on=assignment.assigned_on, note=assignment.note.strip(),
            recorded_by=user.actor_id, origin_node=db.node_id or None)
        add_audited(session, row, action="home_care.assign", actor_id=user.actor_id,
                    node=db.node_id, fields=["worker_name", "assigned_on", "note"])


def record_visit(db: Database, user: CurrentUser, application_id: str, visit: CareVisit,
                 today: dt.date) -> None:
    """Keep a visit of the case's care worker; raises ``HomeCareError``."""
    with db.session() as session:
        care = _case(session, application_id)
        assigned_on = care.assignment.assigned_on if care.assignment else None
        problems = visit_problems(visit, assigned_on=assigned_on, today=today,
                                  earlier=[v.visit for v in care.visits])
        if "day" not in problems and care.term is not None and visit.day > care.term[1]:
            problems["day"] = Text("The visit is after the term of the services ends ({day}).",
                                   day=care.term[1].strftime("%d.%m.%Y"))
        if problems:
            raise HomeCareError(problems)
        assert care.assignment is not None
        row = HomeCareVisitRecord(
            application_id=application_id, visit_date=visit.day,
            quarter_hours=visit.minutes // QUARTER,
            work_done=" ".join(visit.done.split()), worker_name=care.assignment.worker,
            recorded_by=user.actor_id, origin_node=db.node_id or None)
        add_audited(session, row, action="home_care.visit", actor_id=user.actor_id,
                    node=db.node_id, fields=["visit_date", "quarter_hours", "work_done"])

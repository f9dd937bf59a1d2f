"""Reports over the database: applications by status and channel, assignments and amounts per
month, overdue steps, and the dashboard's counts. Each report is a ``Table`` of plain values
and ``Text`` labels, rendered in the reader's language when shown or exported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, case, func, select

from desktop.domain.case_status import CLOSED_STATUSES, CaseStatus, channel_label, status_label
from desktop.domain.money import Money
from desktop.domain.text import Text
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord as A
from desktop.storage.models import CaseStateRecord as St
from desktop.storage.models import DecisionRecord as Dc

__all__ = ["Cell", "Dashboard", "Table", "assignments_by_month", "by_status_and_channel",
           "dashboard", "overdue_steps"]

Cell = str | int | Text | dt.date | Money | None
_CLOSED = [s.value for s in CLOSED_STATUSES | {CaseStatus.DRAFT}]


@dataclass(frozen=True)
class Table:
    title: Text
    headers: tuple[Text, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...] = ()
    period: tuple[dt.date, dt.date] | None = None


def by_status_and_channel(db: Database, start: dt.date, end: dt.date) -> Table:
    """Applications registered in the period, by status (rows) and channel (columns)."""
    query = (select(A.status, A.channel, func.count()).where(
        A.registered_on >= start, A.registered_on <= end).group_by(A.status, A.channel))
    with db.engine.connect() as c:
        found = {(status, channel): int(n) for status, channel, n in c.execute(query)}
    channels = sorted({ch for _s, ch in found})
    rows: list[tuple[Cell, ...]] = []
    for status in CaseStatus:
        counts = [found.get((status.value, ch), 0) for ch in channels]
        if any(counts):
            rows.append((status_label(status), *counts, sum(counts)))
    per_channel = [sum(n for (_s, c), n in found.items() if c == ch) for ch in channels]
    totals: tuple[Cell, ...] = (Text("Total"), *per_channel, sum(found.values()))
    return Table(Text("Applications by status and channel"),
                 (Text("Status"), *(channel_label(ch) for ch in channels), Text("Total")),
                 tuple(rows), totals, (start, end))


def assignments_by_month(db: Database, start: dt.date, end: dt.date) -> Table:
    """Per month: the head's decisions (assigned, refused, the monthly amounts assigned), the
    recalculations after a reported change, and the terminations, by the day they were taken."""
    month = func.strftime("%Y-%m", Dc.decided_on)
    final = Dc.stage == "final"
    assigned = and_(final, Dc.outcome == "assigned")
    refused = and_(final, Dc.outcome == "refused")
    terminated = and_(Dc.stage == "recalculation", Dc.outcome == "terminated")
    recalculated = and_(Dc.stage == "recalculation", Dc.outcome != "terminated")

    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((condition, 1), else_=0))

    query = (select(month, count(assigned), count(refused),
                    func.sum(case((assigned, Dc.monthly_amount), else_=0)),
                    count(recalculated), count(terminated))
             .where(Dc.stage.in_(("final", "recalculation")), Dc.decided_on >= start,
                    Dc.decided_on <= end)
             .group_by(month).order_by(month))
    with db.engine.connect() as c:
        found = [(str(m), [int(v or 0) for v in values]) for m, *values in c.execute(query)]
    rows = tuple((m, a, r, Money(t), rc, tm) for m, (a, r, t, rc, tm) in found)
    sums = [sum(values[i] for _m, values in found) for i in range(5)]
    totals = (Text("Total"), sums[0], sums[1], Money(sums[2]), sums[3], sums[4])
    return Table(Text("Assignments and amounts per month"),
                 (Text("Month"), Text("Assigned"), Text("Refused"),
                  Text("Amounts assigned a month"), Text("Recalculated"), Text("Terminated")),
                 rows, totals, (start, end))


def overdue_steps(db: Database, today: dt.date) -> Table:
    """Open cases whose awaited step (or the service) is past its due date."""
    due = func.coalesce(St.step_due, A.due_date)
    query = (select(A.registration_number, A.applicant_name, A.status, due, St.executor_name)
             .outerjoin(St, St.application_id == A.id)
             .where(A.status.not_in(_CLOSED), due < today).order_by(due))
    with db.engine.connect() as c:
        rows = tuple((number or "", name, status_label(status), day, executor or "",
                      (today - _date(day)).days)
                     for number, name, status, day, executor in c.execute(query))
    return Table(Text("Overdue steps"),
                 (Text("Registration number"), Text("Applicant"), Text("Status"),
                  Text("Due date"), Text("Responsible executor"), Text("Days overdue")),
                 rows, (Text("Total"), len(rows)))


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class Dashboard:
    open_cases: int
    overdue: int
    due_today: int
    assigned_this_month: int
    by_status: tuple[tuple[CaseStatus, int], ...] = field(default_factory=tuple)  # open cases
    terminated_this_month: int = 0


def dashboard(db: Database, today: dt.date) -> Dashboard:
    due = func.coalesce(St.step_due, A.due_date)
    is_open = A.status.not_in(_CLOSED)
    first = today.replace(day=1)
    with db.engine.connect() as c:
        open_, overdue, due_today = c.execute(
            select(func.count(), func.sum(case((due < today, 1), else_=0)),
                   func.sum(case((due == today, 1), else_=0)))
            .select_from(A).outerjoin(St, St.application_id == A.id).where(is_open)).one()
        this_month = and_(Dc.decided_on >= first, Dc.decided_on <= today)
        assigned = c.execute(select(func.count()).select_from(Dc).where(
            Dc.stage == "final", Dc.outcome == "assigned", this_month)).scalar_one()
        terminated = c.execute(select(func.count()).select_from(Dc).where(
            Dc.stage == "recalculation", Dc.outcome == "terminated", this_month)).scalar_one()
        counts = dict(c.execute(select(A.status, func.count()).where(is_open)
                                .group_by(A.status)).all())
    by_status = tuple((s, int(counts[s.value])) for s in CaseStatus if counts.get(s.value))
    return Dashboard(int(open_ or 0), int(overdue or 0), int(due_today or 0), int(assigned),
                     by_status, int(terminated))

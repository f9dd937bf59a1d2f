"""Reports over the database: applications by status and channel, assignments and amounts per
month, overdue steps, and the dashboard's counts. Each report is a ``Table`` of plain values
and ``Text`` labels, rendered in the reader's language when shown or exported.

Every report covers every service of the catalogue, or one (``service=``); the reports by
service put the services side by side: by status, by channel and by month of registration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, select

from desktop.domain.case_status import CLOSED_STATUSES, CaseStatus, channel_label, status_label
from desktop.domain.money import Money
from desktop.domain.text import Text
from desktop.storage.database import Database
from desktop.storage.models import AidProvisionRecord as Pv
from desktop.storage.models import ApplicationRecord as A
from desktop.storage.models import CaseStateRecord as St
from desktop.storage.models import DecisionRecord as Dc

__all__ = ["Cell", "Dashboard", "Table", "assignments_by_month", "by_service_and_channel",
           "by_service_and_month", "by_service_and_status", "by_status_and_channel",
           "dashboard", "overdue_steps", "service_title", "waiting_registers"]

Cell = str | int | Text | dt.date | Money | None
_CLOSED = [s.value for s in CLOSED_STATUSES | {CaseStatus.DRAFT}]


@dataclass(frozen=True)
class Table:
    title: Text
    headers: tuple[Text, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...] = ()
    period: tuple[dt.date, dt.date] | None = None


def service_title(code: str) -> Text:
    """The service's short title in the reader's language (its code, when unknown here)."""
    from desktop.catalog import UnknownServiceError, catalogue_index

    try:
        return Text("{title}", title=catalogue_index().get(code).short_title)
    except UnknownServiceError:
        return Text("{title}", title=code)


def service_status(status: CaseStatus | str, service: str | None) -> Text:
    """A status in the service's own words where its catalogue entry has them ("Документы
    оформлены" for a disability service's assignment), else the common label."""
    if service is not None:
        from desktop.catalog import UnknownServiceError, catalogue_index

        try:
            own = catalogue_index().get(service).status_labels.get(CaseStatus(status))
        except (UnknownServiceError, ValueError):
            own = None
        if own is not None:
            return Text("{title}", title=own)
    return status_label(status)


def _of(service: str | None) -> list[ColumnElement[bool]]:
    return [A.service == service] if service is not None else []


def by_status_and_channel(db: Database, start: dt.date, end: dt.date,
                          service: str | None = None) -> Table:
    """Applications registered in the period, by status (rows) and channel (columns)."""
    query = (select(A.status, A.channel, func.count()).where(
        A.registered_on >= start, A.registered_on <= end, *_of(service))
        .group_by(A.status, A.channel))
    with db.engine.connect() as c:
        found = {(status, channel): int(n) for status, channel, n in c.execute(query)}
    channels = sorted({ch for _s, ch in found})
    rows: list[tuple[Cell, ...]] = []
    for status in CaseStatus:
        counts = [found.get((status.value, ch), 0) for ch in channels]
        if any(counts):
            rows.append((service_status(status, service), *counts, sum(counts)))
    per_channel = [sum(n for (_s, c), n in found.items() if c == ch) for ch in channels]
    totals: tuple[Cell, ...] = (Text("Total"), *per_channel, sum(found.values()))
    return Table(Text("Applications by status and channel") if service is None else
                 Text("Applications by status and channel: {service}",
                      service=service_title(service)),
                 (Text("Status"), *(channel_label(ch) for ch in channels), Text("Total")),
                 tuple(rows), totals, (start, end))


def _by_service(db: Database, start: dt.date, end: dt.date, column: Any, title: Text,
                labels: Any, order: list[str] | None = None) -> Table:
    """Applications registered in the period: a row per service, a column per ``column``."""
    query = (select(A.service, column, func.count())
             .where(A.registered_on >= start, A.registered_on <= end)
             .group_by(A.service, column))
    with db.engine.connect() as c:
        found = {(str(code), str(value)): int(n) for code, value, n in c.execute(query)}
    values = [v for v in (order or []) if any(k[1] == v for k in found)] or \
        sorted({value for _code, value in found})
    codes = sorted({code for code, _value in found}, key=_service_order)
    rows = tuple((service_title(code), *(found.get((code, v), 0) for v in values),
                  sum(found.get((code, v), 0) for v in values)) for code in codes)
    totals: tuple[Cell, ...] = (Text("Total"), *(sum(found.get((c, v), 0) for c in codes)
                                                 for v in values), sum(found.values()))
    return Table(title, (Text("Service"), *(labels(v) for v in values), Text("Total")),
                 rows, totals, (start, end))


def _service_order(code: str) -> tuple[int, str]:
    from desktop.catalog import UnknownServiceError, catalogue_index

    try:
        return catalogue_index().get(code).order, code
    except UnknownServiceError:
        return 10_000, code


def by_service_and_status(db: Database, start: dt.date, end: dt.date) -> Table:
    """Applications registered in the period, by service (rows) and status (columns)."""
    return _by_service(db, start, end, A.status, Text("Applications by service and status"),
                       status_label, [s.value for s in CaseStatus])


def by_service_and_channel(db: Database, start: dt.date, end: dt.date) -> Table:
    """Applications registered in the period, by service (rows) and channel (columns)."""
    return _by_service(db, start, end, A.channel, Text("Applications by service and channel"),
                       channel_label)


def by_service_and_month(db: Database, start: dt.date, end: dt.date) -> Table:
    """Applications registered in the period, by service (rows) and month (columns)."""
    return _by_service(db, start, end, func.strftime("%Y-%m", A.registered_on),
                       Text("Applications by service and month"), str)


def assignments_by_month(db: Database, start: dt.date, end: dt.date,
                         service: str | None = None) -> Table:
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
    if service is not None:
        query = query.where(Dc.application_id.in_(select(A.id).where(A.service == service)))
    with db.engine.connect() as c:
        found = [(str(m), [int(v or 0) for v in values]) for m, *values in c.execute(query)]
    rows = tuple((m, a, r, Money(t), rc, tm) for m, (a, r, t, rc, tm) in found)
    sums = [sum(values[i] for _m, values in found) for i in range(5)]
    totals = (Text("Total"), sums[0], sums[1], Money(sums[2]), sums[3], sums[4])
    return Table(Text("Assignments and amounts per month"),
                 (Text("Month"), Text("Assigned"), Text("Refused"),
                  Text("Amounts assigned a month"), Text("Recalculated"), Text("Terminated")),
                 rows, totals, (start, end))


def overdue_steps(db: Database, today: dt.date, service: str | None = None) -> Table:
    """Open cases whose awaited step (or the service) is past its due date."""
    due = func.coalesce(St.step_due, A.due_date)
    query = (select(A.registration_number, A.applicant_name, A.status, due, St.executor_name,
                    A.service)
             .outerjoin(St, St.application_id == A.id)
             .where(A.status.not_in(_CLOSED), due < today, *_of(service)).order_by(due))
    with db.engine.connect() as c:
        rows = tuple((number or "", name, service_status(status, code), day, executor or "",
                      (today - _date(day)).days)
                     for number, name, status, day, executor, code in c.execute(query))
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


# who no longer waits: refused at intake or in the decision, withdrawn, terminated
_NOT_WAITING = [s.value for s in (CaseStatus.DRAFT, CaseStatus.REFUSED_INTAKE,
                                  CaseStatus.REFUSED, CaseStatus.WITHDRAWN,
                                  CaseStatus.TERMINATED)]


def waiting_registers(db: Database, start: dt.date, end: dt.date) -> list[Table]:
    """The register of who waits for what, one table per kind of aid (a service's
    ``queues``): the applications registered in the period that were neither refused nor
    withdrawn and whose aid has not been provided yet (``aid_provisions``), in the order of
    their registration (the queue), with the group and what was asked. A service with several
    queues puts each application in the one its kind of aid (``details.aid``) names."""
    from desktop.catalog import catalogue_index
    from desktop.domain.disability import GROUP_LABELS

    services = [s for s in catalogue_index() if s.queues]
    queue_ids = {s.code: [q.id for q in s.queues] for s in services}
    groups: dict[str, Cell] = {g.value: label for g, label in GROUP_LABELS.items()}
    statuses: dict[tuple[str, str], Text] = {}
    valid = func.json_valid(A.service_details)

    def detail(name: str) -> ColumnElement[Any]:  # malformed details read as none
        return case((valid, func.json_extract(A.service_details, f"$.{name}")), else_=None)

    query = (select(A.service, A.registration_number, A.registered_on, A.applicant_name,
                    A.applicant_iin, A.status, A.due_date, detail("aid"),
                    detail("disability_group"), detail("aids_requested"),
                    detail("hours_per_year"))
             .where(A.service.in_(list(queue_ids)), A.status.not_in(_NOT_WAITING),
                    A.registered_on >= start, A.registered_on <= end,
                    ~exists().where(Pv.application_id == A.id))
             .order_by(A.registered_at, A.registration_seq, A.registration_number))
    queued: dict[tuple[str, str], list[tuple[Cell, ...]]] = {}
    with db.engine.connect() as c:
        found = c.execute(query).all()
    for service, number, day, name, iin, status, due, aid, group, asked, hours in found:
        ids = queue_ids[service]
        queue = aid if aid in ids else ids[0]
        said = statuses.get((status, service))
        if said is None:
            said = statuses[(status, service)] = service_status(status, service)
        rows = queued.setdefault((service, queue), [])
        rows.append((len(rows) + 1, number or "", day, name, iin,
                     groups.get(str(group), ""), str(asked or hours or ""), said, due))
    tables = []
    for spec in services:
        for queue in spec.queues:
            rows = queued.get((spec.code, queue.id), [])
            tables.append(Table(
                Text("{title}", title=queue.title),
                (Text("No. in the queue"), Text("Registration number"),
                 Text("Registered on"), Text("Applicant"), Text("IIN"),
                 Text("Disability group"), Text("What is asked"), Text("Status"),
                 Text("Due date")),
                tuple(rows), (Text("Total"), len(rows)), (start, end)))
    return tables

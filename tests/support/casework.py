"""Case work at enrolled desks as the program does it: registration through the intake
service, every step through the case service, by the desk's operator or its accounts (the
district's head, executor and front desk). Imported by the sync tests of ownership."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.domain.assessment import AssistanceType, Outcome
from desktop.domain.decision import DecisionTerms
from desktop.domain.parameters import Parameters
from desktop.domain.quarters import Quarter
from desktop.domain.roles import Role
from desktop.parameters.store import load_parameters
from desktop.services.accounts import CurrentUser, create_account, workstation_user
from desktop.services.cases import CaseService
from desktop.services.intake import intake_context, new_session, register

DAY = dt.date(2026, 11, 20)  # a Friday
PERIOD = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
PASSWORD = "correct-horse-9"


def parameters(folder: Path) -> Parameters:
    """Invented poverty lines for the quarter of :data:`DAY` and the one before."""
    overlay = write_test_overlay(folder, "karaganda", [Quarter.of(DAY), Quarter.of(DAY).previous()])
    return load_parameters(overlay_dir=overlay)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 20, 5, 30, tzinfo=dt.UTC)  # 10:30 in Kazakhstan

    def __call__(self) -> dt.datetime:
        return self.now

    def next_day(self) -> None:
        self.now += dt.timedelta(days=1)


@dataclass
class Casework:
    """A desk (``conftest.Desk``) with its case service and the people who work at it."""

    desk: Any
    parameters: Parameters
    clock: Clock
    users: dict[str, CurrentUser] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cases = CaseService(self.desk.db, self.parameters, self.clock)
        operator = workstation_user(self.desk.db)
        assert operator is not None
        self.users["operator"] = operator
        if self.desk.kind == "district":
            head = create_account(self.desk.db, None, username="head", full_name="Басшы Тест",
                                  password=PASSWORD,
                                  roles=(Role.HEAD, Role.FRONT_DESK, Role.SECTOR_HEAD,
                                         Role.COMMISSION_MEMBER))
            self.users["head"] = head
            self.users["exec"] = create_account(
                self.desk.db, head, username="exec", full_name="Орындаушы Тест",
                password=PASSWORD, roles=(Role.EXECUTOR,))

    @property
    def operator(self) -> CurrentUser:
        return self.users["operator"]

    def register(self, seed: int = 0, size: int = 4, service: str = "asp") -> str:
        """A family registered at this desk, with its coupon; the application's id
        (``service``: of another service of the catalogue, its session marked with it)."""
        context = intake_context(self.desk.db, parameters=self.parameters)
        session = new_session(context, DAY)
        fill_family(session, size, seed=seed)
        session.service = service
        return register(context, session, "kk", now=self.clock()).application.application_id

    def assign(self, application_id: str, amount: int = 2_345_600) -> None:
        """The district's calculation and the head's decision to assign ``amount`` a month."""
        self.cases.prepare_draft(self.users["exec"], application_id)
        self.cases.decide(self.users["head"], application_id, DecisionTerms(
            Outcome.ASSIGNED, AssistanceType.UNCONDITIONAL, amount, *PERIOD))


def synced(*desks: Any) -> None:
    """Each desk syncs in turn; nothing is refused and nothing is in conflict."""
    for desk in desks:
        report = desk.sync()
        assert (desk.office_code, report.refused, report.conflicts) == \
            (desk.office_code, 0, 0), report


def server_record(database: str, table: str, record_id: str) -> tuple[int, Any] | None:
    """(version, data) of a live record on the district server."""
    with psycopg.connect(database) as connection:
        row = connection.execute(
            "SELECT version, data FROM records WHERE table_name = %s AND id = %s "
            "AND NOT deleted", (table, record_id)).fetchone()
    return (row[0], row[1]) if row else None


def refused_fields(db: Any) -> list[tuple[str, str, str]]:
    """(table, field, problem) of each record the server refused, as the desk keeps them."""
    with db.engine.connect() as c:
        return [tuple(row) for row in c.exec_driver_sql(
            "SELECT table_name, field, problem FROM sync_conflicts WHERE kind = 'refused'")]

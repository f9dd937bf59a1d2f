"""A district office and one of its akimats, with an account for every role, and cases (helpers)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.domain.assessment import AssistanceType, Outcome
from desktop.domain.case_path import Action
from desktop.domain.decision import DecisionTerms
from desktop.domain.model import Channel
from desktop.domain.parameters import Parameters
from desktop.domain.quarters import Quarter
from desktop.domain.roles import Role
from desktop.parameters.store import load_parameters
from desktop.services.accounts import CurrentUser, create_account
from desktop.services.cases import CaseService, ConclusionInput
from desktop.services.intake import IntakeContext, intake_context, new_session, register
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.database import Database
from desktop.storage.models import OfficeRecord

DAY = dt.date(2026, 11, 20)  # a Friday
DISTRICT = "Актогайский район"
PASSWORD = "correct-horse-9"
PERIOD = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))  # a decided case's assignment


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 20, 5, 30, tzinfo=dt.UTC)  # 10:30 in Kazakhstan

    def __call__(self) -> dt.datetime:
        return self.now

    def next_day(self, days: int = 1) -> None:
        self.now += dt.timedelta(days=days)


@dataclasses.dataclass
class World:
    db: Database
    context: IntakeContext
    cases: CaseService
    clock: Clock
    users: dict[str, CurrentUser]
    akimat_office_id: str

    def register(self, channel: Channel = Channel.DISTRICT_OFFICE, size: int = 4,
                 seed: int = 0) -> str:
        context = self.context
        if channel is Channel.AKIM:
            context = dataclasses.replace(
                context, channel=Channel.AKIM,
                office=dataclasses.replace(context.office, code="AKT-AK-02"))
        session = new_session(context, DAY)
        fill_family(session, size, seed=seed)
        result = register(context, session, "kk", now=self.clock())
        return result.application.application_id


def _setup() -> WorkstationSetup:
    return WorkstationSetup(
        region="Карагандинская область", district=DISTRICT, office_kind="district_office",
        office_name_kk="Ақтоғай ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
        office_name_ru="Отдел занятости и социальных программ Актогайского района",
        office_code="AKT-01", operator_full_name="Сейтқали Әлия Нұрланқызы",
        operator_position="бас маман")


ACCOUNTS: dict[str, tuple[str, tuple[Role, ...], bool]] = {
    "admin": ("Әкімші Тест", (Role.ADMINISTRATOR,), False),
    "head": ("Басшы Тест", (Role.HEAD,), False),
    "sector": ("Меңгеруші Тест", (Role.SECTOR_HEAD,), False),
    "exec": ("Орындаушы Бір", (Role.EXECUTOR,), False),
    "exec2": ("Орындаушы Екі", (Role.EXECUTOR,), False),
    "member": ("Комиссия Мүшесі", (Role.COMMISSION_MEMBER,), False),
    "desk": ("Қызметкер Тест", (Role.FRONT_DESK,), False),
    "akimat": ("Әкімдік Маманы", (Role.AKIMAT_SPECIALIST,), True),
    "akim-member": ("Ауыл Комиссиясы", (Role.COMMISSION_MEMBER,), True),
}


@pytest.fixture(scope="session")
def case_parameters(tmp_path_factory: pytest.TempPathFactory) -> Parameters:
    overlay = write_test_overlay(tmp_path_factory.mktemp("params"), "karaganda",
                                 [Quarter.of(DAY), Quarter.of(DAY).previous()])
    return load_parameters(overlay_dir=overlay)


@pytest.fixture
def world(db: Database, case_parameters: Parameters) -> World:
    save_setup(db, _setup())
    with db.session() as s:
        akimat = OfficeRecord(code="AKT-AK-02", kind="akimat", region="Карагандинская область",
                              district=DISTRICT, name_kk="Абай ауылы әкімінің аппараты",
                              name_ru="Аппарат акима села Абай")
        s.add(akimat)
        s.flush()
        akimat_id = akimat.id
    users: dict[str, CurrentUser] = {}
    for username, (name, roles, at_akimat) in ACCOUNTS.items():
        extra: dict[str, Any] = {"office_id": akimat_id} if at_akimat else {}
        users[username] = create_account(db, users.get("admin"), username=username,
                                         full_name=name, password=PASSWORD, roles=roles,
                                         **extra)
    parameters = case_parameters
    clock = Clock()
    return World(db, intake_context(db, parameters=parameters),
                 CaseService(db, parameters, clock), clock, users, akimat_id)


def decided(world: World, *, assign: bool = True, amount: int = 2_345_600,
            size: int = 4, seed: int = 0) -> str:
    c, u = world.cases, world.users
    app_id = world.register(size=size, seed=seed)
    c.visa(u["head"], app_id, u["exec"].account_id or "")
    c.step(u["exec"], app_id, Action.REFER_TO_COMMISSION)
    c.record_conclusion(u["member"], app_id, ConclusionInput(DAY, True, members_present=("А",)))
    c.prepare_draft(u["exec"], app_id)
    terms = DecisionTerms(Outcome.ASSIGNED, AssistanceType.UNCONDITIONAL, amount, *PERIOD) \
        if assign else DecisionTerms(Outcome.REFUSED, note="Тест негізі")
    c.decide(u["head"], app_id, terms)
    return app_id


def drawn_up(world: World, app_id: str, outcome: Outcome = Outcome.ASSIGNED) -> None:
    """A disability service's case (§11-15) taken to the head's decision: the visa, the
    executor's draft, and the documents drawn up until the end of 2027 (or refused)."""
    users = world.users
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    world.cases.prepare_draft(users["exec"], app_id)
    world.cases.decide(users["head"], app_id, DecisionTerms(
        Outcome.ASSIGNED, None, 0, DAY, dt.date(2027, 12, 31))
        if outcome is Outcome.ASSIGNED else DecisionTerms(outcome, note="нет ИПР"))

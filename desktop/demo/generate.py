"""Fill a database with generated applications, quickly enough for 100 000 (bulk inserts)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.catalog import ASP
from desktop.demo.families import FamilyFactory, Place
from desktop.demo.progress import Calendar, Progress, Weekdays, progress
from desktop.demo.routes import desk_end, route, step_to
from desktop.demo.services import (
    DisabilityRow,
    ServiceApplications,
    demo_day,
    demo_mix,
    pick_channel,
    service_decision,
)
from desktop.domain import model as m
from desktop.domain.case_deadlines import step_due
from desktop.domain.case_path import ASP_PATH, Action, CasePath
from desktop.domain.case_status import CLOSED_STATUSES
from desktop.domain.case_status import CaseStatus as S
from desktop.domain.parameters import Parameters
from desktop.storage import mapping
from desktop.storage.audit import append_audit
from desktop.storage.base import Base, utcnow
from desktop.storage.bulk import bulk_insert
from desktop.storage.database import Database
from desktop.storage.ids import new_id
from desktop.storage.ids import office_id as derived_office_id
from desktop.storage.models import (
    ApplicationRecord,
    CaseEventRecord,
    CaseStateRecord,
    DecisionRecord,
    DisabilityRecord,
    DocumentRecord,
    IncomeRecord,
    JournalEntryRecord,
    LandRecord,
    LivestockRecord,
    MemberRecord,
    OfficeRecord,
    StaffRecord,
)
from desktop.storage.registration import (
    RegistrationNumber,
    desk_number,
    reserve_registration_numbers,
)
from desktop.storage.settings import read_setting
from desktop.storage.textkeys import mend_lookalikes

__all__ = ["DEMO_OFFICE_CODE", "fill_demo"]

log = logging.getLogger(__name__)

DEMO_OFFICE_CODE = "DEMO-01"
DEMO_OPERATOR = "Демо Оператор"
UNEMPLOYED_REGISTRATION = "unemployed_registration"  # its decision is a certificate's "since"
BATCH = 2_000
REGION_CODES = {
    "Карагандинская область": "karaganda",
    "Северо-Казахстанская область": "north_kazakhstan",
}
_KZ_TZ = dt.timezone(dt.timedelta(hours=5))
# The step that led to a status (for the case events of a generated case).
_ACTION_TO = {
    S.VISA: Action.VISA, S.SENT_TO_COMMISSION: Action.REFER_TO_COMMISSION,
    S.COMMISSION_CONCLUDED: Action.RECORD_CONCLUSION, S.SENT_TO_DISTRICT: Action.SEND_TO_DISTRICT,
    S.RECEIVED_BY_DISTRICT: Action.RECEIVE_AT_DISTRICT, S.DRAFT_DECISION: Action.PREPARE_DRAFT,
    S.ASSIGNED: Action.ASSIGN, S.REFUSED: Action.REFUSE, S.SENT_TO_AKIM: Action.SEND_RESULT,
    S.WITHDRAWN: Action.WITHDRAW, S.TERMINATED: Action.TERMINATE,
}
_AFTER_VISA = frozenset(S) - {S.DRAFT, S.REGISTERED, S.REFUSED_INTAKE, S.SENT_TO_COMMISSION,
                              S.COMMISSION_CONCLUDED, S.SENT_TO_DISTRICT,
                              S.RECEIVED_BY_DISTRICT}


class _CachedCalendar:
    """The same answers, remembered: thousands of cases share their days."""

    def __init__(self, calendar: Calendar) -> None:
        self.add_working_days = cache(calendar.add_working_days)
        self.working_days_between = cache(calendar.working_days_between)


class _Timing:
    """The working-day calendar and deadline schedules, from the parameters when they load."""

    def __init__(self) -> None:
        self.parameters: Parameters | None
        try:
            from desktop.parameters.store import load_parameters

            self.parameters = load_parameters()
            self.calendar: Calendar = _CachedCalendar(self.parameters.calendar)
        except Exception:  # a demo is still made with weekdays and the usual terms
            self.parameters = None
            self.calendar = _CachedCalendar(Weekdays())
        self.service_due = cache(self._service_due)
        self.step_due = cache(self._step_due)

    def _schedule(self, day: dt.date):  # type: ignore[no-untyped-def]
        if self.parameters is None:
            return None
        from desktop.domain.rulesets import rule_set_for

        rule_set = rule_set_for(day, self.parameters.rule_sets)
        return self.parameters.deadlines.get(rule_set.deadline_schedule)

    def _service_schedule(self, code: str, received: dt.date):  # type: ignore[no-untyped-def]
        if code == ASP:
            return self._schedule(received)
        from desktop.services.service_paths import service

        return service(code).schedule()

    def _service_due(self, received: dt.date, channel: m.Channel,
                     code: str = ASP) -> dt.date | None:
        schedule = self._service_schedule(code, received)
        if schedule is None or self.parameters is None:
            return None
        from desktop.domain.deadlines import compute_deadlines

        try:
            return compute_deadlines(received, channel, schedule,
                                     self.parameters.calendar).service_due
        except Exception:
            return None

    def _step_due(self, status: S, channel: m.Channel, since: dt.date, received: dt.date,
                  service_due: dt.date | None, code: str = ASP) -> dt.date | None:
        if self.parameters is None:
            return None if status in CLOSED_STATUSES else service_due
        from desktop.services.service_paths import waiting

        calendar = self.parameters.calendar
        due = step_due(status, channel, since=since, accepted_on=calendar.acceptance_day(received),
                       service_due=service_due, schedule=self._service_schedule(code, received),
                       calendar=calendar, waiting=waiting(code))
        return due.due if due else None


def _localities(district: str) -> tuple[str, ...]:
    from desktop.services.workstation import reference_offices

    names = sorted(
        {mend_lookalikes(o.name_kk) for o in reference_offices() if o.district == district}
    )
    # "«Абай ауылы әкімі аппараты» мемлекеттік мекемесі" → a village name is enough for demo
    villages = tuple(
        (n.split("\"")[1] if "\"" in n else n).split(" ")[0].strip("«»\"") for n in names
    )
    return villages or ("Ақтоғай",)


def _office(session: Session, node: str) -> tuple[OfficeRecord, str]:
    """This workstation's office and operator, or a demo office made for the purpose."""
    office_id = read_setting(session, "workstation.office_id")
    staff_id = read_setting(session, "workstation.staff_id")
    office = session.get(OfficeRecord, office_id) if office_id else None
    if office is not None and staff_id:
        return office, staff_id
    office = session.execute(
        select(OfficeRecord).where(OfficeRecord.code == DEMO_OFFICE_CODE)
    ).scalar_one_or_none()
    if office is None:
        office = OfficeRecord(
            id=derived_office_id(DEMO_OFFICE_CODE), code=DEMO_OFFICE_CODE,
            kind="district_office", region="Карагандинская область",
            district="Актогайский район", locality="Ақтоғай",
            name_kk="Ақтоғай ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
            name_ru="Отдел занятости и социальных программ Актогайского района",
            origin_node=node,
        )
        session.add(office)
        session.flush()
    staff = session.execute(
        select(StaffRecord).where(StaffRecord.office_id == office.id)
    ).scalars().first()
    if staff is None:
        staff = StaffRecord(office_id=office.id, full_name=DEMO_OPERATOR, position="маман",
                            origin_node=node)
        session.add(staff)
        session.flush()
    return office, staff.id


def _working_day(day: dt.date) -> dt.date:
    """Applications are received on weekdays: a Saturday or Sunday moves to the Friday before."""
    return day - dt.timedelta(days=max(day.weekday() - 4, 0))


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _path(code: str) -> CasePath:
    if code == ASP:
        return ASP_PATH
    from desktop.services.service_paths import case_path

    return case_path(code)


def _event(common: dict[str, Any], app_id: str, app: m.Application, before: str, after: S,
           day: dt.date, executor: str, office_code: str) -> dict[str, Any] | None:
    """The case event of the step of the service's path that led from ``before`` to
    ``after`` (None when no step of the path leads there: a journal entry alone)."""
    step = step_to(_path(app.service), app.channel, S(before), after)
    action = step.action if step is not None else _ACTION_TO.get(after)
    if action is None:
        return None
    at = dt.datetime.combine(day, dt.time(10), _KZ_TZ).astimezone(dt.UTC)
    return {**common, "id": new_id(), "application_id": app_id, "action": action.value,
            "from_status": before, "to_status": after.value, "at": at, "on_date": day,
            "account_id": None, "actor_name": executor, "office_code": office_code,
            "note": "", "data": "{}"}


def _insert_batch(
    session: Session,
    office: OfficeRecord,
    staff_id: str,
    node: str,
    batch: list[tuple[m.Application, Progress, str]],
    timing: _Timing,
    executor: str,
    disabilities: Sequence[DisabilityRow] = (),
) -> None:
    apps: list[dict[str, Any]] = []
    rows: dict[type[Base], list[dict[str, Any]]] = defaultdict(list)
    # the registered applications by year and service: each service its own journal
    by_journal: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    now = utcnow()
    common = {"origin_node": node, "created_at": now, "updated_at": now, "version": 1}
    for app, state, note in batch:
        app_id = new_id()
        row = {
            **mapping.application_columns(app), **common, "id": app_id,
            "status": state.status.value, "office_id": office.id, "due_date": state.due_date,
        }
        if state.registered:
            received = app.application_date
            row["registered_on"] = received
            row["registered_at"] = dt.datetime.combine(
                received, state.registered_time, _KZ_TZ
            ).astimezone(dt.UTC)
            row["registered_by"] = staff_id
            by_journal[(received.year, app.service)].append(row)
        apps.append(row)
        for i, member in enumerate(app.members):
            rows[MemberRecord].append({**mapping.member_columns(member, i), **common,
                                       "id": member.member_id, "application_id": app_id})
        parts: tuple[tuple[type[Base], Sequence[Any], Callable[..., dict[str, Any]]], ...] = (
            (IncomeRecord, app.incomes, mapping.income_columns),
            (LivestockRecord, app.livestock, mapping.livestock_columns),
            (LandRecord, app.land, mapping.land_columns),
            (DocumentRecord, app.documents, mapping.document_columns),
        )
        for kind, items, columns in parts:
            for i, item in enumerate(items):
                rows[kind].append({**columns(item, i), **common, "id": new_id(),
                                   "application_id": app_id})
        previous: str | None = None
        for status, day in state.steps:
            at = dt.datetime.combine(day, dt.time(10), _KZ_TZ).astimezone(dt.UTC)
            rows[JournalEntryRecord].append({**common, "id": new_id(), "application_id": app_id,
                                             "at": at, "status": status.value,
                                             "previous_status": previous, "staff_id": staff_id,
                                             "note": ""})
            if previous is not None:
                event = _event(common, app_id, app, previous, status, day, executor,
                               office.code)
                if event is not None:
                    rows[CaseEventRecord].append(event)
            previous = status.value
        if state.registered and state.steps:
            _case_rows(rows, common, app_id, app, state, timing, executor, note)
    for disability in disabilities:
        rows[DisabilityRecord].append({**common, "id": new_id(), "office_code": office.code,
                                       **{k: getattr(disability, k) for k in (
                                           "person_iin", "person_name", "disability_group",
                                           "established_on", "valid_until",
                                           "programme_number", "programme_date",
                                           "programme_items")}})
    desk = desk_number(session, office.code)  # an enrolled desk numbers as its own desk
    for (year, code), registered in sorted(by_journal.items()):
        marker = _marker(code)
        first = reserve_registration_numbers(session, office.code, year, len(registered), desk,
                                             marker, code)
        for seq, row in enumerate(registered, start=first):
            number = RegistrationNumber(office.code, year, seq, desk, marker)
            row.update(registration_number=str(number), registration_year=year,
                       registration_seq=seq, family_registration_number=str(number))
    numbers = {row["id"]: row.get("registration_number") for row in apps}
    for decision in rows[DecisionRecord]:
        decision["number"] = numbers.get(decision["application_id"]) or ""
    bulk_insert(session, ApplicationRecord, apps)
    children: tuple[type[Base], ...] = (MemberRecord, IncomeRecord, LivestockRecord, LandRecord,
                                        DocumentRecord, JournalEntryRecord, CaseStateRecord,
                                        CaseEventRecord, DecisionRecord, DisabilityRecord)
    for child in children:
        bulk_insert(session, child, rows[child])


def _marker(code: str) -> str:
    if code == ASP:
        return ""
    from desktop.services.service_paths import marker

    return marker(code)


def _case_rows(rows: dict[type[Base], list[dict[str, Any]]], common: dict[str, Any],
               app_id: str, app: m.Application, state: Progress, timing: _Timing,
               executor: str, note: str = "") -> None:
    """The case's state, the head's decision and a termination (``note``: the grounds of a
    service's refusal)."""
    status, since = state.steps[-1]
    at = dt.datetime.combine(since, dt.time(10), _KZ_TZ).astimezone(dt.UTC)
    decision = state.decision
    rows[CaseStateRecord].append({
        **common, "id": new_id(), "application_id": app_id, "status": status.value,
        "status_since": at,
        "step_due": timing.step_due(status, app.channel, since, app.application_date,
                                    state.due_date, app.service),
        "executor_id": None,
        "executor_name": executor if any(s in _AFTER_VISA for s, _d in state.steps) else "",
        "assigned": bool(decision and decision.assigned)})
    if decision is None:
        return
    number = ""  # the registration number, filled once it is reserved
    # the head's decision only: a generated case has no calculation trace to keep as a draft
    asp = app.service == ASP  # АСП's kind of assistance and grounds; a service's its note
    rows[DecisionRecord].append({
        **common, "id": new_id(), "application_id": app_id, "stage": "final",
        "outcome": "assigned" if decision.assigned else "refused",
        "assistance_type": "unconditional" if decision.assigned and asp else None,
        "monthly_amount": decision.monthly_amount, "period_start": decision.period_start,
        "period_end": decision.period_end,
        "refusal_codes": "" if decision.assigned or not asp
        else m.RefusalCode.INCOME_ABOVE_LINE.value,
        "note": note, "number": number, "decided_on": decision.decided_on, "decided_by": None,
        "decided_by_name": executor, "per_capita_income": 0, "trace": "{}"})
    if state.recalculated is not None:
        day, amount = state.recalculated
        at = dt.datetime.combine(day, dt.time(11), _KZ_TZ).astimezone(dt.UTC)
        # income not taken into account: recalculated from the month of application
        # (art. 126 p.4), that is from the start of the period assigned
        start = decision.period_start or day.replace(day=1)
        change = {"kinds": ["income"], "change_date": day.isoformat(), "left": [],
                  "joined": [], "incomes": [{"member_id": app.applicant.member_id,
                                             "kind": "employment", "amount": amount * 3}]}
        for action, data in ((Action.REPORT_CHANGE, change),
                             (Action.RECALCULATE, {"outcome": "assigned",
                                                   "monthly_amount": amount,
                                                   "period_start": start.isoformat()})):
            rows[CaseEventRecord].append({
                **common, "id": new_id(), "application_id": app_id, "action": action.value,
                "from_status": S.DELIVERED.value, "to_status": S.DELIVERED.value, "at": at,
                "on_date": day, "account_id": None, "actor_name": executor,
                "office_code": "", "note": "", "data": json.dumps(data)})
        rows[DecisionRecord].append({
            **common, "id": new_id(), "created_at": common["created_at"]
            + dt.timedelta(seconds=1), "application_id": app_id, "stage": "recalculation",
            "outcome": "assigned", "assistance_type": "unconditional", "monthly_amount": amount,
            "period_start": start, "period_end": decision.period_end, "refusal_codes": "",
            "note": "", "number": number, "decided_on": day, "decided_by": None,
            "decided_by_name": executor, "per_capita_income": 0, "trace": "{}"})
    if state.terminated_on is not None:
        rows[DecisionRecord].append({
            **common, "id": new_id(), "created_at": common["created_at"]
            + dt.timedelta(seconds=1), "application_id": app_id, "stage": "recalculation",
            "outcome": "terminated", "assistance_type": None, "monthly_amount": 0,
            "period_start": state.terminated_on, "period_end": decision.period_end,
            "refusal_codes": "moved_away", "note": "", "number": number,
            "decided_on": state.terminated_on, "decided_by": None,
            "decided_by_name": executor, "per_capita_income": 0, "trace": "{}"})


def fill_demo(
    db: Database,
    count: int = 300,
    seed: int | None = None,
    *,
    today: dt.date | None = None,
    batch_size: int = BATCH,
    mix: Mapping[str, float] | None = None,
) -> int:
    """Insert ``count`` generated applications spread over the last two years; returns count.

    Generated people only: names from common Kazakh and Russian name lists, valid but random
    IINs, plausible incomes, farms, documents, statuses and registration numbers of this
    workstation's office (or of a demo office ``DEMO-01`` before setup). Each batch is one
    transaction; the registration counters advance as for real registrations, each service
    in its own journal. Cases go through the steps this office takes: at an akimat's desk up
    to "sent to the district office", with no decision of the district's.

    ``mix``: the share of each service by code (``desktop.demo.services.DEFAULT_MIX`` when
    None: every service of the catalogue taken at a desk, АСП and the child benefit most);
    ``{"asp": 1}`` makes АСП's applications alone.
    """
    rng = random.Random(seed)
    today = today or dt.date.today()
    with db.session() as session:
        office, staff_id = _office(session, db.node_id)
        used_iins = set(session.execute(select(MemberRecord.iin)).scalars())
    place = Place(
        office=m.Office(
            code=office.code,
            region=REGION_CODES.get(office.region, office.region),
            district=office.district,
            locality=office.locality,
            name=office.name_kk or office.name_ru,
        ),
        region=REGION_CODES.get(office.region, office.region),
        district=office.district,
        localities=_localities(office.district),
    )
    factory = FamilyFactory(rng, place, used_iins)
    timing = _Timing()
    with db.session() as session:
        staff = session.get(StaffRecord, staff_id)
        executor = staff.full_name if staff else DEMO_OPERATOR
    akimat = office.kind == "akimat"
    channels: tuple[m.Channel, ...] = (m.Channel.AKIM,)
    weights: tuple[int, ...] = (1,)
    # an akimat's desk takes the akimat's steps alone: its cases go as far as the district
    # office (whose visa, decision and notification its desk never writes: the district
    # server would refuse them)
    last: S | None = S.SENT_TO_DISTRICT
    if not akimat:
        last = None
        channels = (m.Channel.DISTRICT_OFFICE, m.Channel.AKIM, m.Channel.STATE_CORPORATION)
        weights = (60, 30, 10)
    maker = _service_maker(rng, factory, timing, office.district)
    shares = _shares(maker, mix, akimat, place)
    codes = list(shares)
    plan = sorted((demo_day(rng, maker.catalogue.get(code) if maker else None, today), code)
                  for code in rng.choices(codes, list(shares.values()), k=count))
    for chunk in _chunks(plan, max(batch_size, 1)):
        batch: list[tuple[m.Application, Progress, str]] = []
        disabilities: list[DisabilityRow] = []
        for received, code in chunk:
            if code == ASP or maker is None:
                channel = rng.choices(channels, weights)[0]
                family = factory.family(received, channel)
                batch.append((family, progress(
                    rng, channel, received, today, family_size=len(family.members),
                    service_due=timing.service_due(received, channel), calendar=timing.calendar,
                    last=last), ""))
                continue
            made = _service_case(maker, code, received, today, timing, akimat)
            batch.append(made[:3])
            if made[3] is not None:
                disabilities.append(made[3])
        with db.session() as session:
            _insert_batch(session, office, staff_id, db.node_id, batch, timing, executor,
                          disabilities)
    with db.session() as session:
        append_audit(session, action="demo.fill", table_name="applications", record_id="*",
                     actor_id=staff_id, node=db.node_id, changes={"count": (None, count)})
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    return count


def _service_maker(rng: random.Random, factory: FamilyFactory, timing: _Timing,
                   district: str) -> ServiceApplications | None:
    """The maker of the other services' applications (None: the catalogue does not load,
    and the demo makes АСП's alone)."""
    try:
        from desktop.catalog import catalogue_index

        index = catalogue_index()
    except Exception:  # a broken service file must not stop a demo of АСП
        log.warning("demo: the catalogue does not load; АСП's applications alone")
        return None
    return ServiceApplications(
        rng, factory, index,
        rule_sets=timing.parameters.rule_sets if timing.parameters else None,
        sources={"categories": lambda s: _categories(district, s.application_date)})


def _categories(district: str, day: dt.date) -> list[str]:
    """The categories of the maslikhat's decision in force for the district (none entered:
    none, and the maslikhat's assistance is left out of the demo)."""
    from desktop.services.district_decisions import category_choices

    return [code for code, _title in category_choices(district, day, "ru")]


def _shares(maker: ServiceApplications | None, mix: Mapping[str, float] | None, akimat: bool,
            place: Place) -> dict[str, float]:
    """The services the demo makes, by share: those whose applications can be answered
    (a service whose required choice has no values here, the maslikhat's categories before
    the district's decision is entered, is left out and the log says so)."""
    if maker is None:
        return {ASP: 1.0}
    shares = demo_mix(maker.catalogue, mix, akimat=akimat)
    probe = ServiceApplications(random.Random(0), FamilyFactory(
        random.Random(0), place, set(maker.factory.used)), maker.catalogue, maker.rule_sets,
        maker.sources)
    day = dt.date.today()
    for code in [c for c in shares if c != ASP]:
        service = maker.catalogue.get(code)
        channel = m.Channel.AKIM if akimat else service.channel_ids[0]
        on = day if service.available_on(day) else service.in_force.start
        try:
            _app, _disability, missing = probe.application(service, on, channel)
        except Exception as error:  # a form the answers cannot read
            missing = [type(error).__name__]
        if missing:
            log.info("demo: %s left out, no value for %s", code, ", ".join(missing))
            del shares[code]
    return shares or {ASP: 1.0}


def _service_case(maker: ServiceApplications, code: str, received: dt.date, today: dt.date,
                  timing: _Timing, akimat: bool
                  ) -> tuple[m.Application, Progress, str, DisabilityRow | None]:
    """One application of a service other than АСП, its case on the service's own path and
    the head's decision completed by what the service states."""
    rng = maker.rng
    service = maker.catalogue.get(code)
    person = None
    if maker.needs_registration(service):
        person = maker.registered_before(received)
        if person is None and UNEMPLOYED_REGISTRATION in maker.catalogue:
            service = maker.catalogue.get(UNEMPLOYED_REGISTRATION)  # register first
    channel = pick_channel(rng, service, akimat)
    app, disability, _missing = maker.application(service, received, channel, person)
    path = _path(service.code)
    statuses = route(path, channel)
    verdict = _verdict(service, app, timing)
    state = progress(
        rng, channel, received, today, family_size=len(app.members),
        service_due=timing.service_due(received, channel, service.code),
        calendar=timing.calendar, route=statuses,
        last=desk_end(path, channel, statuses) if akimat else None,
        withdrawable=frozenset(s for step in path.steps if step.action is Action.WITHDRAW
                               and channel in step.channels for s in step.sources),
        amounts=service.computes, changes=Action.TERMINATE in path.actions(),
        assigned=None if verdict is None else bool(verdict.assigned))
    note = ""
    if state.decision is not None:
        decision, note = service_decision(rng, service, state.decision, verdict)
        state = replace(state, decision=decision)
        if service.code == UNEMPLOYED_REGISTRATION and decision.assigned:
            maker.unemployed.append((decision.decided_on, app))
    return app, state, note, disability


def _verdict(service: Any, app: m.Application, timing: _Timing) -> Any:
    """What the service's rules decide on the application (None: it computes nothing, or the
    district's data it reads are not entered, and the demo draws the outcome)."""
    if not service.computes or timing.parameters is None:
        return None
    from desktop.services.service_rules import assess_application

    try:
        return assess_application(app, timing.parameters, check_documents=False)
    except Exception:
        return None

"""Demo data of every service of the catalogue: each registered application passes its own
service's checks (those the wizard runs before Register), its case stands where its own path
leads, its result is printable where decided, and a disability service's applicant has a
disability record."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.catalog import ASP, catalogue_index
from desktop.demo.families import FamilyFactory, Place
from desktop.demo.generate import fill_demo
from desktop.demo.routes import route, step_to
from desktop.demo.services import DEFAULT_MIX, ServiceApplications
from desktop.domain.case_status import CaseStatus
from desktop.domain.intake_session import IntakeSession
from desktop.domain.model import Application, Channel, Office
from desktop.domain.rulesets import rule_set_for
from desktop.formspec import load_all
from desktop.formspec.model import FormSpec
from desktop.services.district_decisions import add_decision
from desktop.services.intake import register_problems
from desktop.services.results import render_case_result, workstation_issuer
from desktop.services.service_forms import session_setup
from desktop.services.service_paths import case_path
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord
from desktop.storage.repositories.applications import get_application, load_application

TODAY = dt.date(2026, 11, 20)
DISTRICT = "Актогайский район"  # the demo office's district
TAKEN = [s.code for s in catalogue_index() if s.takes_applications]


@pytest.fixture
def maslikhat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The district's maslikhat decision, entered as the administrator does: without one the
    maslikhat's assistance has no category to apply for."""
    overlay = tmp_path / "overlay"
    monkeypatch.setenv("KOMEK_PARAMS_OVERLAY", str(overlay))
    written = add_decision({
        "district": DISTRICT, "number": "12/3", "date": dt.date(2015, 9, 1),
        "in_force": {"from": dt.date(2015, 9, 22), "to": None},
        "source": "Решение маслихата Актогайского района № 12/3",
        "categories": [
            {"id": "large_families", "title": {"kk": "Көпбалалы отбасылар",
                                               "ru": "Многодетные семьи"},
             "payment": "one_time", "amount": "20000"},
            {"id": "lonely_pensioners", "title": {"kk": "Жалғызілікті зейнеткерлер",
                                                  "ru": "Одинокие пенсионеры"},
             "payment": "one_time", "amount": "15000"}],
        "fuel": {"amount": "45000", "spheres": ["health", "education", "culture"]}}, overlay)
    assert isinstance(written, Path)
    return overlay


@cache
def _asp_forms() -> Mapping[str, FormSpec]:
    return load_all()


def wizard_problems(app: Application) -> list[str]:
    """What the wizard of the application's own service says before Register (empty: it
    registers): every field, table and document of its forms checked."""
    forms, setup = session_setup(app.service, app.channel, _asp_forms())
    session = IntakeSession.from_application(
        forms, app, rule_set_for(app.application_date).id, **setup)
    return [m.msgid for m in register_problems(session)] + [
        f"{key}: {p.code}" for key, found in session.problems.items() for p in found
        if not p.warning]


def journal_statuses(db: Database, application_id: str) -> list[str]:
    with db.engine.connect() as c:
        return list(c.exec_driver_sql(
            "SELECT status FROM journal_entries WHERE application_id = ? ORDER BY rowid",
            (application_id,)).scalars())


@pytest.fixture
def demo(db: Database, maslikhat: Path) -> Database:
    fill_demo(db, 360, seed=19, today=TODAY)
    return db


def test_every_service_taking_applications_is_in_a_modest_demo(demo: Database) -> None:
    with demo.engine.connect() as c:
        counts = dict(c.exec_driver_sql(
            "SELECT service, count(*) FROM applications GROUP BY service").fetchall())
        numbers = c.exec_driver_sql(
            "SELECT service, registration_number FROM applications "
            "WHERE registration_number IS NOT NULL").fetchall()
    assert set(counts) == set(TAKEN)
    # in a district's proportions: АСП most, then the child benefit
    ranked = sorted(counts, key=counts.__getitem__, reverse=True)
    assert ranked[:2] == [ASP, "child_benefit"]
    assert counts[ASP] > 0.3 * sum(counts.values())
    index = catalogue_index()
    for service, number in numbers:  # each service in its own journal, with its marker
        marker = index.get(service).marker
        assert (f"-{marker}-" in number) if marker else number.count("-") == 3


def test_each_application_passes_its_own_services_checks(demo: Database) -> None:
    with demo.session() as s:
        ids = list(s.query(ApplicationRecord.id, ApplicationRecord.service).filter(
            ApplicationRecord.registration_number.is_not(None)))
    checked: dict[str, int] = {}
    for application_id, service in ids:
        app = load_application(demo, application_id)
        assert wizard_problems(app) == [], (service, app.registration_number)
        checked[service] = checked.get(service, 0) + 1
    assert set(checked) == set(TAKEN)


def test_each_case_stands_where_its_own_path_leads(demo: Database) -> None:
    with demo.engine.connect() as c:
        rows = c.exec_driver_sql(
            "SELECT a.id, a.service, a.channel, a.status, s.status FROM applications a "
            "LEFT JOIN case_states s ON s.application_id = a.id "
            "WHERE a.registration_number IS NOT NULL").fetchall()
    statuses: dict[str, set[str]] = {}
    for application_id, service, channel, status, state in rows:
        path = case_path(service)
        walked = journal_statuses(demo, application_id)
        assert walked[0] == CaseStatus.REGISTERED and walked[-1] == status == state
        for before, after in itertools.pairwise(walked):
            assert step_to(path, Channel(channel), CaseStatus(before), CaseStatus(after)), (
                service, channel, before, after)
        statuses.setdefault(service, set()).add(status)
    for service in set(TAKEN) - {ASP}:  # every service has cases closed by its own steps
        assert "delivered" in statuses[service], service


def test_decided_cases_have_their_services_result(demo: Database) -> None:
    """A decided or issued case of each service prints its own result: the decision's
    period for a disability service, the person's programme items from the disability
    record, the day the applicant was registered as unemployed for a certificate."""
    printed: set[str] = set()
    with demo.session() as s:
        records = s.query(ApplicationRecord).filter(
            ApplicationRecord.service != ASP,
            ApplicationRecord.status == CaseStatus.DELIVERED.value).all()
        for record in records:
            if record.service in printed:
                continue
            issuer = workstation_issuer(s, record)
            pdf, heading = render_case_result(s, record, get_application(s, record.id), issuer,
                                              "kk", False, TODAY, None)
            assert pdf.startswith(b"%PDF") and heading.kk
            printed.add(record.service)
    assert printed == set(TAKEN) - {ASP}


def test_disability_services_applicants_have_their_record(demo: Database) -> None:
    disability = {s.code: {i.id for i in s.programme_items} for s in catalogue_index()
                  if s.takes_applications and s.programme_items}
    assert disability
    marks = ",".join("?" * len(disability))
    with demo.engine.connect() as c:
        rows = c.exec_driver_sql(
            "SELECT a.service, a.service_details, d.disability_group, d.programme_items "
            "FROM applications a LEFT JOIN disability_records d "
            f"ON d.person_iin = a.applicant_iin WHERE a.service IN ({marks})",
            tuple(disability)).fetchall()
    assert {service for service, *_ in rows} == set(disability)
    for service, details, group, items in rows:
        assert group == json.loads(details)["disability_group"]
        assert {e["item"] for e in json.loads(items)} <= disability[service]


def test_a_mix_names_the_services_exactly(db: Database) -> None:
    fill_demo(db, 60, seed=3, today=TODAY, mix={"asp": 1, "wheelchairs": 1})
    with db.engine.connect() as c:
        services = set(c.exec_driver_sql("SELECT service FROM applications").scalars())
    assert services == {"asp", "wheelchairs"}


def test_asps_route_is_read_from_its_path() -> None:
    from desktop.demo.progress import ROUTES
    from desktop.domain.case_path import ASP_PATH

    for channel, statuses in ROUTES.items():
        assert route(ASP_PATH, channel) == statuses


def test_the_default_mix_names_services_of_the_catalogue() -> None:
    assert set(DEFAULT_MIX) <= set(TAKEN)


_OFFICE = Office("DEMO-01", "karaganda", DISTRICT, "Ақтоғай", "демо")
_SERVICES = [catalogue_index().get(code) for code in TAKEN if code != ASP]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), service=st.sampled_from(_SERVICES),
       day=st.dates(dt.date(2016, 1, 4), TODAY), data=st.data())
def test_generated_applications_validate_whatever_the_seed(seed, service, day, data) -> None:
    """Over seeds, days and channels: what the demo answers in a service's wizard is what
    that wizard registers (the maslikhat's categories given as the district's)."""
    rng = random.Random(seed)
    place = Place(_OFFICE, "karaganda", DISTRICT, ("Ақтоғай", "Абай"))
    maker = ServiceApplications(rng, FamilyFactory(rng, place, set()), catalogue_index(),
                                sources={"categories": lambda s: ["large_families"]})
    channel = data.draw(st.sampled_from(service.channel_ids))
    if not service.in_force.covers(day):
        day = service.in_force.end or day
    app, record, missing = maker.application(service, day, channel)
    assert missing == []
    assert wizard_problems(app) == [], service.code
    if service.programme_items:
        assert record is not None and record.person_iin == app.applicant_member.iin

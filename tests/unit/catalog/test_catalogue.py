"""The shipped catalogue loads, every service in Kazakh and in Russian, and holds together."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from desktop import i18n
from desktop.catalog import ASP, ServiceStatus, catalogue, load_catalogue, load_index
from desktop.catalog.model import Quote, Service
from desktop.domain.case_status import CLOSED_STATUSES, CaseStatus
from desktop.domain.deadlines import STEP_NAMES, compute_deadlines
from desktop.domain.model import Channel
from desktop.domain.text import Text
from desktop.formspec.load import check_kazakh, check_russian
from desktop.formspec.model import LocalizedText

CATALOGUE = load_catalogue()
SERVICES = list(CATALOGUE)
TAKEN = [s for s in SERVICES if s.takes_applications]


def _texts(value: Any, where: str) -> Iterator[tuple[str, LocalizedText]]:
    """Every text in both languages anywhere inside a service's values."""
    if isinstance(value, LocalizedText):
        yield where, value
    elif isinstance(value, Quote):
        yield where, value.text
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{where}.{key}")


def test_the_catalogue_has_the_services_of_the_issue_and_those_not_taken_here():
    codes = {s.code for s in SERVICES}
    assert {ASP, "asp_certificate", "unemployed_registration", "unemployed_certificate",
            "employment_referral", "child_benefit", "local_assistance", "rural_fuel"} <= codes
    elsewhere = {s.code: s for s in CATALOGUE.not_provided()}
    assert set(elsewhere) == {"foreign_labour_permit", "kandas_status", "burial_payment",
                              "disability_benefit", "survivor_benefit"}
    for service in elsewhere.values():
        assert service.where is not None and not service.takes_applications


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.code)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_text_of_a_service_reads_in_both_languages(service: Service, lang: str):
    texts = list(_texts(service, service.code))
    assert texts, service.code
    for where, text in texts:
        value = text.text(lang)
        assert value.strip(), where
        assert not (check_kazakh(value) if lang == "kk" else check_russian(value)), where
    title = i18n.render(Text("{title}", title=service.short_title), lang)
    assert title == service.short_title.text(lang)


@pytest.mark.parametrize("service", TAKEN, ids=lambda s: s.code)
def test_a_service_taken_here_holds_together(service: Service):
    assert service.path is not None and service.channels
    forms = CATALOGUE.forms(service.code)
    for step in service.wizard:
        for form_id, page_id in step.pages:
            assert page_id in {p.id for p in forms[form_id].pages}
    for step in service.steps:
        assert step.id in STEP_NAMES
    for channel in service.channel_ids:
        leaves = {s for step in service.path.steps if channel in step.channels
                  for s in step.sources}
        assert CaseStatus.REGISTERED in leaves, (service.code, channel)
        targets = {step.target for step in service.path.steps if channel in step.channels}
        assert targets & CLOSED_STATUSES, (service.code, channel)
    assert service.results


@pytest.mark.parametrize("service", [s for s in TAKEN if not s.terms_from_schedule],
                         ids=lambda s: s.code)
def test_every_channel_of_a_service_has_terms_that_add_up(service: Service, calendar):
    schedule = service.schedule()
    assert schedule is not None
    for channel in service.channel_ids:
        deadlines = compute_deadlines(dt.date(2026, 3, 2), channel, schedule, calendar)
        assert deadlines.service_due >= deadlines.accepted_on


def test_the_numbers_of_two_services_never_share_a_marker():
    markers = [s.marker for s in TAKEN]
    assert len(markers) == len(set(markers))
    assert CATALOGUE.get(ASP).marker == ""  # АСП's numbers are as they always were
    assert CATALOGUE.by_marker("BS").code == "unemployed_certificate"
    assert CATALOGUE.by_marker("") is CATALOGUE.get(ASP)


def test_the_child_benefit_is_taken_until_it_joined_asp():
    child = CATALOGUE.get("child_benefit")
    assert child.available_on(dt.date(2016, 3, 1))
    assert child.available_on(dt.date(2017, 12, 31))
    assert not child.available_on(dt.date(2018, 1, 1))
    assert child.end is not None and "2018" in child.end.ru
    assert "child_benefit" not in {s.code for s in CATALOGUE.available_on(dt.date(2026, 3, 2))}


def test_a_regulation_repealed_since_is_carried_over_and_says_so():
    service = CATALOGUE.get("unemployed_certificate")
    assert service.regulation_on(dt.date(2016, 1, 10)) == (service.regulations[0], False)
    assert service.regulation_on(dt.date(2026, 3, 2)) == (service.regulations[0], True)
    assert service.regulation_on(dt.date(2010, 1, 1)) == (None, False)


def test_a_certificate_is_a_matter_of_minutes_and_valid_ten_working_days(calendar):
    service = CATALOGUE.get("unemployed_certificate")
    plan = service.schedule()
    assert plan is not None
    office = plan.channels[Channel.DISTRICT_OFFICE]
    assert sum(t.minutes for t in office.steps) == 10
    assert all(t.working_days == 0 for t in office.steps)
    # the ЦОН: 1 + 1 + 1 + 1 minutes, the office's 10, 1 to hand it over (services.md §2)
    assert sum(t.minutes for t in plan.channels[Channel.STATE_CORPORATION].steps) == 15
    assert service.result("certificate").validity_working_days == 10
    referral = CATALOGUE.get("employment_referral").schedule()
    assert referral is not None
    assert sum(t.minutes for t in referral.channels[Channel.DISTRICT_OFFICE].steps) == 30
    assert len(CATALOGUE.get("employment_referral").results) == 6


def test_the_index_reads_the_same_services_without_their_sheets():
    index = load_index()
    assert [s.code for s in index] == [s.code for s in SERVICES]
    assert index._forms == {}


def test_the_catalogue_is_loaded_once_and_kept(monkeypatch):
    catalogue.cache_clear()
    first = catalogue()
    assert catalogue() is first


def test_the_services_not_taken_here_say_where_in_both_languages():
    for service in CATALOGUE.not_provided():
        assert service.status is ServiceStatus.NOT_PROVIDED
        where = service.where.text if isinstance(service.where, Quote) else service.where
        assert where is not None and where.kk and where.ru

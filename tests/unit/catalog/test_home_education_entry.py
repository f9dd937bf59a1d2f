"""Home education of children with disabilities (services.md §8) as catalogue data: the 2015
regulation (seed 002, KZ 2393-2711, RU 8426-8734) and its 2018 successor (seed 000 lines
185-296), each in force for its span; the documents of item 4; the terms of items 5, 8 and 9
(Σ 9 wd + 3 h at the office); the notification and the reasoned refusal."""

from __future__ import annotations

import datetime as dt

from desktop.catalog import load_catalogue
from desktop.catalog.model import ResultKind
from desktop.domain.model import Channel, DocumentKind

SERVICE = load_catalogue().get("home_education")


def test_each_regulation_applies_in_its_span_and_is_carried_over_after_it():
    first, second = SERVICE.regulations
    assert (first.id, first.in_force.start, first.in_force.end) == (
        "nko-2015", dt.date(2015, 9, 22), dt.date(2016, 6, 5))  # seed 002 lines 3, 5983
    assert (second.id, second.in_force.start, second.in_force.end) == (
        "kzo-2018", dt.date(2018, 5, 4), dt.date(2020, 2, 16))  # seed 000 lines 7, 9, 25
    assert SERVICE.regulation_on(dt.date(2016, 2, 10)) == (first, False)
    assert SERVICE.regulation_on(dt.date(2017, 3, 1)) == (first, True)
    assert SERVICE.regulation_on(dt.date(2019, 1, 15)) == (second, False)
    assert SERVICE.regulation_on(dt.date(2026, 12, 7)) == (second, True)
    assert SERVICE.available_on(dt.date(2026, 12, 7))


def test_the_documents_of_item_4_and_the_channels_of_item_1():
    assert [d.id for d in SERVICE.documents] == [
        DocumentKind.APPLICATION, DocumentKind.IDENTITY_DOCUMENT,
        DocumentKind.RESIDENCE_REGISTRATION, DocumentKind.PMPK_CONCLUSION,
        DocumentKind.DISABILITY_CERTIFICATE, DocumentKind.BANK_ACCOUNT_DOCUMENT,
        DocumentKind.HOME_EDUCATION_CERTIFICATE]
    assert set(SERVICE.channel_ids) == {Channel.STATE_CORPORATION, Channel.DISTRICT_OFFICE}


def test_the_terms_add_up_per_channel():
    plan = SERVICE.schedule()
    assert plan is not None
    office = plan.channels[Channel.DISTRICT_OFFICE]
    assert sum(t.working_days for t in office.steps) == 9  # 1 + 7 + 1
    assert sum(t.minutes for t in office.steps) == 180  # 30 min + 2 h + 30 min
    centre = plan.channels[Channel.STATE_CORPORATION]
    assert sum(t.working_days for t in centre.steps) == 9  # courier 1 + 1 + 6 + 1
    assert sum(t.minutes for t in centre.steps) == 15 + 15 + 30 + 120 + 30 + 20


def test_the_results_are_the_notification_and_the_reasoned_refusal():
    kinds = [(r.id, r.kind) for r in SERVICE.results]
    assert kinds == [("notification", ResultKind.NOTIFICATION),
                     ("refusal", ResultKind.REASONED_REFUSAL)]
    assert SERVICE.rules == "home_education"

"""Deciding an application by its service's rules looks the service up in the catalogue's
index: the wizard's live calculation runs it on a page switch, and reading every sheet of every
service there (the whole catalogue, over half a second) would stall the first switch."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.catalog import catalogue
from desktop.domain.issues import InvalidApplicationError
from desktop.domain.model import Relationship
from desktop.services.service_rules import assess_application
from tests.support.domain_factories import application, member, parameters


@pytest.mark.parametrize(("service", "code"), [("unemployed_registration", "service.no_rules"),
                                                ("no_such_service", "service.unknown")])
def test_the_rules_are_found_without_reading_every_sheet(service: str, code: str):
    day = dt.date(2026, 3, 2)
    applicant = member("m1", Relationship.APPLICANT, dt.date(1988, 4, 2))
    catalogue.cache_clear()

    with pytest.raises(InvalidApplicationError) as raised:
        assess_application(application([applicant], day, service=service), parameters())

    assert [issue.code for issue in raised.value.issues] == [code]
    assert catalogue.cache_info().currsize == 0, "the whole catalogue was read"

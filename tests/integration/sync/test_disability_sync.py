"""A person's disability entered at an akimat reaches the district, which reads it for the
next service; no other akimat sees it; a forged group is refused by the server with its
reason, and everything else keeps flowing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop.demo.intake_family import applicant_values, people
from desktop.domain.disability import Disability, DisabilityGroup, ProgrammeEntry, Unit
from desktop.services.disabilities import disability_of, save_disability
from tests.support.casework import refused_fields

pytestmark = pytest.mark.postgres

TODAY = dt.date(2026, 11, 20)


def _iin(seed: int) -> str:
    return applicant_values(people(1, TODAY, seed)[0])["applicant_iin"]


def _disability(iin: str) -> Disability:
    return Disability(iin, DisabilityGroup.GROUP_1, dt.date(2025, 3, 1), None, "ИПР-5",
                      dt.date(2025, 3, 5),
                      (ProgrammeEntry("sign_language", Decimal(60), Unit.HOURS_PER_YEAR),))


def test_a_disability_entered_at_an_akimat_is_read_at_the_district_and_nowhere_else(
        server, desks, held_by):
    north, south = desks("AKT-05"), desks("AKT-07")
    district = desks("AUD-01", "district")
    for desk in (north, south, district):
        desk.enrol(server)
    iin = _iin(0)
    save_disability(north.db, _disability(iin), office_code="AKT-05", today=TODAY)
    report = north.sync()
    assert (report.refused, report.conflicts) == (0, 0)
    district.sync()
    south.sync()
    assert disability_of(district.db, iin) == _disability(iin)
    assert disability_of(south.db, iin) is None
    assert not any(table == "disability_records" for table, _id in held_by(south))


def test_a_forged_group_is_refused_and_the_rest_flows(server, desks, held_by):
    north = desks("AKT-05")
    north.enrol(server)
    good, bad = _iin(1), _iin(2)
    save_disability(north.db, _disability(good), office_code="AKT-05", today=TODAY)
    save_disability(north.db, _disability(bad), office_code="AKT-05", today=TODAY)
    with north.db.engine.begin() as c:  # as a tampered desk would send it
        c.exec_driver_sql("UPDATE disability_records SET disability_group = 'group_9' "
                          "WHERE person_iin = ?", (bad,))
    report = north.sync()
    assert report.refused == 1 and report.accepted > 0
    assert refused_fields(north.db) == [("disability_records", "disability_group", "choice")]

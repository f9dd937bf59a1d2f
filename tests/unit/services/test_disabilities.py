"""A person's disability is entered once and read back by IIN for every later service: its
group, its term and the rehabilitation programme's items; bad input is refused by field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop.demo.intake_family import applicant_values, people
from desktop.domain.disability import Disability, DisabilityGroup, ProgrammeEntry, Unit
from desktop.services.disabilities import (
    DisabilityError,
    disability_of,
    programme_items,
    save_disability,
)
from desktop.storage.models import AuditRecord

TODAY = dt.date(2026, 11, 20)


def _person_iin(seed: int = 0) -> str:
    return applicant_values(people(1, TODAY, seed)[0])["applicant_iin"]


def _disability(person: str, **changes) -> Disability:
    values = dict(
        iin=person, group=DisabilityGroup.GROUP_1, established_on=dt.date(2025, 3, 1),
        until=dt.date(2027, 3, 1), programme_number="ИПР-17", programme_date=dt.date(2025, 3, 5),
        entries=(ProgrammeEntry("wheelchair_room", Decimal(1), Unit.PIECES,
                                dt.date(2026, 12, 31)),
                 ProgrammeEntry("personal_assistant", Decimal(960), Unit.HOURS_PER_YEAR)))
    values.update(changes)
    return Disability(**values)


def test_the_disability_is_read_back_for_the_next_service(context):
    db = context.db
    iin = _person_iin()
    assert disability_of(db, iin) is None
    save_disability(db, _disability(iin), office_code="AKT-01", person_name="Тест Тестов",
                    today=TODAY)
    found = disability_of(db, iin)
    assert found == _disability(iin)
    assert found.in_force_on(TODAY) and not found.in_force_on(dt.date(2027, 3, 2))
    assert [e.quantity for e in found.entries_of({"personal_assistant"})] == [Decimal(960)]
    # saved again: the same row, changed; the audit names the fields and never the values
    save_disability(db, _disability(iin, group=DisabilityGroup.GROUP_2, until=None),
                    office_code="AKT-01", today=TODAY)
    assert disability_of(db, iin).group is DisabilityGroup.GROUP_2
    assert disability_of(db, iin).until is None
    with db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM disability_records").scalar() == 1
    with db.session() as session:
        audit = session.query(AuditRecord).filter_by(action="disability.save").all()
        assert len(audit) == 2
        assert all(iin not in (row.fields or "") and "960" not in (row.fields or "")
                   for row in audit)


@pytest.mark.parametrize(("changes", "field"), [
    ({"iin": "123456789012"}, "iin"),
    ({"established_on": TODAY + dt.timedelta(days=1)}, "established_on"),
    ({"until": dt.date(2024, 1, 1)}, "until"),
    ({"entries": (ProgrammeEntry("a_spaceship", Decimal(1), Unit.PIECES),)}, "entries[0].item"),
    ({"entries": (ProgrammeEntry("wheelchair_room", Decimal(0), Unit.PIECES),)},
     "entries[0].quantity"),
    ({"entries": (ProgrammeEntry("wheelchair_room", Decimal(1), Unit.PIECES,
                                 dt.date(2020, 1, 1)),)}, "entries[0].until"),
])
def test_what_cannot_be_saved_is_said_at_its_field(context, changes, field):
    with pytest.raises(DisabilityError) as raised:
        save_disability(context.db, _disability(_person_iin(1), **changes),
                        office_code="AKT-01", today=TODAY)
    assert field in raised.value.problems
    assert disability_of(context.db, _person_iin(1)) is None


def test_the_programme_items_are_the_catalogues_with_their_units():
    items = {i.id: i for i in programme_items()}
    assert items["sign_language"].unit is Unit.HOURS_PER_YEAR
    assert items["sign_language"].service == "personal_assistant"
    assert items["wheelchair_street"].unit is Unit.PIECES
    assert items["sanatorium_treatment"].unit is Unit.VOUCHERS

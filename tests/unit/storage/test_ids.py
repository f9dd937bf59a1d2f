"""UUIDv7 ids: layout, order and embedded time; office ids derived from the code."""

from __future__ import annotations

import datetime as dt
import uuid

from desktop.storage.ids import OFFICE_NAMESPACE, new_id, office_id, uuid7, uuid7_time


def test_new_id_is_a_36_character_uuid_version_7_rfc_variant() -> None:
    value = new_id()
    parsed = uuid.UUID(value)
    assert len(value) == 36 and str(parsed) == value
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122


def test_ids_made_in_a_burst_are_unique_and_strictly_increasing() -> None:
    ids = [new_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


def test_the_time_in_the_id_is_now() -> None:
    made = uuid7_time(new_id())
    assert abs(made - dt.datetime.now(dt.UTC)) < dt.timedelta(seconds=5)


def test_a_given_millisecond_is_encoded_in_the_first_48_bits() -> None:
    ms = 1_798_761_600_000  # 2027-01-01T00:00:00Z
    value = uuid7(ms)
    assert value.int >> 80 >= ms  # never earlier (the counter may borrow a millisecond)
    assert value.version == 7


def test_a_clock_step_back_does_not_break_the_order() -> None:
    later = uuid7()
    earlier_clock = uuid7(1_000)
    assert earlier_clock.int > later.int


def test_an_office_id_is_the_same_wherever_it_is_made_and_differs_per_code() -> None:
    made = office_id("AKT-05")
    assert made == office_id("AKT-05") == str(uuid.uuid5(OFFICE_NAMESPACE, "AKT-05"))
    assert uuid.UUID(made).version == 5 and len(made) == 36
    assert office_id("AKT-06") != made
    # fixed for ever: desks of different releases must derive the same id
    assert made == "df485d51-223f-5084-a1d7-f7818cf39acd"

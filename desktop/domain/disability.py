"""A person's disability as the district office keeps it: entered once, reused by every service.

The disability services of the catalogue (seed 002, services.md §11-15) all rest on the
person's disability group and on the individual rehabilitation programme (ИПР / мүгедекті
оңалтудың жеке бағдарламасы, ОЖБ) the medical-social expertise drew up: what it prescribes
(a wheelchair, hearing aids, diapers, the hours of an individual assistant or of a
sign-language specialist a year, a sanatorium voucher), how many, and by when. The desk keeps
them per person (by IIN) so that the second service's application does not ask them again.

Pure Python: the storage keeps a ``Disability`` as a row, the wizard prefills its group from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from desktop.domain.iin import check_iin
from desktop.domain.text import Text

__all__ = [
    "Disability",
    "DisabilityGroup",
    "ProgrammeEntry",
    "Unit",
    "disability_problems",
    "entries_from_json",
    "entries_to_json",
]

MAX_ENTRIES = 50  # items of one programme; more is a typing loop, not a programme
MAX_QUANTITY = Decimal(10_000)  # hours a year are at most 8 784; pieces far fewer


class DisabilityGroup(StrEnum):
    """The group the medical-social expertise established (the form's "инвалидность")."""

    GROUP_1 = "group_1"
    GROUP_2 = "group_2"
    GROUP_3 = "group_3"
    CHILD = "child"  # a child with a disability (under 16 or 18, by the expertise)
    NONE = "none"  # no disability: a war veteran applying for prosthetic aid (§11)


GROUP_LABELS: Mapping[DisabilityGroup, Text] = {
    DisabilityGroup.GROUP_1: Text("Group I"),
    DisabilityGroup.GROUP_2: Text("Group II"),
    DisabilityGroup.GROUP_3: Text("Group III"),
    DisabilityGroup.CHILD: Text("Child with a disability"),
    DisabilityGroup.NONE: Text("No disability"),
}


class Unit(StrEnum):
    """What a programme item's quantity counts."""

    PIECES = "pieces"  # a wheelchair, hearing aids, a prosthesis
    HOURS_PER_YEAR = "hours_per_year"  # an individual assistant, a sign-language specialist
    PER_DAY = "per_day"  # diapers, urinals a day
    VOUCHERS = "vouchers"  # sanatorium treatment


UNIT_LABELS: Mapping[Unit, Text] = {
    Unit.PIECES: Text("pcs."),
    Unit.HOURS_PER_YEAR: Text("hours a year"),
    Unit.PER_DAY: Text("a day"),
    Unit.VOUCHERS: Text("vouchers"),
}


@dataclass(frozen=True, slots=True)
class ProgrammeEntry:
    """One item the programme prescribes: a ``programme_items`` id of a service, how many,
    and until when (the programme's term for it; None: the programme's own term)."""

    item: str
    quantity: Decimal
    unit: Unit
    until: dt.date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Disability:
    """A person's disability group, its term and the rehabilitation programme."""

    iin: str
    group: DisabilityGroup
    established_on: dt.date | None = None
    until: dt.date | None = None  # None: without a term of re-examination (бессрочно)
    programme_number: str = ""
    programme_date: dt.date | None = None
    entries: tuple[ProgrammeEntry, ...] = field(default_factory=tuple)

    def in_force_on(self, day: dt.date) -> bool:
        started = self.established_on is None or self.established_on <= day
        return started and (self.until is None or day <= self.until)

    def entries_of(self, items: Collection[str]) -> tuple[ProgrammeEntry, ...]:
        """The programme's entries a service provides (its ``programme_items`` ids)."""
        return tuple(e for e in self.entries if e.item in items)


def disability_problems(disability: Disability, known_items: Collection[str],
                        today: dt.date) -> dict[str, Text]:
    """What is wrong with a disability as entered, by field (``entries[2].quantity`` for an
    entry's), in the user's words; empty when it may be saved."""
    problems: dict[str, Text] = {}
    checked = check_iin(disability.iin)
    if not checked.valid:
        problems["iin"] = next(i.message for i in checked.issues)
    if disability.established_on is not None and disability.established_on > today:
        problems["established_on"] = Text("The date cannot be later than today.")
    if disability.until is not None and disability.established_on is not None \
            and disability.until < disability.established_on:
        problems["until"] = Text("The term ends before the disability was established.")
    if disability.programme_date is not None and disability.programme_date > today:
        problems["programme_date"] = Text("The date cannot be later than today.")
    if len(disability.programme_number) > 64:
        problems["programme_number"] = Text("At most {count} characters.", count=64)
    if len(disability.entries) > MAX_ENTRIES:
        problems["entries"] = Text("At most {n} items.", n=MAX_ENTRIES)
    for i, entry in enumerate(disability.entries[:MAX_ENTRIES]):
        if entry.item not in known_items:
            problems[f"entries[{i}].item"] = Text("Choose the item from the list.")
        if not (0 < entry.quantity <= MAX_QUANTITY):
            problems[f"entries[{i}].quantity"] = Text(
                "Enter a quantity greater than 0 and at most {n}.", n=int(MAX_QUANTITY))
        if entry.until is not None and disability.programme_date is not None \
                and entry.until < disability.programme_date:
            problems[f"entries[{i}].until"] = Text(
                "The term ends before the programme was drawn up.")
        if len(entry.note) > 300:
            problems[f"entries[{i}].note"] = Text("At most {count} characters.", count=300)
    return problems


def entries_to_json(entries: Sequence[ProgrammeEntry]) -> list[dict[str, Any]]:
    return [{"item": e.item, "quantity": str(e.quantity), "unit": e.unit.value,
             "until": e.until.isoformat() if e.until else None, "note": e.note}
            for e in entries]


def entries_from_json(raw: object) -> tuple[ProgrammeEntry, ...]:
    """The entries as stored (a JSON array); an entry that does not read is left out."""
    if not isinstance(raw, list):
        return ()
    found = []
    for item in raw[:MAX_ENTRIES]:
        if not isinstance(item, Mapping):
            continue
        try:
            until = item.get("until")
            found.append(ProgrammeEntry(
                item=str(item["item"]), quantity=Decimal(str(item["quantity"])),
                unit=Unit(str(item.get("unit") or Unit.PIECES.value)),
                until=dt.date.fromisoformat(str(until)) if until else None,
                note=str(item.get("note") or "")))
        except (KeyError, ValueError, InvalidOperation):
            continue
    return tuple(found)

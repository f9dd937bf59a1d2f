"""A person's disability and rehabilitation programme: entered once, read by every service.

``save_disability`` checks what was typed (``desktop.domain.disability``), keeps it as the
person's row of this office (one per person and office; a second save updates it) and writes
who changed it to the audit log (the fields, never the values: a group or a programme is health
data). ``disability_of`` reads the person's most recent row, whichever office of the district
entered it; the wizard of a disability service prefills the group and the hours from it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.disability import (
    GROUP_LABELS,
    Disability,
    DisabilityGroup,
    Unit,
    disability_problems,
    entries_from_json,
    entries_to_json,
)
from desktop.domain.text import Text
from desktop.formspec.model import LocalizedText
from desktop.services.accounts import CurrentUser, workstation_user
from desktop.storage.audit import append_audit
from desktop.storage.database import Database
from desktop.storage.models import DisabilityRecord

__all__ = ["DisabilityError", "ProgrammeItemChoice", "disability_in", "disability_of",
           "known_values", "member_values", "on_record",
           "programme_items", "save_disability"]

# the unit a programme item's quantity counts in, by the item's id in the catalogue; the rest
# count pieces
UNITS: Mapping[str, Unit] = {
    "personal_assistant": Unit.HOURS_PER_YEAR,
    "sign_language": Unit.HOURS_PER_YEAR,
    "hygiene_aids": Unit.PER_DAY,
    "sanatorium_treatment": Unit.VOUCHERS,
}


class DisabilityError(ValueError):
    """What was typed cannot be saved; ``problems`` by field, in the user's words."""

    def __init__(self, problems: Mapping[str, Text]) -> None:
        super().__init__("; ".join(sorted(problems)))
        self.problems = dict(problems)


@dataclass(frozen=True, slots=True)
class ProgrammeItemChoice:
    """An item a rehabilitation programme may prescribe, and the service that provides it."""

    id: str
    title: LocalizedText
    service: str
    service_title: LocalizedText
    unit: Unit


@cache
def programme_items() -> tuple[ProgrammeItemChoice, ...]:
    """Every ``programme_items`` entry of the catalogue's services, in the catalogue's order."""
    from desktop.catalog import catalogue_index

    found: dict[str, ProgrammeItemChoice] = {}
    for service in catalogue_index():
        for item in service.programme_items:
            found.setdefault(item.id, ProgrammeItemChoice(
                item.id, item.title, service.code, service.short_title,
                UNITS.get(item.id, Unit.PIECES)))
    return tuple(found.values())


def _disability(row: DisabilityRecord) -> Disability:
    try:
        items = json.loads(row.programme_items or "[]")
    except ValueError:
        items = []
    return Disability(
        iin=row.person_iin, group=DisabilityGroup(row.disability_group),
        established_on=row.established_on, until=row.valid_until,
        programme_number=row.programme_number, programme_date=row.programme_date,
        entries=entries_from_json(items))


def disability_in(session: Session, iin: str) -> Disability | None:
    """The person's disability as last entered at any office of the district, or None."""
    iin = iin.strip()
    if len(iin) != 12:
        return None
    row = session.execute(
        select(DisabilityRecord).where(DisabilityRecord.person_iin == iin)
        .order_by(DisabilityRecord.updated_at.desc()).limit(1)).scalar_one_or_none()
    return _disability(row) if row is not None else None


def disability_of(db: Database, iin: str) -> Disability | None:
    """The person's disability as last entered at any office of the district, or None."""
    with db.session() as session:
        return disability_in(session, iin)


def save_disability(db: Database, disability: Disability, *, office_code: str,
                    person_name: str = "", user: CurrentUser | None = None,
                    today: dt.date | None = None) -> None:
    """Check and keep the person's disability for this office; raises ``DisabilityError``.
    ``user``: who saves it (the workstation's operator when no one is logged in)."""
    today = today or dt.date.today()
    problems = disability_problems(disability, {i.id for i in programme_items()}, today)
    if problems:
        raise DisabilityError(problems)
    values = {
        "person_name": " ".join(person_name.split())[:300],
        "disability_group": disability.group.value,
        "established_on": disability.established_on,
        "valid_until": disability.until,
        "programme_number": disability.programme_number.strip(),
        "programme_date": disability.programme_date,
        "programme_items": json.dumps(entries_to_json(disability.entries), ensure_ascii=False),
    }
    user = user or workstation_user(db)
    with db.session() as session:
        row = session.execute(select(DisabilityRecord).where(
            DisabilityRecord.person_iin == disability.iin,
            DisabilityRecord.office_code == office_code)).scalars().first()
        if row is None:
            row = DisabilityRecord(office_code=office_code, person_iin=disability.iin,
                                   origin_node=db.node_id or None, **values)
            session.add(row)
            session.flush()
            changed = sorted(values)
        else:
            changed = sorted(k for k, v in values.items() if getattr(row, k) != v)
            for key in changed:
                setattr(row, key, values[key])
        if changed:
            append_audit(session, action="disability.save", table_name="disability_records",
                         record_id=row.id, actor_id=user.actor_id if user else None,
                         node=db.node_id, fields=changed)


def known_values(db: Database, iin: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The wizard's fields the person's disability fills (``IntakeSession.person_facts``):
    the group and its term, and for an assistant or a sign-language specialist (the
    application's kind of aid) the hours a year the programme gives."""
    disability = disability_of(db, iin)
    if disability is None:
        return {}
    found: dict[str, Any] = {"disability_group": disability.group.value}
    if disability.until is not None:  # as the wizard's date fields hold a date typed
        found["disability_until"] = disability.until.strftime("%d.%m.%Y")
    kind = values.get("assistance_kind")
    hours = [e.quantity for e in disability.entries
             if e.item == kind and e.unit is Unit.HOURS_PER_YEAR]
    if hours:
        found["hours_per_year"] = str(int(hours[0]))
    return found


# the person's group as the АСП family sheet records it (its ``member_disability`` choices)
FAMILY_GROUPS: Mapping[DisabilityGroup, str] = {
    DisabilityGroup.GROUP_1: "1", DisabilityGroup.GROUP_2: "2", DisabilityGroup.GROUP_3: "3",
    DisabilityGroup.CHILD: "child",
}


def member_values(disability: Disability | None) -> dict[str, Any]:
    """The АСП family sheet's cells the person's disability fills where they are empty
    (``IntakeSession.member_facts``): the group."""
    group = FAMILY_GROUPS.get(disability.group) if disability is not None else None
    return {"member_disability": group} if group else {}


def on_record(disability: Disability | None, typed: object = None) -> Text | None:
    """What the desk keeps of the person's disability, as the family page shows it beside
    the member: the group and its term; and whether the group typed differs from it."""
    if disability is None:
        return None
    group = GROUP_LABELS[disability.group]
    said = Text("Disability on record: {group}, until {date}", group=group,
                date=disability.until) if disability.until is not None else \
        Text("Disability on record: {group}, without a term of re-examination", group=group)
    expected = FAMILY_GROUPS.get(disability.group)
    if typed not in (None, "") and typed != expected:
        return Text("{said}. The group typed here differs: check it.", said=said)
    return said

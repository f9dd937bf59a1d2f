"""After the assignment: a change of circumstances, the recalculation, the termination.

The law these rules follow (rules-research.md §2.4 and §3.4):

* Social Code art. 126 p.3: the recipient reports a change within 10 working days.
* Art. 126 p.4: after a change in family composition the per-capita income and the amount are
  recalculated **from the day of the change**; assistance is paid by the month (art. 123 p.3),
  so the new amount applies from the month of the change. Facts or income not taken into
  account (other than deliberate falsification) are recalculated **from the month of
  application**.
* Art. 123 p.3: assistance is assigned for the current quarter from the month of application,
  so a recalculation never goes past the end of the period already assigned.
* Art. 129: assistance is terminated on the death of the applicant, a move to another city,
  district or abroad, the termination of the social contract, or false information or
  documents. The law does not say from which month the payments stop; the program's reading:
  the month in which the ground arose is paid, payments stop from the next month, and the family
  is a recipient up to and including the termination date.

Pure functions: the service applies the reported changes to the stored application, assesses
the amended family with the same rules engine, and stores the result as a new decision.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desktop.domain.assessment import Assessment, AssistanceType, Outcome
from desktop.domain.decision import DecisionTerms
from desktop.domain.model import (
    Application,
    FamilyMember,
    IncomeEntry,
    IncomeKind,
    PersonName,
    Relationship,
    Sex,
)
from desktop.domain.quarters import income_quarter
from desktop.domain.text import Text

__all__ = [
    "CHANGE_LABELS",
    "TERMINATION_LABELS",
    "ChangeKind",
    "IncomeAddition",
    "NewMember",
    "ReportedChange",
    "Termination",
    "TerminationGround",
    "amended_application",
    "change_problems",
    "first_of_month",
    "payments_stop_from",
    "recalculated_terms",
    "recalculation_start",
    "termination_problems",
    "termination_ruling",
    "terms_in_force",
]


class ChangeKind(StrEnum):
    """What the family reported; stable codes written to the case events."""

    MEMBER_LEFT = "member_left"  # a member died, left the family or moved out
    MEMBER_JOINED = "member_joined"  # a birth, a marriage, a member came back
    INCOME = "income"  # an income not taken into account, or a new one
    OTHER = "other"  # address, bank details, phone: nothing to recalculate


CHANGE_LABELS: Mapping[ChangeKind, Text] = {
    ChangeKind.MEMBER_LEFT: Text("A member left the family"),
    ChangeKind.MEMBER_JOINED: Text("A member joined the family"),
    ChangeKind.INCOME: Text("Income not taken into account"),
    ChangeKind.OTHER: Text("Other change (address, bank details)"),
}
COMPOSITION = frozenset({ChangeKind.MEMBER_LEFT, ChangeKind.MEMBER_JOINED})


@dataclass(frozen=True, slots=True)
class NewMember:
    surname: str
    first_name: str
    relationship: Relationship
    birth_date: dt.date
    sex: Sex
    patronymic: str = ""


@dataclass(frozen=True, slots=True)
class IncomeAddition:
    member_id: str  # a member of the application (or "new-N" for a member who joined)
    kind: IncomeKind
    amount: int  # tiyn, for the whole income quarter


@dataclass(frozen=True, slots=True)
class ReportedChange:
    kinds: frozenset[ChangeKind]
    change_date: dt.date
    left: tuple[str, ...] = ()  # member ids
    joined: tuple[NewMember, ...] = ()
    incomes: tuple[IncomeAddition, ...] = ()
    note: str = ""

    @property
    def recalculable(self) -> bool:
        """The amount may change: the family or its income changed."""
        return bool(self.kinds - {ChangeKind.OTHER})

    def to_data(self) -> dict[str, Any]:
        """A JSON-able form for the case event (no IIN: new members are entered without one)."""
        return {
            "kinds": sorted(k.value for k in self.kinds),
            "change_date": self.change_date.isoformat(),
            "left": list(self.left),
            "joined": [{"surname": n.surname, "first_name": n.first_name,
                        "patronymic": n.patronymic, "relationship": n.relationship.value,
                        "birth_date": n.birth_date.isoformat(), "sex": n.sex.value}
                       for n in self.joined],
            "incomes": [{"member_id": i.member_id, "kind": i.kind.value, "amount": i.amount}
                        for i in self.incomes],
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any], note: str = "") -> ReportedChange:
        return cls(
            frozenset(ChangeKind(k) for k in data.get("kinds", ())),
            dt.date.fromisoformat(data["change_date"]),
            tuple(data.get("left", ())),
            tuple(NewMember(n["surname"], n["first_name"], Relationship(n["relationship"]),
                            dt.date.fromisoformat(n["birth_date"]), Sex(n["sex"]),
                            n.get("patronymic", ""))
                  for n in data.get("joined", ())),
            tuple(IncomeAddition(i["member_id"], IncomeKind(i["kind"]), int(i["amount"]))
                  for i in data.get("incomes", ())),
            note)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def new_member_id(change_index: int, position: int) -> str:
    """The id a member who joined gets in the amended family (stable across recalculations)."""
    return f"new-{change_index}-{position}"


def change_problems(change: ReportedChange, application: Application, today: dt.date,
                    period_start: dt.date | None) -> list[Text]:
    """What is missing or wrong in a reported change (empty: it may be recorded)."""
    problems: list[Text] = []
    if not change.kinds:
        problems.append(Text("Choose what changed."))
    if change.change_date > today:
        problems.append(Text("The date of the change cannot be in the future."))
    if period_start is not None and change.change_date < period_start \
            and change.kinds & COMPOSITION:
        problems.append(Text("The change happened before the assistance period began."))
    ids = {m.member_id for m in application.members}
    if ChangeKind.MEMBER_LEFT in change.kinds:
        if not change.left:
            problems.append(Text("Tick the members who left the family."))
        if application.applicant.member_id in change.left:
            problems.append(Text("The applicant's death or departure is a ground for "
                                 "termination, not for recalculation."))
        if any(member_id not in ids for member_id in change.left):
            problems.append(Text("Tick the members who left the family."))
    if ChangeKind.MEMBER_JOINED in change.kinds:
        if not change.joined or any(not n.surname.strip() or not n.first_name.strip()
                                    for n in change.joined):
            problems.append(Text("Enter the surname and first name of the new member."))
        if any(n.birth_date > change.change_date for n in change.joined):
            problems.append(Text("The new member's birth date is after the date of the "
                                 "change."))
    if ChangeKind.INCOME in change.kinds and (
            not change.incomes or any(i.amount <= 0 for i in change.incomes)):
        problems.append(Text("Enter the income not taken into account for the quarter."))
    return problems


def amended_application(application: Application,
                        changes: Sequence[ReportedChange]) -> Application:
    """The family as it is after ``changes`` (in the order reported): members who left are
    removed with their incomes, members who joined are added, incomes not taken into account
    are added to the income quarter. The application's date, office and documents stay."""
    members = list(application.members)
    incomes = list(application.incomes)
    quarter = income_quarter(application.application_date)
    for index, change in enumerate(changes):
        gone = set(change.left) if ChangeKind.MEMBER_LEFT in change.kinds else set()
        members = [m for m in members if m.member_id not in gone]
        incomes = [i for i in incomes if i.member_id not in gone]
        if ChangeKind.MEMBER_JOINED in change.kinds:
            members += [FamilyMember(new_member_id(index, position),
                                     PersonName(n.surname, n.first_name, n.patronymic),
                                     n.relationship, birth_date=n.birth_date, sex=n.sex)
                        for position, n in enumerate(change.joined)]
        if ChangeKind.INCOME in change.kinds:
            present = {m.member_id for m in members}
            incomes += [IncomeEntry(i.member_id, i.kind, i.amount, quarter)
                        for i in change.incomes if i.member_id in present]
    return dataclasses.replace(application, members=tuple(members), incomes=tuple(incomes))


def recalculation_start(change: ReportedChange, application_date: dt.date,
                        current: DecisionTerms) -> dt.date:
    """From when the recalculated amount is paid (art. 126 p.4): the month of a change in the
    family's composition; the month of application for income not taken into account. Never
    before the period assigned."""
    if change.kinds & COMPOSITION:
        start = first_of_month(change.change_date)
    else:
        start = first_of_month(application_date)
    if current.period_start is not None:
        start = max(start, current.period_start)
    return start


def recalculated_terms(assessment: Assessment, current: DecisionTerms,
                       start: dt.date) -> DecisionTerms:
    """The terms from ``start`` to the end of the period already assigned: the new amount, or
    refusal (nothing is paid from ``start``) when the amended family is no longer eligible."""
    if assessment.assigned:
        return DecisionTerms(Outcome.ASSIGNED,
                             assessment.assistance_type or current.assistance_type
                             or AssistanceType.UNCONDITIONAL,
                             assessment.monthly_amount, start, current.period_end)
    codes = tuple(dict.fromkeys(g.code for g in assessment.refusals))
    return DecisionTerms(Outcome.REFUSED, period_start=start, period_end=current.period_end,
                         refusal_codes=codes)


class TerminationGround(StrEnum):
    """Social Code art. 129; stable codes."""

    APPLICANT_DIED = "applicant_died"
    MOVED_AWAY = "moved_away"
    SOCIAL_CONTRACT_TERMINATED = "social_contract_terminated"
    FALSE_INFORMATION = "false_information"


TERMINATION_LABELS: Mapping[TerminationGround, Text] = {
    TerminationGround.APPLICANT_DIED: Text("Death of the applicant"),
    TerminationGround.MOVED_AWAY: Text("Moved to another city, district or abroad"),
    TerminationGround.SOCIAL_CONTRACT_TERMINATED: Text("The social contract was terminated"),
    TerminationGround.FALSE_INFORMATION: Text("False information or documents submitted"),
}


@dataclass(frozen=True, slots=True)
class Termination:
    ground: TerminationGround
    date: dt.date  # the family is a recipient up to and including this day
    note: str = ""

    @property
    def stop_from(self) -> dt.date:
        return payments_stop_from(self.date)


def payments_stop_from(termination_date: dt.date) -> dt.date:
    """The first day of the first month not paid: the month after the termination date."""
    if termination_date.month == 12:
        return dt.date(termination_date.year + 1, 1, 1)
    return dt.date(termination_date.year, termination_date.month + 1, 1)


def termination_problems(termination: Termination, current: DecisionTerms | None,
                         today: dt.date) -> list[Text]:
    problems: list[Text] = []
    if termination.date > today:
        problems.append(Text("The termination date cannot be in the future."))
    if current is not None and current.period_start is not None \
            and termination.date < current.period_start:
        problems.append(Text("The termination date is before the assistance period."))
    if current is not None and current.period_end is not None \
            and termination.date > current.period_end:
        problems.append(Text("The assistance period has already ended."))
    return problems


Ruling = tuple[dt.date, DecisionTerms | None]  # (in force from, the terms; None: terminated)


def termination_ruling(termination_date: dt.date) -> Ruling:
    """A termination is in force from the day after its date."""
    return termination_date + dt.timedelta(days=1), None


def terms_in_force(day: dt.date, rulings: Iterable[Ruling]) -> DecisionTerms | None:
    """The assignment that pays ``day``, or None. ``rulings`` are the head's decision, the
    recalculations and the termination in the order they were taken; each one replaces the
    earlier ones from the day it is in force (a termination: from the day after its date)."""
    found: Ruling | None = None
    for ruling in rulings:
        if ruling[0] <= day:
            found = ruling
    if found is None:
        return None
    terms = found[1]
    if terms is None or not terms.assigned or terms.period_start is None \
            or terms.period_end is None or not terms.period_start <= day <= terms.period_end:
        return None
    return terms

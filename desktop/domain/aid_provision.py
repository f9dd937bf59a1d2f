"""The aid a person with a disability was given: the end of the wait in a register.

The disability services (seed 002, services.md §11-15) end with a notification of the term of
provision; the item itself (a wheelchair, hearing aids, a voucher, an assistant's hours) is
provided later, by a supplier or the office. The desk records when it was provided, what, how
many, by whom and a note, for an application whose documents were drawn up; from then on the
person no longer waits in the register of that kind of aid.

Pure Python: the storage keeps an ``AidProvision`` as a row of ``aid_provisions``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from desktop.domain.text import Text

__all__ = ["MAX_QUANTITY", "AidProvision", "provision_problems"]

MAX_QUANTITY = 10_000  # hours a year are at most 8 784; pieces far fewer
MAX_TEXT = {"item": 300, "supplier": 300, "note": 500}


@dataclass(frozen=True, slots=True)
class AidProvision:
    """What was provided on an application: the kind of aid (a queue of the service), the
    day, the item as the delivery names it, how many, who supplied it, a note."""

    queue: str
    provided_on: dt.date | None
    item: str
    quantity: int
    supplier: str = ""
    note: str = ""


def provision_problems(provision: AidProvision, queues: Collection[str], *,
                       registered_on: dt.date, today: dt.date) -> dict[str, Text]:
    """What is wrong with a provision as entered, by field, in the user's words; empty when
    it may be recorded. ``queues``: the kinds of aid of the application's service."""
    problems: dict[str, Text] = {}
    if provision.queue not in queues:
        problems["queue"] = Text("Choose the kind of aid from the list.")
    if provision.provided_on is None:
        problems["provided_on"] = Text("Enter the date as dd.mm.yyyy, for example 15.03.2019 "
                                       "or 15032019.")
    elif provision.provided_on > today:
        problems["provided_on"] = Text("The date cannot be later than today.")
    elif provision.provided_on < registered_on:
        problems["provided_on"] = Text("The aid cannot be provided before the application was "
                                       "registered ({date}).", date=registered_on)
    if not provision.item.strip():
        problems["item"] = Text("Enter what was provided.")
    if not (0 < provision.quantity <= MAX_QUANTITY):
        problems["quantity"] = Text("Enter a quantity greater than 0 and at most {n}.",
                                    n=MAX_QUANTITY)
    for name, limit in MAX_TEXT.items():
        if len(getattr(provision, name)) > limit:
            problems[name] = Text("At most {count} characters.", count=limit)
    return problems

"""What a column holds beyond its SQL type, as ``info`` of the column in the models.

SQLite keeps whatever it is given, so a column's type, length and nullability say less than
the desk relies on: that a channel is one of ``Channel``, that an IIN passes its check, that a
draft's state is a JSON object. Those facts are written once, here and on the columns of
``desktop.storage.models``, and read by ``desktop.sync.records``, which the district server
checks every stored record with and the desk every pulled one. Changing nothing in the
schema, they need no migration.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

# keys of a column's ``info``
CHOICES = "choices"  # frozenset of the values it may hold (an enumeration of the domain)
LISTED = "listed"  # True: several values of CHOICES, comma-separated ("" for none)
CHECK = "check"  # "iin", "iban" or "quarter": the domain's check of the text
JSON = "json"  # "object", or "any" (an object or an array): the text is that JSON value
OFFICE = "office"  # True: an office code, which must be an office of the district
RANGE = "range"  # (lowest, highest) of an integer


def choice(kind: type[StrEnum], *, listed: bool = False) -> dict[str, Any]:
    """A column holding a value of ``kind`` (several, comma-separated, when ``listed``)."""
    return {CHOICES: frozenset(member.value for member in kind), LISTED: listed}


IIN: dict[str, Any] = {CHECK: "iin"}
IBAN: dict[str, Any] = {CHECK: "iban"}
QUARTER: dict[str, Any] = {CHECK: "quarter"}
JSON_OBJECT: dict[str, Any] = {JSON: "object"}
JSON_DOCUMENT: dict[str, Any] = {JSON: "any"}  # an object or an array
OFFICE_CODE: dict[str, Any] = {OFFICE: True}


def between(lowest: int, highest: int) -> dict[str, Any]:
    return {RANGE: (lowest, highest)}

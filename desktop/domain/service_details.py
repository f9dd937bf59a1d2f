"""A service's own data on an application (``Application.details``): JSON values, bounded.

The sheets of a service of the catalogue bind what only that service asks (the education and
work history of an unemployed person, the category of the maslikhat's decision, a workplace)
to ``details.<name>``. They are kept as JSON values so that storage, sync and the interchange
file carry them as they are: text, whole numbers (money in tiyn), true/false, dates as ISO text
(``2026-03-02``), lists and objects of these. ``normalized`` turns typed values into that form
and refuses what is not data (or too much of it) with an issue at its pointer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from desktop.domain.issues import InvalidApplicationError, Issue
from desktop.domain.text import Text

__all__ = ["MAX_DEPTH", "MAX_ITEMS", "MAX_TEXT", "normalized"]

MAX_DEPTH = 4  # details.children[].surname is three deep
MAX_ITEMS = 400  # values in all, lists and objects included
MAX_TEXT = 2000  # characters of one text value


def normalized(details: Mapping[str, Any], pointer: str = "/details") -> dict[str, Any]:
    """``details`` as JSON values; ``InvalidApplicationError`` for what cannot be one."""
    issues: list[Issue] = []
    count = [0]

    def walk(value: Any, where: str, depth: int) -> Any:
        count[0] += 1
        if count[0] > MAX_ITEMS:
            if count[0] == MAX_ITEMS + 1:
                issues.append(Issue("details.too_many", Text(
                    "The service's own data hold more than {count} values.", count=MAX_ITEMS),
                    pointer))
            return None
        if value is None or isinstance(value, bool | int):
            return value
        if isinstance(value, Enum):
            return walk(value.value, where, depth)
        if isinstance(value, dt.datetime):
            issues.append(Issue("details.type", Text("A moment is not a value of the "
                                                     "service's data; give a date."), where))
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, float):
            return str(Decimal(str(value)))
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                issues.append(Issue("details.too_long", Text(
                    "The text is longer than {count} characters.", count=MAX_TEXT), where))
                return value[:MAX_TEXT]
            return value
        if depth >= MAX_DEPTH:
            issues.append(Issue("details.too_deep", Text(
                "The service's own data are nested too deep."), where))
            return None
        if isinstance(value, Mapping):
            result = {}
            for key, item in value.items():
                if not isinstance(key, str) or not key:
                    issues.append(Issue("details.key", Text(
                        "A name in the service's own data must be a text."), where))
                    continue
                result[key] = walk(item, f"{where}/{key}", depth + 1)
            return result
        if isinstance(value, list | tuple | frozenset | set):
            items = sorted(value, key=str) if isinstance(value, frozenset | set) else value
            return [walk(item, f"{where}/{i}", depth + 1) for i, item in enumerate(items)]
        issues.append(Issue("details.type", Text(
            "This is not a value the service's data can hold."), where))
        return None

    result = walk(dict(details), pointer, 0)
    if issues:
        raise InvalidApplicationError(issues)
    assert isinstance(result, dict)
    return result

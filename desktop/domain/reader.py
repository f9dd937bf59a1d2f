"""Reading loaded JSON/YAML values into typed ones, collecting issues with JSON pointers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any, TypeVar

from desktop.domain.issues import Issue
from desktop.domain.quarters import Quarter
from desktop.domain.text import Text

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

_MISSING = object()
# No count, area, year or sum of the format has this many digits; a larger number is a mistake
# (and would not fit the database's 64-bit integers once in tiyn).
NUMBER_LIMIT = 10**15


def pointer_join(pointer: str, key: str | int) -> str:
    """Append one step to a JSON pointer, escaping ``~`` and ``/`` (RFC 6901)."""
    token = str(key).replace("~", "~0").replace("/", "~1")
    return f"{pointer}/{token}"


class Reader:
    """Typed access to a loaded document. Problems are collected, not raised, so that one
    pass reports every wrong field; the getters return a harmless default after a problem."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def problem(self, pointer: str, message: Text, code: str = "input.invalid") -> None:
        self.issues.append(Issue(code, message, pointer))

    # --- containers -----------------------------------------------------------------------

    def object(self, value: Any, pointer: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.problem(pointer, Text("An object ({{…}}) is expected here."), "input.type")
        return {}

    def items(self, value: Any, pointer: str) -> Iterator[tuple[str, Any]]:
        """Index pointers and elements of a list (nothing if it is not a list)."""
        if value is None:
            return
        if not isinstance(value, list):
            self.problem(pointer, Text("A list ([…]) is expected here."), "input.type")
            return
        for index, element in enumerate(value):
            yield pointer_join(pointer, index), element

    def no_other_keys(self, data: dict[str, Any], pointer: str, known: set[str]) -> None:
        for key in data:
            if key not in known:
                self.problem(pointer_join(pointer, key), Text(
                    "Unknown field “{name}”.", name=key), "input.unknown_field")

    def _get(self, data: dict[str, Any], key: str, pointer: str, required: bool) -> Any:
        value = data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problem(pointer_join(pointer, key), Text(
                    "This field is required."), "input.required")
            return _MISSING
        return value

    # --- scalars --------------------------------------------------------------------------

    def text(self, data: dict[str, Any], key: str, pointer: str, required: bool = False,
             default: str = "") -> str:
        value = self._get(data, key, pointer, required)
        if value is _MISSING:
            return default
        if not isinstance(value, str):
            self.problem(pointer_join(pointer, key), Text("Text is expected here."), "input.type")
            return default
        return value.strip()

    def integer(self, data: dict[str, Any], key: str, pointer: str, required: bool = False,
                default: int = 0, minimum: int | None = 0) -> int:
        value = self._get(data, key, pointer, required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(pointer_join(pointer, key), Text(
                "A whole number is expected here."), "input.type")
            return default
        if abs(value) >= NUMBER_LIMIT:
            self.problem(pointer_join(pointer, key), Text(
                "The number must be less than {limit}.", limit=NUMBER_LIMIT), "input.range")
            return default
        if minimum is not None and value < minimum:
            self.problem(pointer_join(pointer, key), Text(
                "The number must be at least {minimum}.", minimum=minimum), "input.range")
            return default
        return value

    def flag(self, data: dict[str, Any], key: str, pointer: str, default: bool = False) -> bool:
        value = self._get(data, key, pointer, False)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.problem(pointer_join(pointer, key), Text(
                "true or false is expected here."), "input.type")
            return default
        return value

    def date(self, data: dict[str, Any], key: str, pointer: str,
             required: bool = False) -> dt.date | None:
        value = self._get(data, key, pointer, required)
        if value is _MISSING:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value  # YAML reads unquoted dates itself
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(pointer_join(pointer, key), Text(
            "A date as YYYY-MM-DD is expected here."), "input.date")
        return None

    def quarter(self, data: dict[str, Any], key: str, pointer: str,
                required: bool = False) -> Quarter | None:
        value = self._get(data, key, pointer, required)
        if value is _MISSING:
            return None
        if isinstance(value, str):
            try:
                return Quarter.parse(value)
            except ValueError:
                pass
        self.problem(pointer_join(pointer, key), Text(
            "A quarter as YYYY-Qn (for example 2025-Q2) is expected here."), "input.quarter")
        return None

    def choice(self, data: dict[str, Any], key: str, pointer: str, enum: type[E],
               required: bool = False, default: E | None = None) -> E | None:
        value = self._get(data, key, pointer, required)
        if value is _MISSING:
            return default
        try:
            return enum(value)
        except ValueError:
            self.problem(pointer_join(pointer, key), Text(
                "“{value}” is not one of: {choices}.", value=value,
                choices=", ".join(member.value for member in enum)), "input.choice")
            return default

    def choices(self, data: dict[str, Any], key: str, pointer: str,
                enum: type[E]) -> list[E]:
        result: list[E] = []
        for where, value in self.items(data.get(key), pointer_join(pointer, key)):
            try:
                result.append(enum(value))
            except ValueError:
                self.problem(where, Text("“{value}” is not one of: {choices}.", value=value,
                             choices=", ".join(member.value for member in enum)), "input.choice")
        return result

    def each(self, data: dict[str, Any], key: str, pointer: str,
             read: Callable[[Reader, dict[str, Any], str], T | None]) -> list[T]:
        """Read every object of the list ``data[key]`` with ``read(self, obj, pointer)``."""
        result: list[T] = []
        for where, element in self.items(data.get(key), pointer_join(pointer, key)):
            if not isinstance(element, dict):
                self.object(element, where)
                continue
            item = read(self, element, where)
            if item is not None:
                result.append(item)
        return result

"""Typed values to and from the domain model through the forms' ``binding`` paths.

A field's binding is a dotted path into ``Application`` (``applicant.address.street``,
``members[].name.surname``). ``put`` places a typed value into a nested dict at that path;
``build`` turns such a dict into the frozen dataclass, converting by the dataclass's type
hints. Missing required strings become ``""``; a nested object without any value is left out;
one whose required enum is missing is left out too (a half-filled draft row).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from desktop.formspec.model import FieldSpec, FieldType
from desktop.formspec.validate import number_too_large, parse_date, parse_number

Tree = dict[str, Any]


class Incomplete(ValueError):
    """A required value of a dataclass is missing; the object cannot be made."""


def raw_to_typed(spec: FieldSpec, raw: Any) -> Any:
    """The Python value of what the widget holds (``None`` when empty or not readable)."""
    if spec.type is FieldType.BOOL:
        return bool(raw)
    if spec.type is FieldType.CHOICE:
        if spec.multiple:
            return frozenset(str(v) for v in raw) if isinstance(raw, list | tuple | set) else None
        if isinstance(raw, bool) or not isinstance(raw, str | int) or raw == "":
            return None  # a single choice is one id (a list is not one)
        return str(raw)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if spec.type is FieldType.DATE:
        return parse_date(raw)
    if spec.type in (FieldType.MONEY, FieldType.INTEGER, FieldType.DECIMAL):
        number = parse_number(raw)
        if number is None or number_too_large(number):
            return None  # the field shows why (validate_value)
        if spec.type is FieldType.MONEY:
            return int((number * 100).quantize(Decimal(1)))
        if spec.type is FieldType.INTEGER:
            return int(number) if number == number.to_integral_value() else None
        return number
    if spec.type is FieldType.IBAN:
        return "".join(str(raw).split()).upper()
    return str(raw).strip()


def typed_to_raw(spec: FieldSpec, value: Any) -> Any:
    """What the widget shows for a stored value (the inverse of ``raw_to_typed``)."""
    if spec.type is FieldType.BOOL:
        return bool(value)
    if value is None:
        return [] if spec.multiple else ("" if spec.type is not FieldType.CHOICE else None)
    if isinstance(value, Enum):
        return str(value.value)
    if spec.type is FieldType.CHOICE and spec.multiple:
        return sorted(str(getattr(v, "value", v)) for v in value)
    if spec.type is FieldType.DATE and isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if spec.type is FieldType.MONEY and isinstance(value, int):
        tenge, tiyn = divmod(value, 100)
        return f"{tenge},{tiyn:02d}" if tiyn else str(tenge)
    return str(value)


def put(tree: Tree, path: str, value: Any) -> None:
    """``tree`` with ``value`` at the dotted ``path`` (intermediate dicts made as needed)."""
    parts = path.split(".")
    node = tree
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def get(obj: Any, path: str) -> Any:
    """The value at a dotted path of a dataclass (``None`` if an object on the way is absent)."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = obj.get(part) if isinstance(obj, Mapping) else getattr(obj, part, None)
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _has_value(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_value(v) for v in value.values())
    return value not in (None, "", frozenset(), False)


def _optional_inner(hint: Any) -> tuple[Any, bool]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return (args[0] if len(args) == 1 else hint), True
    return hint, False


def _convert(hint: Any, value: Any) -> Any:
    inner, optional = _optional_inner(hint)
    if value is None or (isinstance(value, dict) and not _has_value(value)):
        if optional:
            return None
        raise Incomplete(str(hint))
    if isinstance(inner, type) and isinstance(value, inner):
        return value
    if dataclasses.is_dataclass(inner) and isinstance(inner, type):
        try:
            return build(inner, value if isinstance(value, dict) else {})
        except Incomplete:
            if optional:
                return None
            raise
    if isinstance(inner, type) and issubclass(inner, Enum):
        try:
            return inner(value)
        except ValueError as error:
            raise Incomplete(str(hint)) from error
    origin = typing.get_origin(inner)
    if origin is frozenset:
        (item,) = typing.get_args(inner)
        return frozenset(item(v) for v in value)
    return value


@dataclasses.dataclass(frozen=True, slots=True)
class _Slot:
    name: str
    hint: Any
    inner: Any
    optional: bool
    has_default: bool


@cache
def _slots(cls: type) -> tuple[_Slot, ...]:
    """How to fill each field of ``cls`` (worked out once per class)."""
    slots = []
    for spec in dataclasses.fields(cls):
        hint = _hints(cls)[spec.name]
        inner, optional = _optional_inner(hint)
        has_default = (spec.default is not dataclasses.MISSING
                       or spec.default_factory is not dataclasses.MISSING)
        slots.append(_Slot(spec.name, hint, inner, optional, has_default))
    return tuple(slots)


def build(cls: type, data: Tree) -> Any:
    """An instance of dataclass ``cls`` from ``data`` (see the module docstring)."""
    kwargs: dict[str, Any] = {}
    for slot in _slots(cls):
        value = data.get(slot.name)
        if value is None or (isinstance(value, dict) and not _has_value(value)):
            if slot.has_default:
                continue
            if slot.inner is str:
                kwargs[slot.name] = ""
                continue
            if slot.optional:
                kwargs[slot.name] = None
                continue
            raise Incomplete(f"{cls.__name__}.{slot.name}")
        if isinstance(value, str) and slot.inner is str:
            kwargs[slot.name] = value
            continue
        kwargs[slot.name] = _convert(slot.hint, value)
    return cls(**kwargs)

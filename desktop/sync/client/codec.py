"""Rows of the desk's tables as JSON column values and back, by each column's type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, Table

from desktop.storage.base import Base, UTCDateTime
from desktop.storage.textkeys import member_name_key, name_keys
from desktop.sync.scopes import LOCAL_COLUMNS  # never sent: made again by :func:`decode`


@cache
def table(name: str) -> Table:
    import desktop.storage.models  # noqa: F401 - registers every table

    return Base.metadata.tables[name]


@cache
def synced_columns(name: str) -> tuple[str, ...]:
    """The columns of table ``name`` that a change carries (all but ``LOCAL_COLUMNS``)."""
    local = LOCAL_COLUMNS.get(name, frozenset())
    return tuple(c.name for c in table(name).columns if c.name not in local)


@cache
def _decoders(name: str) -> dict[str, Any]:
    decoders: dict[str, Any] = {}
    for column in table(name).columns:
        if isinstance(column.type, UTCDateTime):
            decoders[column.name] = _datetime
        elif isinstance(column.type, Date):
            decoders[column.name] = dt.date.fromisoformat
    return decoders


def _datetime(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)  # ISO with offset, or SQLite's naive UTC text
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def encode(row: Mapping[str, Any], name: str = "") -> dict[str, Any]:
    """Column values (as read through SQLAlchemy) as JSON values; the local columns of table
    ``name`` left out."""
    local = LOCAL_COLUMNS.get(name, frozenset())
    return {key: _json(value) for key, value in row.items() if key not in local}


@cache
def booleans(name: str) -> tuple[str, ...]:
    return tuple(c.name for c in table(name).columns if isinstance(c.type, Boolean))


def encode_raw(name: str, columns: list[str], values: tuple[Any, ...]) -> dict[str, Any]:
    """A row as SQLite stores it (dates and UTC times as text) as JSON values: the fast path
    of a push. Booleans, stored as 0/1, become true/false; local columns are left out."""
    data = dict(zip(columns, values, strict=True))
    for column in LOCAL_COLUMNS.get(name, ()):
        data.pop(column, None)
    for column in booleans(name):
        if data.get(column) is not None:
            data[column] = bool(data[column])
    return data


def decode(name: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """JSON column values of table ``name`` as the values SQLAlchemy binds; unknown keys
    (a column of a newer version) are dropped, missing ones left to their defaults. The
    local columns are made here from the record's own name, whatever was sent."""
    columns = table(name).columns
    local = LOCAL_COLUMNS.get(name, frozenset())
    decoders = _decoders(name)
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in columns or key in local:
            continue
        decoder = decoders.get(key)
        values[key] = decoder(value) if decoder is not None and value is not None else value
    if name == "applications":
        values.update(name_keys(_text(data.get("applicant_name"))))
    elif name == "members":
        values["name_fold"] = member_name_key(_text(data.get("surname")),
                                              _text(data.get("first_name")),
                                              _text(data.get("patronymic")))
    return values


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""

"""The clock, and the text a UTC time is stored as, without SQLAlchemy.

The window's start reads and writes settings in SQL text through the driver before SQLAlchemy
is imported (``desktop.storage.database``); a time it writes must read back through the
models' ``UTCDateTime`` (``desktop.storage.types``) as the same instant.
"""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def naive_utc(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC without its zone, as ``UTCDateTime`` binds it; a naive time is
    refused (it could be any zone's)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given where UTC is required")
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def stored_utc(value: dt.datetime) -> str:
    """``value`` as ``UTCDateTime`` stores it: naive UTC text, ``YYYY-MM-DD HH:MM:SS.ffffff``
    (SQLAlchemy's SQLite ``DATETIME`` format)."""
    return naive_utc(value).isoformat(" ", "microseconds")

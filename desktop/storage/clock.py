"""The clock, and the text a UTC time is stored as, without SQLAlchemy.

The window's start reads and writes settings in SQL text through the driver before SQLAlchemy
is imported (``desktop.storage.database``); a time it writes must read back through the
models' ``UTCDateTime`` (``desktop.storage.types``) as the same instant.
"""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def stored_utc(value: dt.datetime) -> str:
    """``value`` as ``UTCDateTime`` stores it: naive UTC text, ``YYYY-MM-DD HH:MM:SS.ffffff``
    (SQLAlchemy's SQLite ``DATETIME`` format)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given where UTC is required")
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")

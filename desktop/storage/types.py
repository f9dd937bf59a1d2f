"""The UTC time type of the models (the clock itself: ``desktop.storage.clock``, re-exported)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.engine import Dialect

from desktop.storage.clock import naive_utc, utcnow

__all__ = ["UTCDateTime", "utcnow"]


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime, stored as naive UTC text (``YYYY-MM-DD HH:MM:SS.ffffff``)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        return None if value is None else naive_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        aware: dt.datetime = value.replace(tzinfo=dt.UTC)
        return aware

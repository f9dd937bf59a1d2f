"""Refused enrolments, counted per source address and in all: too many are answered 429.

A code is 59 bits and one try is one guess, so guessing cannot succeed with or without this;
it keeps a guesser from loading the server and the log, and says so plainly. Attempts are
serialised by a transaction lock, so the counts are exact under concurrent requests. The
limits hold whatever the outcome of the next try: while an address (or the server) is over
its limit, even the right code is answered 429, or the limit would not slow anyone down.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import Connection, delete, func, insert, select, text, true

from desktop.sync.protocol import ErrorCode
from desktop.sync.server.nodes import RequestError
from desktop.sync.server.schema import enrolment_attempts

WINDOW = dt.timedelta(minutes=15)
PER_ADDRESS = 10  # refused enrolments from one address within WINDOW
OVERALL = 100  # refused enrolments from all addresses within WINDOW
_LOCK_KEY = 0x6B6F6D656B01  # pg_advisory_xact_lock key of enrolments ("komek" 01)
_KEEP = dt.timedelta(days=1)


class TooManyAttempts(RequestError):
    """429, with the seconds to wait until the oldest refused attempt leaves the window."""

    def __init__(self, retry_after: int, detail: str) -> None:
        super().__init__(429, ErrorCode.TOO_MANY_ATTEMPTS, detail)
        self.retry_after = retry_after


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check(connection: Connection, address: str) -> None:
    """Take the enrolments' lock; raise TooManyAttempts while ``address``, or everyone, has
    had too many enrolments refused within the window."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    since = _now() - WINDOW
    table = enrolment_attempts
    for scope, limit, condition in (
            ("this address", PER_ADDRESS, table.c.address == address),
            ("all addresses", OVERALL, true())):
        recent = select(table.c.at).where(table.c.at > since, condition)
        count = connection.execute(select(func.count()).select_from(recent.subquery())).scalar()
        if (count or 0) >= limit:
            oldest = connection.execute(
                recent.order_by(table.c.at.desc()).offset(limit - 1).limit(1)).scalar()
            wait = (oldest + WINDOW - _now()).total_seconds() if oldest else WINDOW.total_seconds()
            raise TooManyAttempts(max(1, math.ceil(wait)),
                                  f"too many refused enrolments from {scope}: wait")


def record_refusal(connection: Connection, address: str) -> None:
    connection.execute(insert(enrolment_attempts).values(address=address[:64], at=_now()))
    connection.execute(delete(enrolment_attempts).where(enrolment_attempts.c.at < _now() - _KEEP))


def forget(connection: Connection, address: str) -> None:
    """An address that enrolled a desk starts again from nothing."""
    connection.execute(delete(enrolment_attempts).where(enrolment_attempts.c.address == address))

"""Record ids: UUIDv7 (RFC 9562), time-ordered, made offline on the machine that creates them;
and the ids derived from a natural key (UUIDv5), for records that two desks may create
offline and that must be one record: an office (from its code), a case's state (from its
application)."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import uuid

__all__ = ["CASE_STATE_NAMESPACE", "OFFICE_NAMESPACE", "case_state_id", "new_id", "office_id",
           "uuid7", "uuid7_time"]

# Fixed for ever: every desk and the server derive the same office id from the same code.
OFFICE_NAMESPACE = uuid.UUID("695894c3-a706-4e88-867b-4515536daed5")
CASE_STATE_NAMESPACE = uuid.UUID("5d1f3c8e-6b0a-4a57-9e55-3c0b8f6a2e71")

_lock = threading.Lock()
_last_ms = 0
_counter = 0
_COUNTER_MAX = 0xFFF  # 12 bits of rand_a used as a counter (RFC 9562 §6.2, method 1)
_pool = b""
_pool_at = 0
_POOL_SIZE = 8 * 512


def _random8() -> int:
    """64 random bits from the OS generator, read in blocks (one syscall per 256 ids)."""
    global _pool, _pool_at
    if _pool_at + 8 > len(_pool):
        _pool, _pool_at = os.urandom(_POOL_SIZE), 0
    _pool_at += 8
    return int.from_bytes(_pool[_pool_at - 8 : _pool_at], "big")


def _uuid7_int(unix_ms: int | None) -> int:
    global _last_ms, _counter
    with _lock:
        now = time.time_ns() // 1_000_000 if unix_ms is None else unix_ms
        if now > _last_ms:
            _last_ms = now
            _counter = _random8() & 0x7FF
        else:
            _counter += 1
            if _counter > _COUNTER_MAX:
                _last_ms += 1
                _counter = _random8() & 0x7FF
        ms, counter = _last_ms, _counter
        rand_b = _random8() & ((1 << 62) - 1)
    return (
        (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand_b
    )


def uuid7(unix_ms: int | None = None) -> uuid.UUID:
    """A new UUIDv7: 48-bit Unix milliseconds, version 7, a 12-bit counter, variant 10, 62 random
    bits.

    Within one process the values are strictly increasing even when many are made in the same
    millisecond or the clock steps back: the counter starts at a random value below 2048 every
    new millisecond and, when it would overflow, the timestamp borrows the next millisecond.
    """
    return uuid.UUID(int=_uuid7_int(unix_ms))


def new_id() -> str:
    """A new record id: a UUIDv7 as 36-character lower-case text."""
    h = f"{_uuid7_int(None):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def uuid7_time(value: str | uuid.UUID) -> dt.datetime:
    """The UTC creation time encoded in a UUIDv7."""
    u = value if isinstance(value, uuid.UUID) else uuid.UUID(value)
    if u.version != 7:
        raise ValueError(f"not a UUIDv7: {u}")
    return dt.datetime.fromtimestamp((u.int >> 80) / 1000, tz=dt.UTC)


def office_id(code: str) -> str:
    """The id of the office with code ``code``: a UUIDv5 in :data:`OFFICE_NAMESPACE`.

    An office is one record for the whole district, whichever desk creates it first: two
    desks of one office, set up offline, make the same record (docs/sync.md). Nothing
    orders offices by id, so they need no UUIDv7 time order.
    """
    return str(uuid.uuid5(OFFICE_NAMESPACE, code))


def case_state_id(application_id: str) -> str:
    """The id of an application's case state (one per application), the same at every desk.

    If an akimat and the district both take a step on a case before they sync (the akimat
    marks it sent, the district receives the papers), they hold two versions of one record,
    a conflict a person resolves field by field, rather than two records of which the second
    cannot be stored anywhere.
    """
    return str(uuid.uuid5(CASE_STATE_NAMESPACE, application_id))

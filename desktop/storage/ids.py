"""UUIDv7 record ids (RFC 9562): time-ordered, made offline on the machine that creates them."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import uuid

__all__ = ["new_id", "uuid7", "uuid7_time"]

_lock = threading.Lock()
_last_ms = 0
_counter = 0
_COUNTER_MAX = 0xFFF  # 12 bits of rand_a used as a counter (RFC 9562 §6.2, method 1)


def uuid7(unix_ms: int | None = None) -> uuid.UUID:
    """A new UUIDv7: 48-bit Unix milliseconds, version 7, a 12-bit counter, variant 10, 62 random
    bits.

    Within one process the values are strictly increasing even when many are made in the same
    millisecond or the clock steps back: the counter starts at a random value below 2048 every new
    millisecond and, when it would overflow, the timestamp borrows the next millisecond.
    """
    global _last_ms, _counter
    with _lock:
        now = time.time_ns() // 1_000_000 if unix_ms is None else unix_ms
        if now > _last_ms:
            _last_ms = now
            _counter = int.from_bytes(os.urandom(2), "big") & 0x7FF
        else:
            _counter += 1
            if _counter > _COUNTER_MAX:
                _last_ms += 1
                _counter = int.from_bytes(os.urandom(2), "big") & 0x7FF
        ms, counter = _last_ms, _counter
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand_b
    return uuid.UUID(int=value)


def new_id() -> str:
    """A new record id: a UUIDv7 as 36-character lower-case text."""
    return str(uuid7())


def uuid7_time(value: str | uuid.UUID) -> dt.datetime:
    """The UTC creation time encoded in a UUIDv7."""
    u = value if isinstance(value, uuid.UUID) else uuid.UUID(value)
    if u.version != 7:
        raise ValueError(f"not a UUIDv7: {u}")
    ms = u.int >> 80
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)

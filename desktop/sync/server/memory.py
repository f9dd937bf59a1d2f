"""Memory the server gives back after a rush.

A push or a pull page is worked on in one of the thread pool's threads (up to 40), and
glibc's allocator gives each thread that allocates at once an arena of its own (up to eight
per core); what a request freed stays in its arena, in pieces the next requests of other
threads do not reuse, and the process's resident memory only grew: a 100-desk morning
rush left the server at 779 MB. So the server limits the arenas to ``ARENAS`` before any
thread starts (``mallopt(M_ARENA_MAX)``, what ``MALLOC_ARENA_MAX`` sets), and whenever the
last request at work has been answered it hands the free pages of every arena back to the
system (``malloc_trim``), at most once every ``TRIM_EVERY`` seconds. Elsewhere than glibc
(another C library) both do nothing. Figures: docs/sync.md, "A district's morning rush".
"""

from __future__ import annotations

import ctypes
import functools
import threading
import time
from typing import Any

ARENAS = 2
M_ARENA_MAX = -8  # glibc's malloc.h
TRIM_EVERY = 1.0  # seconds


@functools.cache
def _glibc() -> Any | None:
    """The process's C library when it is glibc (it has ``mallopt`` and ``malloc_trim``)."""
    try:
        library = ctypes.CDLL(None)
        library.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        library.malloc_trim.argtypes = (ctypes.c_size_t,)
    except (OSError, AttributeError):
        return None
    return library


def limit_arenas(count: int = ARENAS) -> bool:
    """At most ``count`` allocator arenas; call before the server's threads start."""
    library = _glibc()
    return bool(library is not None and library.mallopt(M_ARENA_MAX, count))


class Trimmer:
    """Gives the allocator's free pages back when the server is idle, not too often."""

    def __init__(self, every: float = TRIM_EVERY) -> None:
        self.every = every
        self._last = 0.0
        self._lock = threading.Lock()
        self.trims = 0

    def wait(self) -> float | None:
        """Seconds until a trim is due: 0 when it is due now (and then it counts as done),
        None where there is nothing to trim with (not glibc)."""
        if _glibc() is None:
            return None
        now = time.monotonic()
        with self._lock:
            left = self._last + self.every - now
            if left > 0:
                return left
            self._last = now
        return 0.0

    def trim(self) -> None:
        library = _glibc()
        if library is not None:
            library.malloc_trim(0)
            self.trims += 1

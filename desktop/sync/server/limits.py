"""What requests may take of the server: the size of a body, the time to send it, and how
many requests are at work at once, of one desk and of all of them.

A request waits for one of ``SLOTS`` places before anything of it is read but its headers,
and keeps it until its answer is handed over: its body is read, decoded and applied, and
its answer sent, inside the place. So the server holds at most ``SLOTS`` bodies and
answers at a time, each within its route's limit, and its memory stays within a bound
(docs/sync.md, "Limits"). A request finding ``QUEUE`` others waiting, or waiting longer
than ``WAIT`` seconds, is answered ``busy`` (429, ``Retry-After``); so is a desk's request
beyond ``PER_NODE`` of its own at once. Pushes and bundles wait for places of their own
(``WRITE_SLOTS``, ``WRITE_QUEUE``, ``WRITE_WAIT``): they are applied one at a time, and a
write waiting its turn must not keep a read waiting. A body is read as it arrives and
refused as soon as it passes its limit, never buffered whole first; a body, or an answer,
that does not move at ``MIN_RATE`` bytes a second (after ``GRACE`` seconds), or stops for
``IDLE`` seconds, is given up, so a dead connection does not keep a place.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

from desktop.sync.protocol import ErrorCode
from desktop.sync.server.nodes import RequestError

ENROL_BYTES = 16 * 1024  # an enrolment: a code, a node id and a desk's name
FETCH_BYTES = 256 * 1024  # a fetch: a table and up to MAX_FETCH_IDS record ids
BUNDLE_BYTES = 32 * 1024 * 1024  # a village's bundle relayed by a district desk
BUNDLE_PLAIN_BYTES = 64 * 1024 * 1024  # the same bundle's body decompressed

SLOTS = 6
# a district's desks starting their first sync of the day at once (200 in the morning rush
# of benchmarks/server_load.py) wait here rather than being told to come back; a waiting
# request holds its connection and headers only. With WRITE_QUEUE and the places, within
# the HTTP server's 512 connections (cli.UVICORN_LIMITS)
QUEUE = 240
WAIT = 30.0
PER_NODE = 2
# pushes and bundles: one applied while the next one's body arrives; they wait longer, in a
# longer queue, since they are applied one at a time and a waiting one holds only its
# connection (its body is not read before it has a place)
WRITE_SLOTS = 2
WRITE_QUEUE = 240
WRITE_WAIT = 100.0  # within the desk's own wait for an answer (two minutes)
RETRY_AFTER = 10  # seconds, in the Retry-After of a busy answer
MIN_RATE = 8 * 1024  # bytes a second, on average, of a body or an answer
GRACE = 15.0  # seconds before MIN_RATE counts
IDLE = 30.0  # seconds without a byte of a body
ANSWER_CHUNK = 256 * 1024  # an answer is handed to the connection in pieces of this size


class Busy(RequestError):
    """Too many requests at once: try again after ``RETRY_AFTER`` seconds."""

    def __init__(self, detail: str) -> None:
        super().__init__(429, ErrorCode.BUSY, detail)


def too_large(what: str, limit: int) -> RequestError:
    return RequestError(413, ErrorCode.TOO_LARGE, f"{what}: at most {limit}")


def deadline(size: int) -> float:
    """Seconds allowed to move ``size`` bytes: ``GRACE`` and then ``MIN_RATE``."""
    return GRACE + size / MIN_RATE


class Lane:
    """``slots`` places of requests at work and the queue before them: a request finding
    ``queue`` others waiting, or waiting longer than ``wait`` seconds, is ``busy``."""

    def __init__(self, slots: int, queue: int, wait: float) -> None:
        self.slots = slots
        self.queue = queue
        self.wait = wait
        self._free = asyncio.Semaphore(slots)
        self.waiting = 0

    @contextlib.asynccontextmanager
    async def place(self) -> AsyncIterator[None]:
        if self._free.locked() and self.waiting >= self.queue:
            raise Busy("the server is busy: too many requests waiting")
        self.waiting += 1
        try:
            async with asyncio.timeout(self.wait):
                await self._free.acquire()
        except TimeoutError as error:
            raise Busy("the server is busy: no place within "
                       f"{self.wait:.0f} seconds") from error
        finally:
            self.waiting -= 1
        try:
            yield
        finally:
            self._free.release()


@dataclass
class Gate:
    """The places of requests at work, the queues before them and each desk's count.

    Pushes and bundles (the writes) have places of their own, ``write_slots`` of them:
    writes are applied one at a time anyway (docs/sync.md, "What serialises pushes"), so a
    write waiting its turn would otherwise keep a place that a status or a pull needs, and
    in a morning rush every read queued behind the pushes. A write's place covers its body,
    its wait for the pushes' lock and its answer; the reads' places never wait for a write."""

    slots: int = SLOTS
    queue: int = QUEUE
    wait: float = WAIT
    per_node: int = PER_NODE
    write_slots: int = WRITE_SLOTS
    write_queue: int = WRITE_QUEUE
    write_wait: float = WRITE_WAIT

    def __post_init__(self) -> None:
        self.reads = Lane(self.slots, self.queue, self.wait)
        self.writes = Lane(self.write_slots, self.write_queue, self.write_wait)
        self._nodes: Counter[str] = Counter()
        # a read counts its desk in the worker thread that checked its credentials
        # (app.Service._as_desk), a write in the event loop: the count is kept under a lock
        self._counting = threading.Lock()

    def place(self, *, write: bool = False) -> contextlib.AbstractAsyncContextManager[None]:
        """A place among the writes (a push, a bundle) or among the other requests."""
        return (self.writes if write else self.reads).place()

    @contextlib.contextmanager
    def node(self, node_id: str) -> Iterator[None]:
        """One more request of the desk ``node_id``, refused beyond ``per_node``."""
        with self._counting:
            if self._nodes[node_id] >= self.per_node:
                raise Busy(f"this workstation has {self.per_node} requests at work already")
            self._nodes[node_id] += 1
        try:
            yield
        finally:
            with self._counting:
                self._nodes[node_id] -= 1
                if not self._nodes[node_id]:
                    del self._nodes[node_id]


def declared_length(headers: Any) -> int | None:
    """The body's ``Content-Length``, None when it is not given (a chunked body)."""
    value = headers.get("content-length")
    if value is None:
        return None
    value = value.strip()
    if not value.isdigit() or len(value) > 18:
        raise RequestError(400, ErrorCode.BAD_REQUEST, "Content-Length is not a number")
    return int(value)


async def read_body(receive: Callable[[], Awaitable[dict[str, Any]]], headers: Any,
                    limit: int, what: str) -> bytes:
    """The request's body, read as it arrives: refused (413) when its declared length, or
    what has arrived of it, passes ``limit``; given up (408) when it comes slower than
    ``MIN_RATE`` or stops for ``IDLE`` seconds. It is gathered in one buffer that grows in
    place (a ``bytearray``, which every reader of a body takes as bytes), never copied."""
    declared = declared_length(headers)
    if declared is not None and declared > limit:
        raise too_large(what, limit)
    body = bytearray()
    try:
        async with asyncio.timeout(deadline(limit if declared is None else declared)):
            while True:
                async with asyncio.timeout(IDLE):
                    message = await receive()
                if message["type"] == "http.disconnect":
                    raise RequestError(400, ErrorCode.BAD_REQUEST, "the body was cut off")
                chunk = message.get("body", b"")
                if len(body) + len(chunk) > limit:
                    raise too_large(what, limit)
                body += chunk
                if not message.get("more_body", False):
                    break
    except TimeoutError as error:
        raise RequestError(408, ErrorCode.TIMEOUT,
                           "the body came too slowly or stopped") from error
    return body  # type: ignore[return-value]  # a bytearray: see above


async def send_answer(send: Callable[[dict[str, Any]], Awaitable[None]], status: int,
                      headers: list[tuple[bytes, bytes]], body: bytes) -> bool:
    """Hand an answer to the connection piece by piece, each after the one before has gone
    out (the server's flow control), so a large answer is never copied whole into the
    connection's buffer; False when the desk did not take it in time (the connection is
    then closed)."""
    try:
        async with asyncio.timeout(deadline(len(body))):
            await send({"type": "http.response.start", "status": status, "headers": headers})
            view = memoryview(body)
            for start in range(0, max(len(body), 1), ANSWER_CHUNK):
                end = start + ANSWER_CHUNK
                await send({"type": "http.response.body", "body": bytes(view[start:end]),
                            "more_body": end < len(body)})
    except TimeoutError:
        return False
    return True

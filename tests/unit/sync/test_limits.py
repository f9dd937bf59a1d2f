"""The server's gate and body reading (desktop.sync.server.limits), on their own: places
and the queue before them, a desk's requests at once, a body refused as soon as it passes
its limit, a stalled body or answer given up."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from desktop.sync.protocol import ErrorCode
from desktop.sync.server import limits
from desktop.sync.server.nodes import RequestError


def _run(coroutine):
    return asyncio.run(coroutine)


def test_requests_beyond_the_places_wait_and_beyond_the_queue_are_busy():
    async def scenario() -> list[str]:
        gate = limits.Gate(slots=2, queue=1, wait=0.3)
        outcome: list[str] = []
        async with contextlib.AsyncExitStack() as held:
            await held.enter_async_context(gate.place())
            await held.enter_async_context(gate.place())

            async def third() -> None:
                try:
                    async with gate.place():
                        outcome.append("third served")
                except limits.Busy as error:
                    outcome.append(f"third {error.status} {error.code.value}")

            waiting = asyncio.create_task(third())
            await asyncio.sleep(0.05)
            with pytest.raises(limits.Busy):  # the queue holds one, and it is full
                async with gate.place():
                    pass
            await waiting  # no place within 0.3 s
        async with gate.place():  # places given back
            outcome.append("served after")
        return outcome

    assert _run(scenario()) == ["third 429 busy", "served after"]


def test_a_waiting_request_gets_the_next_free_place():
    async def scenario() -> bool:
        gate = limits.Gate(slots=1, queue=5, wait=5)
        release = asyncio.Event()

        async def first() -> None:
            async with gate.place():
                await release.wait()

        task = asyncio.create_task(first())
        await asyncio.sleep(0.01)
        asyncio.get_running_loop().call_later(0.05, release.set)
        async with gate.place():
            await task
            return True

    assert _run(scenario())


def test_a_desk_has_at_most_its_requests_at_once():
    gate = limits.Gate(per_node=2)
    with gate.node("a"), gate.node("a"):
        with pytest.raises(limits.Busy), gate.node("a"):
            pass
        with gate.node("b"):  # another desk is not held back
            pass
    with gate.node("a"), gate.node("a"):
        pass


def _receiver(pieces: list[bytes], *, stall: bool = False):
    taken: list[int] = []

    async def receive() -> dict[str, object]:
        if len(taken) == len(pieces):
            if stall:
                await asyncio.sleep(3600)
            return {"type": "http.disconnect"}
        taken.append(len(pieces[len(taken)]))
        return {"type": "http.request", "body": pieces[len(taken) - 1],
                "more_body": stall or len(taken) < len(pieces)}

    return receive, taken


def test_a_body_is_refused_as_soon_as_it_passes_its_limit():
    receive, taken = _receiver([b"x" * 1000] * 100)
    with pytest.raises(RequestError) as refused:
        _run(limits.read_body(receive, {}, 4500, "body"))
    assert (refused.value.status, refused.value.code) == (413, ErrorCode.TOO_LARGE)
    assert len(taken) == 5  # the fifth piece passed the limit: nothing more was read


def test_a_declared_length_beyond_the_limit_is_refused_before_reading():
    receive, taken = _receiver([b"x"])
    with pytest.raises(RequestError) as refused:
        _run(limits.read_body(receive, {"content-length": "4501"}, 4500, "body"))
    assert refused.value.status == 413 and taken == []
    with pytest.raises(RequestError) as malformed:
        _run(limits.read_body(receive, {"content-length": "12e3"}, 4500, "body"))
    assert malformed.value.status == 400


def test_a_body_within_its_limit_is_read_whole():
    receive, _ = _receiver([b"ab", b"", b"cd"])
    assert _run(limits.read_body(receive, {}, 4, "body")) == b"abcd"


def test_a_body_that_stops_coming_is_given_up(monkeypatch):
    monkeypatch.setattr(limits, "IDLE", 0.1)
    receive, _ = _receiver([b"ab"], stall=True)
    with pytest.raises(RequestError) as given_up:
        _run(limits.read_body(receive, {}, 100, "body"))
    assert (given_up.value.status, given_up.value.code) == (408, ErrorCode.TIMEOUT)


def test_an_answer_goes_in_pieces_and_is_given_up_when_not_taken(monkeypatch):
    sent: list[dict[str, object]] = []

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    body = b"y" * (2 * limits.ANSWER_CHUNK + 10)
    assert _run(limits.send_answer(send, 200, [], body))
    pieces = [m["body"] for m in sent[1:]]
    assert [len(p) for p in pieces] == [limits.ANSWER_CHUNK, limits.ANSWER_CHUNK, 10]
    assert [m["more_body"] for m in sent[1:]] == [True, True, False]

    async def stuck(message: dict[str, object]) -> None:
        if message["type"] == "http.response.body":
            await asyncio.sleep(3600)

    monkeypatch.setattr(limits, "GRACE", 0.1)
    monkeypatch.setattr(limits, "MIN_RATE", 10**9)
    assert not _run(limits.send_answer(stuck, 200, [], body))

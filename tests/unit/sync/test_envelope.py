"""The push envelope's checks: each bound of a change (a table name's and an id's length, a
version's range, a number that is a boolean, a record of another type) is taken just within
it and refused just beyond it, naming the change; and no change, however hostile, gets
anything but a 400 or through."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.sync.server import envelope
from desktop.sync.server.nodes import RequestError

_HUGE = st.one_of(st.integers(-(2**70), 2**70),
                  st.sampled_from([0, 1, -1, 2**63 - 1, 2**63, -(2**63)]))
_TEXT = st.one_of(st.text(max_size=40),
                  st.sampled_from(["", "\x00", "a\x00b", "x" * 36, "x" * 37, "x" * 64, "x" * 65]))
_VALUE = st.one_of(st.none(), st.booleans(), _HUGE, st.floats(allow_nan=False), _TEXT,
                   st.lists(st.integers(), max_size=2),
                   st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
_KEYS = st.sampled_from(["t", "id", "v", "b", "d"])
_CHANGE = st.one_of(
    st.fixed_dictionaries({"t": st.sampled_from(["members", "applications"]) | _TEXT,
                           "id": st.uuids().map(str) | _TEXT,
                           "v": st.integers(1, 5) | _HUGE | _VALUE,
                           "b": st.integers(0, 4) | _HUGE | _VALUE,
                           "d": st.none() | st.just('{"id": "x"}') | _VALUE}),
    # a field left out, or one more
    st.builds(lambda change, gone, more: {**{k: v for k, v in change.items() if k != gone},
                                          **more},
              st.fixed_dictionaries({"t": st.just("members"), "id": st.just("m-1"),
                                     "v": st.just(1), "b": st.just(0), "d": st.none()}),
              _KEYS | st.none(), st.dictionaries(st.text(max_size=2), _VALUE, max_size=1)),
    _VALUE,
)

_GOOD = {"t": "members", "id": "m-1", "v": 1, "b": 0, "d": None}
# each bound, just within it (True) and just beyond it (False)
_EDGES = [({"t": "x" * 64}, True), ({"t": "x" * 65}, False), ({"t": ""}, False),
          ({"t": "a\x00"}, False), ({"id": "x" * 36}, True), ({"id": "x" * 37}, False),
          ({"id": ""}, False), ({"id": "\x00"}, False), ({"v": 0}, False), ({"v": True}, False),
          ({"v": 2**31 - 1}, True), ({"v": 2**31}, False), ({"b": -1}, False),
          ({"b": False}, False), ({"b": 1.0}, False), ({"d": "{}"}, True), ({"d": {}}, True),
          ({"d": 1}, False), ({"d": []}, False), ({"d": False}, False)]


def _body(changes: list[Any]) -> bytes:
    return orjson.dumps({"node": "n-1", "seq": 1, "changes": changes})


@pytest.mark.parametrize(("edge", "taken"), _EDGES)
def test_every_bound_of_a_change_holds(edge: dict[str, Any], taken: bool) -> None:
    changes = [_GOOD, {**_GOOD, "id": "m-2", **edge}]
    if taken:
        assert envelope.parse_batch(_body(changes), "n-1") == (1, changes)
        return
    with pytest.raises(RequestError) as refused:
        envelope.parse_batch(_body(changes), "n-1")
    assert refused.value.status == 400
    assert "change 1" in str(refused.value)


@given(st.lists(_CHANGE, max_size=6))
def test_a_hostile_change_is_refused_with_a_400_or_taken(changes: list[Any]) -> None:
    try:
        body = _body(changes)
    except (TypeError, orjson.JSONEncodeError):
        return  # beyond what JSON carries (an integer over 64 bits)
    try:
        seq, taken = envelope.parse_batch(body, "n-1")
    except RequestError as refused:
        assert refused.status == 400
        return
    assert seq == 1 and len(taken) == len(changes)


def test_a_batch_it_stops_is_refused_with_the_change_named() -> None:
    body = (b'{"node": "n-1", "seq": 1, "changes": [{"t": "members", "id": "m-1", "v": 1, '
            b'"b": 0, "d": null}, {"t": "members", "id": "m-2", "v": true, "b": 0, "d": null}]}')
    with pytest.raises(RequestError) as refused:
        envelope.parse_batch(body, "n-1")
    assert refused.value.status == 400
    assert "change 1: v must be a whole number" in str(refused.value)

"""The push envelope's checks: the one-loop check a batch goes through first
(``envelope._well_formed``) passes exactly the changes the change-by-change checks pass, so
a batch it lets through is never one the server should have refused, and one it stops is
refused with the problem named."""

from __future__ import annotations

from typing import Any

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


def _passes(change: Any) -> bool:
    try:
        envelope._check_change(0, change)
    except RequestError:
        return False
    return True


_GOOD = {"t": "members", "id": "m-1", "v": 1, "b": 0, "d": None}
# each bound, just within it and just beyond
_EDGES = [{"t": "x" * 64}, {"t": "x" * 65}, {"t": ""}, {"t": "a\x00"}, {"id": "x" * 36},
          {"id": "x" * 37}, {"id": ""}, {"id": "\x00"}, {"v": 0}, {"v": True},
          {"v": 2**31 - 1}, {"v": 2**31}, {"b": -1}, {"b": False}, {"b": 1.0},
          {"d": "{}"}, {"d": {}}, {"d": 1}, {"d": []}, {"d": False}]


@pytest.mark.parametrize("edge", _EDGES)
def test_the_one_loop_check_keeps_every_bound(edge: dict[str, Any]) -> None:
    change = {**_GOOD, **edge}
    assert envelope._well_formed([change]) == _passes(change)


@given(_CHANGE)
def test_the_one_loop_check_passes_what_the_change_checks_pass(change: Any) -> None:
    assert envelope._well_formed([change]) == _passes(change)


@given(st.lists(_CHANGE, max_size=6))
def test_a_batch_passes_when_every_change_does(changes: list[Any]) -> None:
    assert envelope._well_formed(changes) == all(_passes(c) for c in changes)


def test_a_batch_it_stops_is_refused_with_the_change_named() -> None:
    body = (b'{"node": "n-1", "seq": 1, "changes": [{"t": "members", "id": "m-1", "v": 1, '
            b'"b": 0, "d": null}, {"t": "members", "id": "m-2", "v": true, "b": 0, "d": null}]}')
    with pytest.raises(RequestError) as refused:
        envelope.parse_batch(body, "n-1")
    assert refused.value.status == 400
    assert "change 1: v must be a whole number" in str(refused.value)

"""Every route, fuzzed against the real server and PostgreSQL: random methods, paths, headers,
query strings and bodies, and envelopes that look right with wrong types, huge integers,
deep nesting, NUL characters and arrays where objects belong, with credentials and without.
No answer is a 500, every refusal is the JSON error, and the server answers the next good
request. Hypothesis draws a bounded number of requests (well under a minute here)."""

from __future__ import annotations

import base64
import itertools
import json
import random
import string
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.sync.bundle import PUSH, bundle_key, seal
from desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, VERSION_HEADER
from desktop.sync.server import auth
from tests.support.sync_wire import Node, enrol_node

pytestmark = pytest.mark.postgres

ROUTES = ["/health", "/v1/enrol", "/v1/status", "/v1/push", "/v1/pull", "/v1/digest",
          "/v1/ids", "/v1/fetch", "/v1/bundle"]
FUZZ = settings(max_examples=500, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

# values a hostile desk puts where another type belongs
huge = st.one_of(st.integers(min_value=-(2**80), max_value=2**80),
                 st.sampled_from([2**31, 2**31 - 1, 2**63, -(2**63) - 1, 10**400, -1, 0]))
nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "\x00", "a\x00b", "\ud7ff", "İ", "ә" * 300, "x" * 70, "'; DROP",
                     "../../etc", "%00", "[]", "{}", "null", "1e400", "-0", "NaN"]),
    huge.map(str))
json_scalar = st.one_of(st.none(), st.booleans(), huge, st.floats(allow_nan=False),
                        nasty_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(nasty_text, inner, max_size=4)),
    max_leaves=12)


def dumps(value: Any) -> bytes:
    """JSON of any value drawn (integers beyond 64 bits too, unlike orjson), its strings
    escaped (\\uXXXX) or raw UTF-8 by turns, so both reach the server; a lone surrogate
    raw makes the body invalid UTF-8."""
    escaped = bool(len(str(value)) % 2)
    return json.dumps(value, ensure_ascii=escaped).encode("utf-8", "surrogatepass")


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def record_text() -> st.SearchStrategy[str]:
    """A change's ``d`` as the desk sends it (a record's JSON text), and texts that are no
    record: not JSON, NUL, lone surrogates, huge numbers, deep nesting."""
    fields = st.dictionaries(st.sampled_from(["id", "application_id", "office_code",
                                              "applicant_iin", "registration_number",
                                              "version", "code", "office_id"]),
                             json_value, max_size=5)
    return st.one_of(
        fields.map(lambda d: dumps(d).decode("utf-8", "surrogatepass")),
        st.sampled_from(['{"x": "\\u0000"}', '{"x": "\\ud800"}', "{", "[]", "null", "1",
                         '{"registration_number": "' + "9" * 3000 + '"}',
                         '{"application_id": "a\\u0000"}', '{"x": 1e999}',
                         '{"x": ' + deep(20_000) + "}", deep(100_000)]),
        st.text(max_size=30))


def change(node: Node) -> st.SearchStrategy[Any]:
    good = st.fixed_dictionaries({
        "t": st.sampled_from(["applications", "members", "offices", "staff", "journal_entries",
                              "no_such_table"]) | nasty_text,
        "id": st.builds(lambda: str(uuid.uuid4())) | nasty_text,
        "v": st.integers(1, 5) | huge | nasty_text,
        "b": st.integers(0, 4) | huge | nasty_text,
        "d": st.none() | record_text() | json_value})
    return st.one_of(good, json_value)


def push_body(node: Node) -> st.SearchStrategy[bytes]:
    envelope = st.fixed_dictionaries({
        "node": st.just(node.id) | nasty_text,
        "seq": st.integers(1, 3) | huge | nasty_text | st.none(),
        "changes": st.lists(change(node), max_size=6) | json_value})
    return st.one_of(envelope.map(dumps), json_value.map(dumps))


def fetch_body() -> st.SearchStrategy[bytes]:
    return st.fixed_dictionaries({
        "table": st.sampled_from(["applications", "members"]) | json_value,
        "ids": st.lists(st.builds(lambda: str(uuid.uuid4())) | nasty_text, max_size=5) |
        json_value}).map(dumps)


def enrol_body() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.fixed_dictionaries({"node_id": st.builds(lambda: str(uuid.uuid4())) | json_value,
                               "name": json_value, "nonce": json_value,
                               "certificate": json_value, "proof": json_value}).map(dumps),
        st.lists(json_value, max_size=3).map(dumps))


def bundle_body(node: Node) -> st.SearchStrategy[bytes]:
    """Bundles sealed with the desk's own key (a hostile desk has it): the seal holds, what is
    inside is wrong."""
    key = bundle_key(auth.decode_secret(node.secret))
    inside = st.fixed_dictionaries({
        "batches": st.lists(st.fixed_dictionaries({"seq": huge, "body": push_body(node).map(
            lambda b: b.decode("utf-8", "replace"))}), max_size=2) | json_value,
        "cursor": huge | nasty_text | st.none()})
    header = st.fixed_dictionaries({"kind": st.just(PUSH) | nasty_text,
                                    "node": st.just(node.id) | nasty_text,
                                    "id": nasty_text})
    return st.tuples(header, inside).map(lambda hb: seal(hb[0], hb[1], key))


def body_for(path: str, desk: Node) -> st.SearchStrategy[bytes]:
    specific = {"/v1/push": push_body(desk), "/v1/fetch": fetch_body(),
                "/v1/enrol": enrol_body(), "/v1/bundle": bundle_body(desk)}.get(path)
    generic = st.one_of(st.binary(max_size=64), json_value.map(dumps),
                        st.integers(1, 3000).map(lambda n: deep(n).encode()),
                        st.just(b'{"a":' * 2000 + b"1" + b"}" * 2000))
    return st.one_of(specific, generic) if specific is not None else generic


header_text = st.text(alphabet=string.ascii_letters + string.digits + " .;=/-_,",
                      max_size=40).map(str.strip)


@st.composite
def requests(draw: st.DrawFn, desks: dict[str, Node]) -> dict[str, Any]:
    path = draw(st.sampled_from(ROUTES) | st.text(
        alphabet=string.ascii_letters + string.digits + "/._-%", max_size=30).map(
        lambda p: "/" + p))
    method = draw(st.sampled_from(["GET", "POST"]) | st.sampled_from(
        ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO"]))
    who = draw(st.sampled_from(["akimat", "district", "none", "wrong", "garbage"]))
    desk = desks["district" if who == "district" else "akimat"]
    headers = {}
    if draw(st.integers(0, 9)):
        headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
    else:
        headers[PROTOCOL_HEADER] = draw(header_text)
    if who in ("akimat", "district"):
        headers["Authorization"] = f"Bearer {desk.id}.{desk.secret}"
    elif who == "wrong":
        headers["Authorization"] = f"Bearer {desk.id}.{auth.encode_secret(b'x' * 32)}"
    elif who == "garbage":
        headers["Authorization"] = draw(header_text)
    headers.update(draw(st.dictionaries(
        st.sampled_from(["Content-Type", VERSION_HEADER, "X-Anything", "Accept",
                         "Accept-Encoding", "Expect"]), header_text, max_size=3)))
    query = draw(st.dictionaries(st.sampled_from(["since", "limit", "table", "scope"]) |
                                 st.text(string.ascii_letters, max_size=5),
                                 nasty_text, max_size=3))
    body = draw(body_for(path, desk)) if method in ("POST", "PUT", "PATCH") else b""
    return {"method": method, "path": path, "headers": headers, "params": query,
            "content": body}


def _check(client: httpx.Client, request: dict[str, Any]) -> None:
    try:
        answer = client.request(request["method"], request["path"],
                                headers=request["headers"], params=request["params"],
                                content=request["content"])
    except httpx.RemoteProtocolError:
        return  # the server closed a connection it would not read on (Connection: close)
    assert answer.status_code < 500, (answer.status_code, answer.text[:300], request)
    if answer.status_code >= 400 and VERSION_HEADER.lower() in answer.headers and \
            request["method"] != "HEAD":
        error = answer.json()
        assert isinstance(error.get("error"), str) and error.get("detail"), error


@pytest.fixture(scope="module")
def desks(module_server) -> dict[str, Node]:
    return {"akimat": enrol_node(module_server, "AKT-05"),
            "district": enrol_node(module_server, "AUD-01", "district")}


@pytest.fixture
def fuzzed(module_server, desks) -> Iterator[Any]:
    """The server, checked after the test: still up, answering a good request, and no
    request failed in its log."""
    yield module_server
    assert module_server.process.poll() is None
    answer = httpx.get(module_server.url + "/v1/status", headers=desks["akimat"].headers())
    assert answer.status_code == 200
    log = module_server.log.read_text(encoding="utf-8", errors="replace")
    assert " failed" not in log and "Traceback" not in log, log[-3000:]


def test_no_request_gets_a_500(fuzzed, desks):
    with httpx.Client(base_url=fuzzed.url, timeout=60) as client:
        @FUZZ
        @given(request=requests(desks))
        def run(request: dict[str, Any]) -> None:
            _check(client, request)

        run()


@pytest.mark.parametrize("route", ["/v1/push", "/v1/fetch", "/v1/enrol", "/v1/bundle"])
def test_no_body_gets_a_500(fuzzed, desks, route):
    """Each route with a body, its own envelopes drawn (the mixed fuzz above reaches them
    less often), authenticated as the desk that may use it."""
    desk = desks["district" if route == "/v1/bundle" else "akimat"]
    with httpx.Client(base_url=fuzzed.url, timeout=60, headers=desk.headers()) as client:
        @settings(FUZZ, max_examples=120)
        @given(body=body_for(route, desk))
        @example(body=b"[]")
        @example(body=b'{"node": null}')
        @example(body=deep(5000).encode())
        def run(body: bytes) -> None:
            _check(client, {"method": "POST", "path": route, "headers": {},
                            "params": {}, "content": body})

        run()


# Records PostgreSQL cannot hold, each once a 500: JSON nested deeper than its parser goes
# (COPYed as text from an akimat), a registration number too long for its index, a NUL in
# the application id that the records' scope is looked up by
UNSTORABLE = {
    "nested-20000-deep": '{"application_id": "x", "a": ' + deep(20_000) + "}",
    "nested-100000-deep": deep(100_000),
    "registration-number-8000": '{"office_code": "AKT-05", "registration_number": "' +
                                base64.b64encode(random.Random(5).randbytes(6000)).decode() +
                                '"}',
    "nul-in-application-id": '{"application_id": "a\\u0000"}',
}


_seqs = itertools.count(2_000_000_000)


@pytest.mark.parametrize("who", ["akimat", "district"])
@pytest.mark.parametrize("table", ["members", "applications"])
@pytest.mark.parametrize("record", list(UNSTORABLE))
def test_a_record_postgresql_cannot_hold_is_a_400(fuzzed, desks, who, table, record):
    desk = desks[who]
    seq = next(_seqs)  # one database for the module: a number of this test's own
    body = dumps({"node": desk.id, "seq": seq, "changes": [
        {"t": table, "id": str(uuid.uuid4()), "v": 1, "b": 0, "d": UNSTORABLE[record]}]})
    answer = httpx.post(fuzzed.url + "/v1/push", headers=desk.headers(), content=body)
    assert answer.status_code in (200, 400), answer.text
    if answer.status_code == 400:
        assert answer.json()["error"] == "bad_request"


@pytest.mark.parametrize("node", ["a\x00b", "x" * 36, 5, None, "../" * 12])
def test_a_bundle_naming_no_desk_is_refused_not_failed(module_server, desks, node):
    """A bundle's header is read before its seal is checked: whatever node it names (a NUL,
    not a UUID, not text) is answered as an unknown desk, never looked up as it is."""
    key = bundle_key(auth.decode_secret(desks["akimat"].secret))
    data = seal({"kind": PUSH, "node": node, "id": "x"}, {"batches": []}, key)
    answer = httpx.post(module_server.url + "/v1/bundle", content=data, verify=False,
                        headers=desks["district"].headers())
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "bundle_unknown_node"

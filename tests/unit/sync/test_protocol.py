"""Protocol pieces: canonical bodies, order-free digests, scopes, enrolment codes."""

from __future__ import annotations

from desktop.sync import scopes
from desktop.sync.codes import code_hash, new_enrolment_code, pin_tag, split_code
from desktop.sync.protocol import REFERENCE_SCOPE, body_hash, canonical, digest


def test_canonical_json_does_not_depend_on_key_order():
    assert canonical({"b": 1, "a": "ә"}) == canonical({"a": "ә", "b": 1})
    assert body_hash(canonical({"a": 1})) != body_hash(canonical({"a": 2}))


def test_digest_is_independent_of_order_and_sees_a_version_change():
    pairs = [("a", 1), ("b", 2), ("c", 3)]
    assert digest(pairs) == digest(reversed(pairs))
    assert digest(pairs) != digest([("a", 1), ("b", 2), ("c", 4)])
    assert digest([])[0] == 0


def test_records_follow_their_application_into_its_office():
    def lookup(application_id: str) -> str | None:
        return {"app-1": "AKT-05"}.get(application_id)

    assert scopes.scope_of("applications", {"office_code": "AKT-05"}, lookup) == "AKT-05"
    assert scopes.scope_of("incomes", {"application_id": "app-1"}, lookup) == "AKT-05"
    assert scopes.scope_of("incomes", {"application_id": "app-9"}, lookup) is None
    assert scopes.scope_of("staff", {}, lookup) == REFERENCE_SCOPE
    assert scopes.scope_of("transfer_registry", {"sender_office_code": "AKT-07"},
                           lookup) == "AKT-07"


def test_enrolment_codes_are_typed_loosely_and_carry_the_certificate_tag():
    fingerprint = "ab" * 32
    code = new_enrolment_code(fingerprint)
    secret, tag = split_code(code.lower().replace("-", " "))
    assert tag == pin_tag(fingerprint) and len(secret) == 12
    assert code_hash(code) == code_hash(secret)
    assert split_code(new_enrolment_code())[1] == ""

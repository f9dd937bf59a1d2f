"""Protocol pieces: canonical bodies, order-free digests, scopes, enrolment codes."""

from __future__ import annotations

from desktop.sync import scopes
from desktop.sync.codes import (
    code_key,
    desk_proof,
    new_enrolment_code,
    normalise,
    same,
    server_proof,
)
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


def test_enrolment_codes_are_typed_loosely():
    code = new_enrolment_code()
    assert len(code) == 14 and code.count("-") == 2
    assert normalise(code.lower().replace("-", " ")) == code.replace("-", "")
    assert code_key(code.lower()) == code_key(code.replace("-", ""))
    for typed in ("ABCD-EFGH", "ABCD-EFGH-JKMN-PQRS", "ABCD-EFGH-JKM0", "ABCD-EFGH-JKMI"):
        assert normalise(typed) is None  # wrong length, or 0 / I not in the alphabet


def test_each_proof_holds_for_its_own_code_certificate_nonce_and_answer():
    key, other = code_key("ABCD-EFGH-JKMN"), code_key("ABCD-EFGH-JKMP")
    certificate, nonce, node = "ab" * 32, "cd" * 16, "0" * 36
    proof = desk_proof(key, certificate, nonce, node)
    assert len(proof) == 64 and same(proof, desk_proof(key, certificate, nonce, node))
    for changed in (desk_proof(other, certificate, nonce, node),
                    desk_proof(key, "ef" * 32, nonce, node),
                    desk_proof(key, certificate, "00" * 16, node),
                    desk_proof(key, certificate, nonce, "1" * 36)):
        assert not same(proof, changed)
    answer = {"node_id": node, "secret": "s", "desk_number": 2}
    signed = server_proof(key, certificate, nonce, answer)
    assert same(signed, server_proof(key, certificate, nonce, {**answer, "proof": signed}))
    assert not same(signed, desk_proof(key, certificate, nonce, node))  # not a desk's proof
    assert not same(signed, server_proof(key, certificate, nonce, {**answer, "secret": "t"}))
    assert not same(signed, server_proof(other, certificate, nonce, answer))


def _batch(count: int) -> list[dict[str, object]]:
    return [{"t": "members", "id": f"m{n}", "v": 2, "b": 1, "d": "{}"} for n in range(count)]


def test_a_compact_answer_names_the_exceptions_by_place_and_the_rest_are_ok():
    from desktop.sync.protocol import answer_results

    changes = _batch(4)
    refused = {"t": "members", "id": "m2", "s": "refused", "r": "invalid", "f": "iin",
               "p": "iin"}
    read = answer_results({"seq": 3, "count": 4, "other": {"2": refused}}, changes)
    assert read == [(changes[0], None), (changes[1], None), (changes[2], refused),
                    (changes[3], None)]
    # a whole answer (a server of before) is matched by table and id
    whole = [{"t": "members", "id": f"m{n}", "s": "ok", "v": 2} for n in (3, 1, 0)]
    read = answer_results({"seq": 3, "results": whole}, changes)
    assert [(c["id"], r["id"]) for c, r in read] == [("m0", "m0"), ("m1", "m1"),
                                                      ("m3", "m3")]


def test_a_compact_answer_that_does_not_fit_the_batch_is_not_taken():
    import pytest

    from desktop.sync.protocol import answer_results

    changes = _batch(3)
    wrong = {"t": "members", "id": "m0", "s": "refused", "r": "invalid"}
    for answer in ({"seq": 1, "count": 4, "other": {}},  # another batch's count
                   {"seq": 1, "count": 3, "other": {"3": wrong}},  # beyond the batch
                   {"seq": 1, "count": 3, "other": {"-1": wrong}},
                   {"seq": 1, "count": 3, "other": {"1": wrong}},  # another change's place
                   {"seq": 1, "count": 3, "other": {"0": "refused"}},
                   {"seq": 1, "count": 3, "other": []}, {"seq": 1}):
        with pytest.raises(ValueError):
            answer_results(answer, changes)

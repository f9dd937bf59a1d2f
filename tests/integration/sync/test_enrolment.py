"""Enrolment authenticates the server, against the real server over TLS and PostgreSQL.

A man in the middle presents his own certificate, ground until it carries the same short tag
as the server's (the check of the code's fourth group before codes proved the server): the
desk refuses to enrol and pins nothing, whether he relays to the server or answers himself,
and the code never crosses the wire. Refused codes are answered 429 after ten per address
and a hundred in all; a wrong, a used and an expired code each have their sentence.
"""

from __future__ import annotations

import hashlib
import secrets
import ssl
from pathlib import Path

import httpx
import psycopg
import pytest

from desktop import i18n
from desktop.sync import codes
from desktop.sync.client import credentials
from desktop.sync.client.enrol import enrol, enrolled
from desktop.sync.errors import CODE_MALFORMED, PIN_MISMATCH, SyncError
from desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, ErrorCode
from desktop.sync.server import attempts

pytestmark = pytest.mark.postgres

_OLD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _short_tag(der: bytes) -> str:
    """The certificate check of enrolment codes before this change: four code letters from
    the first 32 bits of the certificate's SHA-256 (about 20 bits)."""
    value = int.from_bytes(hashlib.sha256(der).digest()[:4], "big")
    return "".join(_OLD_ALPHABET[(value >> (5 * i)) % 31] for i in range(4))


def _der(pem_path: Path) -> bytes:
    return ssl.PEM_cert_to_DER_cert(pem_path.read_text(encoding="ascii"))


def _ground(certificate, real: Path) -> tuple[Path, Path]:
    """Another self-signed certificate (another key) whose short tag is the real one's: its
    serial number is changed until the tag matches, as an attacker grinds (a few seconds;
    the signature is not made again: the desk pins the certificate itself and OpenSSL does
    not check a trust anchor's own signature)."""
    wanted = _short_tag(_der(real))
    marker = 0x5EED_0000_0000_0001
    cert_path, key_path = certificate("impostor", serial=marker)
    der = bytearray(_der(cert_path))
    at = der.index(marker.to_bytes(8, "big")) + 4
    sha256 = hashlib.sha256
    for value in range(1 << 26):
        der[at:at + 4] = value.to_bytes(4, "big")
        if _short_tag(der) == wanted:  # sha256 per try: about a million tries
            break
    else:  # pragma: no cover - 2^26 tries without a 20-bit match
        raise AssertionError("no certificate with the same tag")
    assert sha256(der).digest() != sha256(_der(real)).digest()
    cert_path.write_text(ssl.DER_cert_to_PEM_cert(bytes(der)), encoding="ascii")
    return cert_path, key_path


def _nodes(database: str) -> list[str]:
    with psycopg.connect(database) as connection:
        return [r[0] for r in connection.execute("SELECT id FROM nodes").fetchall()]


def _nothing_kept(desk) -> None:
    assert enrolled(desk.db) is None  # no address, no pinned certificate
    assert credentials.load_secret(desk.db.node_id) is None


@pytest.mark.parametrize("relay", [True, False], ids=["relaying", "answering"])
def test_a_certificate_ground_to_the_same_short_tag_is_refused(tls_server, certificate,
                                                               man_in_the_middle, desks,
                                                               relay):
    server = tls_server
    code = server.cli("enrol", "--office", "AKT-05", "--cert", str(server.cert[0]))
    impostor = _ground(certificate, server.cert[0])
    assert _short_tag(_der(impostor[0])) == _short_tag(_der(server.cert[0]))
    north = desks("AKT-05")

    with man_in_the_middle(impostor, server.port, relay=relay) as attacker, \
            pytest.raises(SyncError) as refused:
        enrol(north.db, attacker.url, code)

    assert refused.value.code in (PIN_MISMATCH, ErrorCode.ENROLMENT_CERTIFICATE.value)
    _nothing_kept(north)
    assert north.db.node_id not in _nodes(server.database)
    typed = code.replace("-", "").encode()
    assert attacker.seen and typed not in attacker.seen.replace(b"-", b"")
    if relay:  # the server saw a proof over another certificate: the code is cancelled
        assert refused.value.code == ErrorCode.ENROLMENT_CERTIFICATE.value
        assert "another certificate" in server.log.read_text(encoding="utf-8")
        with pytest.raises(SyncError) as later:
            enrol(north.db, server.url, code)
        assert later.value.code == ErrorCode.ENROLMENT_USED.value
    else:
        enrol(north.db, server.url, code)  # the code is still good with the real server
        assert north.sync().pushed_batches >= 1


def test_the_desk_enrols_over_tls_and_pins_the_servers_certificate(tls_server, desks):
    north = desks("AKT-05")
    north.fill(3, seed=1)
    north.enrol(tls_server)
    found = enrolled(north.db)
    assert found is not None and found.desk_number == 1
    assert ssl.PEM_cert_to_DER_cert(found.server_cert or "") == _der(tls_server.cert[0])
    assert north.sync().accepted > 0


def _post(server, proof_for: bytes, *, address: str = "127.0.0.1",
          node_id: str = "0" * 8 + "-0000-0000-0000-" + "0" * 12) -> httpx.Response:
    seen = hashlib.sha256(_der(server.cert[0])).hexdigest()
    nonce = secrets.token_hex(16)
    body = {"node_id": node_id, "name": "probe", "nonce": nonce, "certificate": seen,
            "proof": codes.desk_proof(proof_for, seen, nonce, node_id)}
    with httpx.Client(verify=False, transport=httpx.HTTPTransport(
            local_address=address, verify=False)) as client:
        return client.post(server.url.replace("localhost", "127.0.0.1") + "/v1/enrol",
                           json=body, headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)})


def test_wrong_codes_are_answered_429_per_address_and_in_all(tls_server, desks):
    server = tls_server
    wrong = codes.code_key("AAAA-BBBB-CCCC")
    for _ in range(attempts.PER_ADDRESS):
        answer = _post(server, wrong, address="127.0.0.2")
        assert answer.status_code == 403 and answer.json()["error"] == "enrolment_invalid"
    right = server.cli("enrol", "--office", "AKT-05")
    throttled = _post(server, codes.code_key(right), address="127.0.0.2")  # even the right one
    assert throttled.status_code == 429
    assert throttled.json()["error"] == ErrorCode.TOO_MANY_ATTEMPTS.value
    assert 0 < int(throttled.headers["Retry-After"]) <= attempts.WINDOW.total_seconds()

    north = desks("AKT-05")
    north.enrol(server)  # another address is not held back by this one
    for number in range(3, 3 + (attempts.OVERALL - attempts.PER_ADDRESS) // attempts.PER_ADDRESS):
        for _ in range(attempts.PER_ADDRESS):
            assert _post(server, wrong, address=f"127.0.0.{number}").status_code == 403
    south = desks("AKT-07")
    with pytest.raises(SyncError) as held:
        enrol(south.db, server.url, server.cli("enrol", "--office", "AKT-07"))
    assert held.value.code == ErrorCode.TOO_MANY_ATTEMPTS.value
    for lang in ("kk", "ru"):
        sentence = i18n.render(held.value.message, lang)
        assert str(held.value.params["minutes"]) in sentence and "{" not in sentence
    _nothing_kept(south)


def test_a_wrong_a_used_and_an_expired_code_each_have_their_sentence(server, desks):
    north, south = desks("AKT-05"), desks("AKT-05")
    code = server.cli("enrol", "--office", "AKT-05")
    refusals = {}
    for name, typed in (("malformed", "ABCD-EFGH"), ("wrong", "ABCD-EFGH-JKMN")):
        with pytest.raises(SyncError) as refused:
            enrol(south.db, server.url, typed)
        refusals[name] = refused.value
    enrol(north.db, server.url, code)
    with pytest.raises(SyncError) as used:
        enrol(south.db, server.url, code)
    refusals["used"] = used.value
    late = server.cli("enrol", "--office", "AKT-05")
    with psycopg.connect(server.database) as connection:
        connection.execute("UPDATE enrolments SET expires_at = now() - interval '1 minute' "
                           "WHERE used_at IS NULL")
    with pytest.raises(SyncError) as expired:
        enrol(south.db, server.url, late)
    refusals["expired"] = expired.value

    assert {name: error.code for name, error in refusals.items()} == {
        "malformed": CODE_MALFORMED, "wrong": ErrorCode.ENROLMENT_INVALID.value,
        "used": ErrorCode.ENROLMENT_USED.value, "expired": ErrorCode.ENROLMENT_EXPIRED.value}
    for lang in ("kk", "ru"):
        sentences = {i18n.render(error.message, lang) for error in refusals.values()}
        assert len(sentences) == len(refusals)
    _nothing_kept(south)
    assert _nodes(server.database) == [north.db.node_id]

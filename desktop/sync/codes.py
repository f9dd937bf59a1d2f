"""Enrolment codes, typed by a person, and the proofs by which desk and server show each
other that they know the same code, over the certificate the desk was presented.

A code is twelve letters, ``XXXX-XXXX-XXXX``, of a 31-letter alphabet: 59.4 bits. It never
crosses the network. Both sides stretch it with scrypt into a 32-byte key (the server when it
makes the code, keeping only the key; the desk when a person types it). Then, over the
certificate the desk was presented (its SHA-256; empty for plain ``http://`` on this
computer) and a random nonce of the desk:

* the desk sends :func:`desk_proof`; a man in the middle sees it bound to *his* certificate,
  so relaying it to the real server is refused (the server checks it over its own);
* the server finds the code whose key gives that proof, and answers the desk's secret with
  :func:`server_proof` over the same certificate, nonce and every field of the answer;
* the desk checks that proof before it stores or pins anything.

Whoever does not know the code cannot make either proof: guessing the 256-bit HMAC is
hopeless, and recovering the code from a proof he saw costs one scrypt per guess over 2^59
codes (docs/security.md, "Enrolment authenticates the server", has the arithmetic).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping

from desktop.sync.protocol import canonical

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1: read aloud over a phone
CODE_LENGTH = 12
GROUP = 4
NONCE_BYTES = 16
# scrypt of the code: 32 MiB and about 0.1 s of one core per code tried, on either side
_SCRYPT = {"n": 2 ** 15, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}
_SALT = b"komek enrolment code v1"
_DESK = b"komek enrolment: desk v1"
_SERVER = b"komek enrolment: server v1"


def new_enrolment_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalise(code: str) -> str | None:
    """The code's twelve letters as typed in any case, with or without dashes or spaces;
    None when it cannot be a code (wrong length or a letter not in the alphabet)."""
    raw = "".join(ch for ch in code.upper() if not ch.isspace() and ch not in "-_.")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return None
    return raw


def code_key(code: str) -> bytes:
    """The key both sides derive from a code (raises ValueError for what is not a code)."""
    raw = normalise(code)
    if raw is None:
        raise ValueError("not an enrolment code")
    return hashlib.scrypt(raw.encode("ascii"), salt=_SALT, **_SCRYPT)


def key_id(key: bytes) -> str:
    """A name for a code's key in the server's table (its SHA-256, not the key itself)."""
    return hashlib.sha256(b"id" + key).hexdigest()


def _mac(key: bytes, *parts: bytes) -> str:
    message = b"".join(len(part).to_bytes(4, "big") + part for part in parts)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def desk_proof(key: bytes, certificate_sha256: str, nonce: str, node_id: str) -> str:
    """The desk's proof that it knows the code, bound to the certificate it was presented."""
    return _mac(key, _DESK, certificate_sha256.encode(), nonce.encode(), node_id.encode())


def server_proof(key: bytes, certificate_sha256: str, nonce: str,
                 answer: Mapping[str, object]) -> str:
    """The server's proof that it knows the code, over its certificate, the desk's nonce and
    every field of its answer (``proof`` itself left out)."""
    fields = canonical({k: v for k, v in answer.items() if k != "proof"})
    return _mac(key, _SERVER, certificate_sha256.encode(), nonce.encode(), fields)


def same(proof: str, expected: str) -> bool:
    return hmac.compare_digest(proof.encode(), expected.encode())

"""Enrolment codes: typed by a person, with an optional tag of the server's certificate.

``XXXX-XXXX-XXXX`` is the one-time secret; a fourth group, when present, is made from the
SHA-256 of the server's certificate, so the desk can tell it reached the right server.
"""

from __future__ import annotations

import hashlib
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1: read aloud over a phone
CODE_LENGTH = 12
PIN_LENGTH = 4


def pin_tag(cert_sha256_hex: str) -> str:
    """Four code letters from the certificate's SHA-256."""
    value = int(cert_sha256_hex[:8], 16)
    return "".join(CODE_ALPHABET[(value >> (5 * i)) % len(CODE_ALPHABET)]
                   for i in range(PIN_LENGTH))


def new_enrolment_code(cert_sha256_hex: str | None = None) -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    if cert_sha256_hex:
        raw += pin_tag(cert_sha256_hex)
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def split_code(code: str) -> tuple[str, str]:
    """(secret part, certificate tag or '') of a code typed in any case, with or without
    dashes."""
    raw = "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())
    return raw[:CODE_LENGTH], raw[CODE_LENGTH:]


def code_hash(code: str) -> str:
    return hashlib.sha256(split_code(code)[0].encode("ascii")).hexdigest()

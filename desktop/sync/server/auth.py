"""Secrets of the district server: enrolment codes, node credentials, their hashes.

A desk's secret is 32 random bytes sent once, at enrolment. The server keeps only
``sha256("auth" + secret)`` to check requests, and the bundle key derived from it; the
enrolment code is kept as its hash too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from desktop.sync.bundle import bundle_key
from desktop.sync.codes import code_hash, new_enrolment_code, pin_tag, split_code

__all__ = ["auth_hash", "check_secret", "code_hash", "decode_secret", "encode_secret",
           "new_enrolment_code", "new_secret", "node_bundle_key", "pin_tag", "split_code"]


def new_secret() -> bytes:
    return secrets.token_bytes(32)


def encode_secret(secret: bytes) -> str:
    return base64.urlsafe_b64encode(secret).decode("ascii").rstrip("=")


def decode_secret(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def auth_hash(secret: bytes) -> str:
    return hashlib.sha256(b"auth" + secret).hexdigest()


def node_bundle_key(secret: bytes) -> bytes:
    return bundle_key(secret)


def check_secret(secret: bytes, stored_hash: str) -> bool:
    return hmac.compare_digest(auth_hash(secret), stored_hash)

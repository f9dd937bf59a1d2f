"""Secrets of the district server: enrolment codes, node credentials, their hashes.

A desk's secret is 32 random bytes sent once, at enrolment. The server keeps only
``sha256("auth" + secret)`` to check requests, and the bundle key derived from it; of an
enrolment code it keeps only the key scrypt derives from it (``desktop.sync.codes``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from desktop.sync.bundle import bundle_key

__all__ = ["auth_hash", "check_secret", "decode_secret", "encode_secret", "new_secret",
           "node_bundle_key"]


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

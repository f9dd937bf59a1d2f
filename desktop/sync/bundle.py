"""Sync bundles: the pending changes of a desk, or the district's reply, as one file.

A bundle is ``MAGIC``, a 4-byte header length, a JSON header in clear (format, kind, node,
bundle id, time) and the zlib-compressed JSON body encrypted with AES-256-GCM. The key is
derived (HKDF-SHA256) from the secret the desk received at enrolment, which only the desk and
the district server hold: the GCM tag authenticates the header and the body together, so a
changed byte anywhere, a bundle of another desk or a wrong key are all refused.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.domain.text import Text

MAGIC = b"KOMEK-BUNDLE\x00\x01"
FORMAT = "komek.sync-bundle"
VERSION = 1
PUSH = "push"
REPLY = "reply"
_NONCE = 12


class BundleError(ValueError):
    """The file is not a bundle this desk or server can accept; ``message`` says why."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Bundle:
    header: dict[str, Any]
    body: dict[str, Any]

    @property
    def node(self) -> str:
        return str(self.header["node"])

    @property
    def kind(self) -> str:
        return str(self.header["kind"])


def bundle_key(secret: bytes) -> bytes:
    """The AES key of a desk's bundles, derived from its enrolment secret."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"komek-sync",
                info=b"bundle v1").derive(secret)


def seal(header: dict[str, Any], body: dict[str, Any], key: bytes) -> bytes:
    """The bytes of a bundle with ``header`` (node, kind, id ...) and ``body``."""
    head = json.dumps({"format": FORMAT, "version": VERSION, **header}, sort_keys=True,
                      ensure_ascii=False).encode("utf-8")
    nonce = os.urandom(_NONCE)
    plain = zlib.compress(json.dumps(body, ensure_ascii=False).encode("utf-8"), 6)
    sealed = AESGCM(key).encrypt(nonce, plain, MAGIC + head)
    return MAGIC + struct.pack(">I", len(head)) + head + nonce + sealed


def read_header(data: bytes) -> dict[str, Any]:
    """The clear header of a bundle (who it is from), before the key is known."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise BundleError("not_a_bundle", Text("The file is not a Kömek sync bundle."))
    (size,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    raw = data[len(MAGIC) + 4:len(MAGIC) + 4 + size]
    try:
        header = json.loads(raw)
    except (ValueError, RecursionError) as error:  # RecursionError: nested too deep
        raise BundleError("tampered", Text(
            "The bundle is damaged or has been changed; it was not applied.")) from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BundleError("not_a_bundle", Text("The file is not a Kömek sync bundle."))
    if header.get("version") != VERSION:
        raise BundleError("version", Text(
            "The bundle was made by another version of Kömek; update the program."))
    return header


def _inflate(compressed: bytes, limit: int | None) -> bytes:
    """``compressed`` decompressed, refused beyond ``limit`` bytes (None: any size) before
    more than that is made."""
    if limit is None:
        return zlib.decompress(compressed)
    inflater = zlib.decompressobj()
    plain = inflater.decompress(compressed, limit + 1)
    if len(plain) > limit or inflater.unconsumed_tail:
        raise BundleError("too_large", Text(
            "The bundle is too large to be relayed through the server; the district "
            "administrator imports it on the server (komek-server import)."))
    return plain


def open_bundle(data: bytes, key: bytes, *, limit: int | None = None) -> Bundle:
    """Check and decrypt a bundle; raises BundleError if it was changed or is not for ``key``.
    ``limit``: the most bytes its body may take decompressed (None: any)."""
    header = read_header(data)
    size = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])[0]
    start = len(MAGIC) + 4 + size
    head, nonce, sealed = data[len(MAGIC) + 4:start], data[start:start + _NONCE], \
        data[start + _NONCE:]
    damaged = BundleError("tampered", Text(
        "The bundle is damaged or has been changed; it was not applied."))
    try:
        plain = AESGCM(key).decrypt(nonce, sealed, MAGIC + head)
        text = _inflate(plain, limit)
    except (InvalidTag, ValueError, zlib.error) as error:
        if isinstance(error, BundleError):
            raise
        raise damaged from error
    try:
        body = json.loads(text)
    except (ValueError, RecursionError) as error:  # RecursionError: nested too deep
        raise damaged from error
    if not isinstance(body, dict):
        raise damaged
    return Bundle(header, body)

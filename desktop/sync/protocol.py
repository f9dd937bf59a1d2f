"""The wire format shared by the desk and the district server (no I/O, no SQLAlchemy).

A *change* is ``{"t": table, "id": record id, "v": version, "b": base version, "d": column
values or null for a delete}``. A push batch is ``{"node": id, "seq": n, "changes": [...]}``;
the server keys it by ``(node, seq)`` and by the SHA-256 of the body. In a push (protocol 2)
each change's ``d`` is the record's JSON object as a *string*, which the server stores as
it is without decoding every record; pulled and fetched changes carry the object itself.
An acknowledgement holds one result per change: ``ok``, ``conflict`` (with the server's side)
or ``refused`` (with a reason code and, for a record that does not meet its table's
definition, the field and what is wrong with it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

# 2: a pushed change's record is its JSON text (a string), see the module's docstring
PROTOCOL_VERSION = 2
PROTOCOL_HEADER = "Komek-Protocol"
# The program's own version (package metadata), sent by the desk with every request and by
# the server with every answer: a district administrator sees in the server log which desks
# still run an old build, and a desk can tell the person which version the server runs.
VERSION_HEADER = "Komek-Version"
# A desk that says ``Komek-Answers: compact`` with a push is answered in the compact form
# (``{"seq", "count", "other"}``: only the results that are not plain "ok", by their place;
# see ``answer_results``); a desk of before, which does not say it, gets one result per
# change. A server of before ignores the header: the desk reads both forms.
ANSWERS_HEADER = "Komek-Answers"
COMPACT = "compact"
REFERENCE_SCOPE = "*"  # offices and staff: shared by the whole district
# A desk's number within its office (enrolment answer ``desk_number``), part of the
# registration numbers it issues: 1 to 3 digits, never 4 (desktop.storage.registration)
MAX_DESK_NUMBER = 999
# A pushed application whose registration number another application of its office holds:
# accepted (``ok``), and its result names the other application under ``dup``
DUPLICATE_NUMBER = "duplicate_registration_number"
# Columns that say when and where a copy of a record was made, not what the record is:
# left out when two sides of a record are compared, at the desk and on the server
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at", "origin_node"})

# Limits of a request, the same at the desk (which keeps its requests within them) and at
# the server (which answers a request beyond them with ``too_large`` or ``bad_request``
# before it decodes it). See docs/sync.md, "Limits".
MAX_PUSH_BYTES = 16 * 1024 * 1024  # the body of one push
MAX_PUSH_ITEMS = 320_000  # the push body's ``json_items`` (see below)
MAX_CHANGES = 5_000  # changes in one push batch
MAX_FETCH_IDS = 1_000  # record ids in one fetch
MAX_PULL_LIMIT = 10_000  # ``limit`` of one pull page
MAX_INT = 2**31 - 1  # batch numbers and versions: PostgreSQL's integer
MAX_CURSOR = 2**63 - 1  # change-feed cursors: PostgreSQL's bigint

OK = "ok"
CONFLICT = "conflict"
REFUSED = "refused"


class ErrorCode(StrEnum):
    """Machine-readable reasons in the server's error answers (``{"error": code}``)."""

    BAD_CREDENTIALS = "bad_credentials"
    REVOKED = "revoked"
    PROTOCOL = "protocol_mismatch"
    BAD_REQUEST = "bad_request"
    BATCH_MISMATCH = "batch_mismatch"
    ENROLMENT_INVALID = "enrolment_invalid"  # no code gives the desk's proof: wrong code
    ENROLMENT_USED = "enrolment_used"
    ENROLMENT_EXPIRED = "enrolment_expired"
    # the desk's proof is over another certificate than the server's: a man in the middle
    # (or a proxy in front of the server); the code is cancelled
    ENROLMENT_CERTIFICATE = "enrolment_certificate"
    ENROLMENT_OFFICE = "enrolment_office"  # the desk is enrolled for another office
    TOO_MANY_ATTEMPTS = "too_many_attempts"  # 429: too many refused enrolments, wait
    FORBIDDEN = "forbidden"
    # 404 from ``/v1/push/answer``: no batch of the asking desk under that number (never
    # pushed, or not applied yet): the desk sends the batch itself
    NO_BATCH = "no_batch"
    TOO_LARGE = "too_large"  # 413: a body, a batch or a fetch beyond the limits above
    BUSY = "busy"  # 429: too many requests at once, of this desk or of all (Retry-After)
    TIMEOUT = "timeout"  # 408: a body that came too slowly, or stopped
    SERVER = "server_error"


class RefusalReason(StrEnum):
    """Why the server refused one change of a batch (the rest of the batch is applied).

    A refused result is ``{"t", "id", "s": "refused", "r": reason}`` and, where the reason is
    about one field, ``"f"``: the field's column name, and ``"p"``: what is wrong with it
    (a :class:`FieldProblem` value). The desk keeps the change aside as a conflict of kind
    ``refused`` and shows the reason in the person's language (``desktop.sync.errors``)."""

    SCOPE = "outside_scope"  # another office's case, or reference data an akimat may not edit
    UNKNOWN_TABLE = "unknown_table"
    INVALID = "invalid"  # the record does not meet its table's definition (field f, problem p)
    NOT_OWNER = "not_owner"  # an office or staff record, or a scope field, of another office
    REGISTERED = "registered"  # a registered application, a decision or a case event: the
    # case path adds new records (amendments, decisions, events), it never rewrites these


class FieldProblem(StrEnum):
    """What is wrong with one field of a record refused as ``invalid`` (the result's ``p``;
    ``f`` names the column). The definitions are ``desktop.sync.records``: the desk's own
    tables, so the server refuses exactly what a desk could not store or should not hold."""

    TYPE = "type"  # not a text, a whole number or true/false as the column holds
    DATE = "date"  # not a date, a date and time, or a quarter (2026-Q1) as the desk writes it
    CHOICE = "choice"  # not one of the column's enumeration (a channel, a relationship…)
    LENGTH = "length"  # longer than the column's length
    CONTROL_CHARACTER = "control_character"  # NUL and the other invisible control characters
    IIN = "iin"  # an IIN that fails its check (length, digits, date, check digit)
    IBAN = "iban"  # a Kazakhstan IBAN that fails its check
    REQUIRED = "required"  # missing or null where the desk's table needs a value
    RANGE = "range"  # a number outside the column's range (a month 1 to 12)
    REFERENCE = "reference"  # names a record the server does not hold (its application, a
    # member, an office, a staff member) or an office code that is no office of the district
    UNKNOWN_FIELD = "unknown_field"  # a column the desk's table does not have
    TOO_LARGE = "too_large"  # an integer beyond 64 bits, a text beyond the bound of free text
    MALFORMED = "malformed"  # the record is not a JSON object at all (no field to name)
    IDENTITY = "identity"  # the record's own id is not the change's


def answer_results(answer: dict[str, Any], changes: list[dict[str, Any]]
                   ) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each change of a batch (``changes``, as it was sent) with its result in the server's
    ``answer`` to it. A compact answer (``{"seq", "count", "other": {place: result}}``, what
    the server keeps, and answers to a desk that asks for it: see ``ANSWERS_HEADER``) names
    only the results that say more than "ok at the change's version", by their place in the
    batch: the others are None. A whole answer (``{"seq", "results"}``, a server of before)
    is matched by table and id. Raises ValueError when a compact answer does not fit the
    batch (another count, a place that is not the change's)."""
    results = answer.get("results")
    if isinstance(results, list):
        by_key = {(str(r["t"]), str(r["id"])): r for r in results}
        return [(c, by_key[key]) for c in changes
                if (key := (str(c["t"]), str(c["id"]))) in by_key]
    other = answer.get("other")
    if answer.get("count") != len(changes) or not isinstance(other, dict):
        raise ValueError("the answer does not fit the batch")
    found: list[tuple[dict[str, Any], dict[str, Any] | None]] = [(c, None) for c in changes]
    for place, result in other.items():
        if not place.isdigit() or int(place) >= len(changes) or not isinstance(result, dict):
            raise ValueError("the answer does not fit the batch")
        change = changes[int(place)]
        if result.get("t") != change["t"] or result.get("id") != change["id"]:
            raise ValueError("the answer does not fit the batch")
        found[int(place)] = (change, result)
    return found


def listed_results(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The results an answer names: all of a whole one, the exceptions of a compact one."""
    results = answer.get("results")
    if isinstance(results, list):
        return results
    other = answer.get("other")
    return list(other.values()) if isinstance(other, dict) else []


def canonical(value: Any) -> bytes:
    """The one JSON encoding of ``value`` that hashes are taken over."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def json_items(body: bytes) -> int:
    """An upper bound on the values and keys that decoding the JSON ``body`` makes, counted
    without decoding it: each one but the first of an array or object follows a comma, and
    each array or object opens with a bracket (those inside strings are counted too, so the
    bound also covers a record's JSON text decoded later). It bounds the memory a body can
    take once decoded, which its size alone does not: ``[{},{},…]`` takes some 30 times its
    size, a batch of records as text about twice."""
    # one pass over the body (three counts took half as long again)
    return len(body) - len(body.translate(None, b",{[")) + 1


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def record_hash(record_id: str, version: int) -> int:
    """64 bits of ``md5(id:version)`` as a signed integer; PostgreSQL computes the same."""
    digest = hashlib.md5(f"{record_id}:{version}".encode(), usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def digest(pairs: Iterable[tuple[str, int]]) -> tuple[int, int]:
    """(count, XOR of :func:`record_hash`) of ``(id, version)`` pairs: independent of order."""
    count = 0
    folded = 0
    for record_id, version in pairs:
        count += 1
        folded ^= record_hash(record_id, version)
    return count, folded

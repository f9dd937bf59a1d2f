"""The district server's tables (SQLAlchemy Core); created by the server's own migrations.

The server keeps each synced record as a JSON document with its version, scope (office code)
and the change-feed cursor of its last change, plus every version in ``record_history``: it
is the district's meeting point and change feed, and needs no copy of the desk's schema.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Sequence,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSON, JSONB

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

change_cursor = Sequence("change_cursor", metadata=metadata)

offices = Table(
    "offices", metadata,
    Column("code", String(12), primary_key=True),
    Column("kind", String(24), nullable=False),  # "akimat" | "district"
    Column("created_at", DateTime(timezone=True), nullable=False),
)

nodes = Table(
    "nodes", metadata,
    Column("id", String(64), primary_key=True),
    Column("office_code", String(12), ForeignKey("offices.code"), nullable=False),
    Column("name", String(200), nullable=False, default=""),
    Column("auth_hash", String(64), nullable=False),
    Column("bundle_key", LargeBinary, nullable=False),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_seen_at", DateTime(timezone=True)),
    # 1, 2, … within the office, given at enrolment: part of the desk's registration numbers
    Column("desk_number", Integer),
    UniqueConstraint("office_code", "desk_number"),
)

enrolments = Table(
    "enrolments", metadata,
    # codes.key_id of the code's key (before s0003: the SHA-256 of the code itself)
    Column("code_hash", String(64), primary_key=True),
    Column("office_code", String(12), ForeignKey("offices.code"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),  # used, or cancelled when node_id is null
    Column("node_id", String(64)),
    # the key scrypt derives from the code (codes.code_key): the desk's and the server's
    # proofs are HMACs under it; null for a code made before s0003 (no longer usable)
    Column("verifier", LargeBinary),
)

# Refused enrolments, by source address: too many in a window are answered 429
enrolment_attempts = Table(
    "enrolment_attempts", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("address", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_enrolment_attempts_at", "at"),
    Index("ix_enrolment_attempts_address_at", "address", "at"),
)

records = Table(
    "records", metadata,
    Column("table_name", String(64), nullable=False),
    Column("id", String(36), nullable=False),
    Column("scope", String(12), nullable=False),
    Column("version", Integer, nullable=False),
    Column("data", JSON),  # as the desk sent it (revision s0005)
    Column("deleted", Boolean, nullable=False, default=False),
    Column("cursor", BigInteger, nullable=False),
    Column("changed_by", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("table_name", "id"),
    Index("ix_records_cursor", "cursor", unique=True),
    Index("ix_records_scope_cursor", "scope", "cursor"),
    Index("ix_records_registration_number", text("(data ->> 'registration_number')"),
          postgresql_where=text("table_name = 'applications'")),
)

record_history = Table(
    "record_history", metadata,
    Column("cursor", BigInteger, primary_key=True),
    Column("table_name", String(64), nullable=False),
    Column("id", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("data", JSON),
    Column("deleted", Boolean, nullable=False),
    Column("node_id", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_record_history_record", "table_name", "id", "version"),
)

# Per (table, scope): the count of live records and the XOR of their record_hash(id, version),
# kept by statement triggers on records in the writer's transaction (revision s0004): what
# the daily consistency check reads
record_digests = Table(
    "record_digests", metadata,
    Column("table_name", String(64), nullable=False),
    Column("scope", String(12), nullable=False),
    Column("n", BigInteger, nullable=False),
    Column("folded", BigInteger, nullable=False),
    PrimaryKeyConstraint("table_name", "scope"),
)

push_batches = Table(
    "push_batches", metadata,
    Column("node_id", String(64), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("body_hash", String(64), nullable=False),
    Column("response", JSONB, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("node_id", "seq"),
)

conflicts = Table(
    "conflicts", metadata,
    Column("id", String(36), primary_key=True),
    Column("table_name", String(64), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("scope", String(12), nullable=False),
    Column("node_id", String(64), nullable=False),
    Column("reason", String(64), nullable=False, default=""),
    Column("base_version", Integer, nullable=False),
    Column("mine_version", Integer, nullable=False),
    Column("theirs_version", Integer, nullable=False),
    Column("mine", JSONB),
    Column("theirs", JSONB),
    Column("detected_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
    Index("ix_conflicts_record", "table_name", "record_id"),
)

reference_documents = Table(
    "reference_documents", metadata,
    Column("name", String(100), primary_key=True),
    Column("content", JSONB, nullable=False),
    Column("version", Integer, nullable=False),
    Column("cursor", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

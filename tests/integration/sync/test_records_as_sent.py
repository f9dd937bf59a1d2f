"""Revision s0005: a district's records kept as the desks sent them (``json``), their
digests' hash inlined by PostgreSQL, one index fewer. A district database of before keeps
every record and its digests through the upgrade, and PostgreSQL computes the very hash
the desks do."""

from __future__ import annotations

import json

import psycopg
import pytest

from desktop.sync.protocol import record_hash
from desktop.sync.server.pull import DIGESTS_FROM_SCRATCH
from tests.integration.sync.conftest import district_at

pytestmark = pytest.mark.postgres

# generated records of two offices, one deleted, one edited after it was written
_RECORDS = [
    ("applications", "a-1", "AKT-05", 1, {"registration_number": "AKT-05-2026-000001",
                                          "applicant_name": "Әбенова Гүлнар Серікқызы",
                                          "status": "registered"}),
    ("members", "m-1", "AKT-05", 3, {"surname": "Үсенов", "incomes": [1.5, 2, None],
                                     "note": "тырнақша \" және \\ белгі\n"}),
    ("members", "m-2", "AKT-07", 1, None),
    ("incomes", "i-1", "AKT-07", 2, {"amount": "125000.50", "quarter": 3}),
]


def _digests(connection: psycopg.Connection) -> dict[tuple[str, str], tuple[int, int]]:
    return {(t, s): (n, f) for t, s, n, f in connection.execute(
        "SELECT table_name, scope, n, folded FROM record_digests WHERE n <> 0")}


def test_a_district_of_before_keeps_its_records_and_digests_through_the_upgrade(postgres):
    from desktop.sync.server import db as server_db

    name = "district_before_s0005"
    engine = district_at(postgres, name, "s0004_record_digests")
    try:
        with psycopg.connect(postgres.url(name)) as connection:
            for cursor, (table, record_id, scope, version, data) in enumerate(_RECORDS, 1):
                connection.execute(
                    "INSERT INTO records (table_name, id, scope, version, data, deleted, "
                    "cursor, changed_by, updated_at) VALUES (%s, %s, %s, %s, %s::jsonb, %s, "
                    "%s, 'n-a', now())", (table, record_id, scope, version,
                                          None if data is None else json.dumps(data),
                                          data is None, cursor))
            connection.execute("UPDATE records SET version = 4 WHERE id = 'm-1'")
            before = _digests(connection)
        server_db.upgrade(engine)
    finally:
        engine.dispose()

    with psycopg.connect(postgres.url(name)) as connection:
        types = dict(connection.execute(
            "SELECT table_name, data_type FROM information_schema.columns "
            "WHERE column_name = 'data' AND table_name IN ('records', 'record_history')"))
        assert types == {"records": "json", "record_history": "json"}
        stored = {record_id: (version, data) for record_id, version, data in
                  connection.execute("SELECT id, version, data FROM records")}
        assert stored == {record_id: (4 if record_id == "m-1" else version, data)
                          for _t, record_id, _s, version, data in _RECORDS}
        assert _digests(connection) == before == {
            (t, s): (n, f) for t, s, n, f in connection.execute(DIGESTS_FROM_SCRATCH)}
        assert before[("members", "AKT-05")] == (1, record_hash("m-1", 4))
        # the desks' hash, computed by PostgreSQL as an expression of its own (inlined)
        for record_id, version, hashed in connection.execute(
                "SELECT id, version, komek_record_hash(id, version) FROM records"):
            assert hashed == record_hash(record_id, version)
        plan = "\n".join(row[0] for row in connection.execute(
            "EXPLAIN VERBOSE SELECT komek_record_hash(id, version) FROM records"))
        assert "md5(" in plan and "komek_record_hash" not in plan
        indexes = {row[0] for row in connection.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'records'")}
        assert "ix_records_table_scope" not in indexes
        assert {"ix_records_scope_cursor", "ix_records_registration_number"} <= indexes
        # an edit after the upgrade is folded in by the same triggers
        connection.execute("UPDATE records SET version = 5, data = %s::json WHERE id = 'i-1'",
                           (json.dumps({"amount": "1.00"}),))
        assert _digests(connection) == {
            (t, s): (n, f) for t, s, n, f in connection.execute(DIGESTS_FROM_SCRATCH)}

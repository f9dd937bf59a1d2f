"""The audit log is append-only and hash-chained; tampering is detected."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DatabaseError as SQLDatabaseError

from desktop.demo.samples import sample_application
from desktop.storage.audit import append_audit, verify_audit_chain
from desktop.storage.database import Database
from desktop.storage.repositories.applications import save_draft


def _fill(db: Database, n: int = 5) -> None:
    with db.session() as session:
        for i in range(n):
            append_audit(session, action="test", table_name="applications", record_id=f"r{i}",
                         changes={"status": ("draft", "registered")})


def test_a_fresh_chain_verifies(db: Database) -> None:
    _fill(db)
    with db.session() as session:
        result = verify_audit_chain(session)
    assert result.ok and result.rows_checked == 5


def test_the_database_refuses_to_update_or_delete_audit_rows(db: Database) -> None:
    _fill(db, 1)
    for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(SQLDatabaseError, match="append-only"), db.engine.begin() as c:
            c.exec_driver_sql(sql)


def test_an_edited_row_breaks_the_chain_there(db: Database) -> None:
    _fill(db)
    with db.engine.begin() as c:
        c.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        c.exec_driver_sql("UPDATE audit_log SET changes = '{}' WHERE seq = 3")
    with db.session() as session:
        result = verify_audit_chain(session)
    assert not result.ok and result.first_bad_seq == 3 and result.rows_checked == 2


def test_a_deleted_row_breaks_the_chain(db: Database) -> None:
    _fill(db)
    with db.engine.begin() as c:
        c.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        c.exec_driver_sql("DELETE FROM audit_log WHERE seq = 2")
    with db.session() as session:
        result = verify_audit_chain(session)
    assert not result.ok and result.first_bad_seq == 3


def test_saving_an_application_audits_field_names_not_personal_values(db: Database) -> None:
    app = sample_application()
    save_draft(db, app)
    with db.engine.connect() as c:
        rows = c.exec_driver_sql("SELECT action, fields, changes FROM audit_log").fetchall()
    assert [r[0] for r in rows] == ["application.create"]
    text = " ".join(str(v) for r in rows for v in r)
    for member in app.members:
        if member.iin:
            assert member.iin not in text
    assert "Әбдіров" not in text
    assert "27000000" not in text  # an income in tiyn

"""A record the district server refused, in the conflicts view and the status bar: the
reason next to the field as the form names it, in the person's language, and its correction
sent again; the records of its family that wait for it are counted, not listed."""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import i18n
from desktop.demo.samples import sample_application
from desktop.storage.base import utcnow
from desktop.storage.models import ApplicationRecord, ConflictRecord, MemberRecord
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client import settings
from desktop.sync.client.batches import _driver
from desktop.sync.client.codec import encode_raw
from desktop.sync.client.status import sync_status
from desktop.ui.sync.conflicts_dialog import ConflictsDialog

pytestmark = pytest.mark.gui
NUMBER = "AKT-01-2026-000042"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# the form's label of the application date, and the problem, in each language
EXPECTED = {"kk": ("Құжаттардың қабылданған күні", "бар күн емес"),
            "ru": ("Дата приема документов", "не является существующей датой")}


def _raw(db, table: str, record_id: str) -> dict:
    with db.engine.connect() as connection:
        cursor = _driver(connection).execute(f"SELECT * FROM {table} WHERE id = ?",
                                             (record_id,))
        columns = [d[0] for d in cursor.description]
        return encode_raw(table, columns, cursor.fetchone())


def _refused(db, table: str, record_id: str, field: str, problem: str) -> None:
    """A refusal as the desk keeps it from the server's answer (r, f, p)."""
    mine = _raw(db, table, record_id)
    with db.session() as session:
        session.add(ConflictRecord(
            id=str(uuid.uuid4()), kind="refused", table_name=table, record_id=record_id,
            reason="invalid", field=field, problem=problem, base_version=0,
            mine_version=mine["version"], theirs_version=0, mine=json.dumps(mine),
            theirs="null", base="null", theirs_node="", detected_at=utcnow(), resolution=""))


@pytest.fixture
def refused_application(configured_db):
    """An application whose date was refused by the server, and its family, refused for it."""
    db = configured_db
    app = save_draft(db, replace(sample_application(office_code="AKT-01"),
                                 registration_number=NUMBER))
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE applications SET application_date = 'not-a-date' "
                                   "WHERE id = ?", (app.application_id,))
        connection.exec_driver_sql("DELETE FROM sync_outbox")
        settings.write(connection, settings.SERVER_URL, "https://district.example:8443")
    _refused(db, "applications", app.application_id, "application_date", "date")
    with db.session() as session:
        members = session.scalars(select(MemberRecord.id).where(
            MemberRecord.application_id == app.application_id)).all()
    for member in members:
        _refused(db, "members", member, "application_id", "reference")
    return db, app.application_id, len(members)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_refused_record_is_shown_with_its_reason_and_sent_again_corrected(
        qtbot, refused_application, lang, tmp_path):
    db, application_id, family = refused_application
    i18n.set_language(lang)
    dialog = ConflictsDialog(db)
    qtbot.addWidget(dialog)
    label, problem = EXPECTED[lang]
    assert dialog.list.count() == 1  # the family waits for its application: counted
    assert dialog.list.item(0).text().endswith(NUMBER)
    assert f": {family}." in dialog.waiting.text() and not dialog.waiting.isHidden()
    assert f"«{label}»" in dialog.note.text() and problem in dialog.note.text()
    assert dialog.table.item(0, 0).text() == label  # the refused field first
    assert dialog.editor is not None and dialog.editor.text() == "not-a-date"
    assert not dialog.send_again.isHidden() and dialog.take_merged.isHidden()
    # the office by its name and code, never its id (d507733b-…); no value is an id
    shown = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()
             for r in range(1, dialog.table.rowCount())}
    office = shown[{"kk": "Мекеме", "ru": "Учреждение"}[lang]]
    assert office.endswith("(AKT-01)") and len(office) > len("(AKT-01)") + 5, office
    assert not any(UUID.search(value) for value in shown.values()), shown
    dialog.show()
    qtbot.wait(50)
    assert not dialog.table.horizontalScrollBar().isVisible()  # long values wrap instead
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)  # to look at them
    dialog.grab().save(str(folder / f"sync-refused-{lang}.png"))

    dialog.editor.setText("31.02.2026")  # still no such day: said, nothing written
    dialog.send_again.click()
    assert dialog.list.count() == 1 and problem in dialog.note.text()
    dialog.editor.setText("20.11.2026")  # as the program shows dates
    dialog.send_again.click()
    assert dialog.list.count() == 0
    assert f": {family}." in dialog.waiting.text()  # they go once it is accepted
    with db.session() as session:
        record = session.get(ApplicationRecord, application_id)
        assert record.application_date.isoformat() == "2026-11-20"
    state = sync_status(db)
    assert (state.pending, state.set_aside) == (1, family)


def test_the_status_bar_counts_the_records_set_aside(qtbot, refused_application):
    from desktop.ui.language import LanguageController
    from desktop.ui.main_window import AppContext, MainWindow

    db, _application_id, family = refused_application
    window = MainWindow(AppContext(db, LanguageController()))
    qtbot.addWidget(window)
    window.sync_panel.update_status()
    assert f"Қабылданбаған, түзету керек: {family + 1}" in window.status_sync.text()
    assert "қайшылықтар" not in window.status_sync.text()  # they are not two-sided conflicts
    window.sync_panel.shutdown()


def test_a_received_record_this_desk_cannot_store_is_named_and_marked_seen(qtbot,
                                                                          configured_db):
    """Pulled from a server from before the checks: not stored, named, nothing to choose."""
    db = configured_db
    record_id = str(uuid.uuid4())
    theirs = {"id": record_id, "version": 1, "application_date": "not-a-date",
              "registration_number": "AKT-01-2026-000077", "office_code": "AKT-01"}
    with db.session() as session:
        session.add(ConflictRecord(
            id=str(uuid.uuid4()), kind="unapplied", table_name="applications",
            record_id=record_id, reason="invalid", field="application_date", problem="date",
            base_version=0, mine_version=0, theirs_version=1, mine="null",
            theirs=json.dumps(theirs), base="null", theirs_node="", detected_at=utcnow(),
            resolution=""))
    dialog = ConflictsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text().endswith("AKT-01-2026-000077")
    assert "«Құжаттардың қабылданған күні»" in dialog.note.text()
    assert dialog.editor is None and dialog.send_again.isHidden()
    assert not dialog.acknowledge.isHidden()
    dialog.acknowledge.click()
    assert dialog.list.count() == 0 and sync_status(db).set_aside == 0

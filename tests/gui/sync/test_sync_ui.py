"""The conflicts view and the sync indicator, without a server."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.demo.samples import sample_application
from desktop.storage.base import utcnow
from desktop.storage.models import ApplicationRecord, ConflictRecord
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client import settings
from desktop.sync.client.codec import encode
from desktop.sync.client.status import sync_status
from desktop.ui.sync.conflicts_dialog import ConflictsDialog
from tests.support.conflicts import draft_conflict

pytestmark = pytest.mark.gui


def test_the_conflicts_view_merges_the_chosen_fields(qtbot, db):
    application_id = draft_conflict(db)
    dialog = ConflictsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text().startswith("Өтініш · ")  # the record, named for a person
    fields = {dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())}
    assert fields == {"Телефон", "Қызмет түрі"}  # the form's labels, not column names
    assert dialog.choices() == {"applicant_phone": "theirs", "applicant_occupation": "mine"}
    dialog.take_merged.click()
    assert dialog.list.count() == 0
    with db.session() as session:
        record = session.get(ApplicationRecord, application_id)
        assert (record.applicant_phone, record.applicant_occupation) == \
            ("+7 700 999 99 99", "механик")


def test_a_duplicate_registration_number_is_shown_and_only_acknowledged(qtbot, db):
    """Two applications with one number: both shown, nothing taken from the other one."""
    app = save_draft(db, sample_application())
    with db.engine.connect() as connection:
        row = connection.execute(select(ApplicationRecord.__table__).where(
            ApplicationRecord.id == app.application_id)).first()
    mine = {**encode(row._mapping), "registration_number": "AKT-05-2026-000001"}
    theirs = {**mine, "id": str(uuid.uuid4()), "applicant_phone": "+7 700 999 99 99"}
    with db.session() as session:
        session.add(ConflictRecord(
            id=str(uuid.uuid4()), kind="duplicate", table_name="applications",
            record_id=app.application_id, reason="duplicate_registration_number",
            base_version=0, mine_version=mine["version"], theirs_version=1,
            mine=json.dumps(mine), theirs=json.dumps(theirs), base="null", theirs_node="",
            detected_at=utcnow(), resolution=""))
    dialog = ConflictsDialog(db)
    qtbot.addWidget(dialog)
    assert "AKT-05-2026-000001" in dialog.note.text()
    assert not dialog.acknowledge.isHidden() and dialog.take_theirs.isHidden()
    fields = {dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())}
    assert fields == {"Телефон"}  # ids are bookkeeping, the number is the same
    dialog.acknowledge.click()
    assert dialog.list.count() == 0
    with db.session() as session:  # this application is left as it was
        record = session.get(ApplicationRecord, app.application_id)
        assert record.applicant_phone == mine["applicant_phone"]


def test_the_status_bar_tells_whether_sync_is_set_up(qtbot, configured_db):
    from desktop.ui.language import LanguageController
    from desktop.ui.main_window import AppContext, MainWindow

    window = MainWindow(AppContext(configured_db, LanguageController()))
    qtbot.addWidget(window)
    assert not window.sync_panel.action_now.isEnabled()
    with configured_db.engine.begin() as connection:
        settings.write(connection, settings.SERVER_URL, "https://district.example:8443")
    window.sync_panel.update_status()
    assert window.sync_panel.action_now.isEnabled()
    pending = sync_status(configured_db).pending
    assert pending == 2  # the office and the operator made at setup wait for the first push
    assert str(pending) in window.status_sync.text()
    window.sync_panel.shutdown()


def test_the_progress_bar_counts_the_changes_sent(qtbot, configured_db):
    """Sending: a bar over the changes that were waiting; receiving: over what the server
    said would come, or a count so far; the bytes on the wire, and on a slow link the rate
    and the time left."""
    from desktop.sync.client.progress import SyncProgress
    from desktop.ui.language import LanguageController
    from desktop.ui.main_window import AppContext, MainWindow

    window = MainWindow(AppContext(configured_db, LanguageController()))
    qtbot.addWidget(window)
    panel = window.sync_panel
    panel._progressed(SyncProgress(phase="push", to_send=36000, sent=2000))
    assert (panel.progress.maximum(), panel.progress.value()) == (36000, 2000)
    assert window.status_sync.text() == "Өзгерістер жіберілуде: 2\u00a0000 / 36\u00a0000"
    panel._progressed(SyncProgress(phase="push", to_send=36000, sent=4000,
                                   bytes_sent=212_000, bytes_received=31_000, rate=32_000,
                                   seconds_left=125))
    assert window.status_sync.text() == (
        "Өзгерістер жіберілуде: 4\u00a0000 / 36\u00a0000 · шамамен 2 мин 05 с қалды · "
        "Желі арқылы: 243 КБ · 32 КБ/с")
    panel._progressed(SyncProgress(phase="pull", received=7, bytes_received=900,
                                   seconds_left=3))
    assert panel.progress.maximum() == 0  # how many will come is not known
    assert window.status_sync.text() == "Өзгерістер алынуда: 7 · Желі арқылы: 900 Б"
    panel._progressed(SyncProgress(phase="pull", received=1200, to_receive=10_000,
                                   bytes_received=1_700_000, rate=120_000, seconds_left=90))
    assert (panel.progress.maximum(), panel.progress.value()) == (10_000, 1200)
    assert window.status_sync.text() == (
        "Өзгерістер алынуда: 1\u00a0200 / 10\u00a0000 · шамамен 1 мин 30 с қалды · "
        "Желі арқылы: 1,7 МБ · 120 КБ/с")
    panel.shutdown()


def test_a_case_record_in_conflict_is_named_by_its_application(qtbot, db):
    """A record of an application's tables (the case's state) has no name of its own: the
    list names it by its application, as people know it."""
    from desktop.storage.ids import case_state_id

    app = save_draft(db, sample_application())
    state = {"id": case_state_id(app.application_id), "application_id": app.application_id,
             "status": "registered", "version": 1}
    with db.session() as session:
        session.add(ConflictRecord(
            id=str(uuid.uuid4()), kind="conflict", table_name="case_states",
            record_id=state["id"], reason="", base_version=0, mine_version=1,
            theirs_version=1, mine=json.dumps(state),
            theirs=json.dumps({**state, "status": "visa"}), base="null", theirs_node="",
            detected_at=utcnow(), resolution=""))
        name = session.get(ApplicationRecord, app.application_id).applicant_name
    dialog = ConflictsDialog(db)
    qtbot.addWidget(dialog)
    assert name and dialog.list.item(0).text() == f"Іс мәртебесі · {name}"


def test_a_conflict_names_an_id_on_either_side_by_what_it_names(qtbot, db, tmp_path):
    """Another desk gave a case to another executor: each side shows its executor's name,
    not the staff record's id."""
    from desktop.storage.ids import case_state_id
    from desktop.storage.models import OfficeRecord, StaffRecord

    app = save_draft(db, sample_application())
    with db.session() as session:
        office = OfficeRecord(code="AKT-05", kind="district_office", region="karaganda",
                              name_kk="Ақтоғай ауданының бөлімі", name_ru="Отдел Актогайского")
        session.add(office)
        session.flush()
        here, there = (StaffRecord(office_id=office.id, full_name=name) for name in
                       ("Сейітова Гүлмира Қайратқызы", "Омаров Ерлан Серікұлы"))
        session.add_all([here, there])
        session.flush()
        state = {"id": case_state_id(app.application_id), "application_id": app.application_id,
                 "status": "registered", "executor_id": here.id, "version": 2}
        session.add(ConflictRecord(
            id=str(uuid.uuid4()), kind="conflict", table_name="case_states",
            record_id=state["id"], reason="", base_version=1, mine_version=2,
            theirs_version=2, mine=json.dumps(state),
            theirs=json.dumps({**state, "executor_id": there.id}),
            base=json.dumps({**state, "version": 1}), theirs_node="",
            detected_at=utcnow(), resolution=""))
        ids = (here.id, there.id)
    dialog = ConflictsDialog(db)
    qtbot.addWidget(dialog)
    shown = [(dialog.table.item(i, 1).text(), dialog.table.item(i, 2).text())
             for i in range(dialog.table.rowCount())]
    assert shown == [("Омаров Ерлан Серікұлы", "Сейітова Гүлмира Қайратқызы")]
    assert dialog.choices() == {"executor_id": "theirs"}  # the choice still keeps the id
    assert not any(i in text for i in ids for pair in shown for text in pair)
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)  # to look at it
    dialog.show()
    qtbot.wait(50)
    dialog.grab().save(str(folder / "sync-conflict-executor-kk.png"))
    # the record's whole name in the list, wrapped: not cut at its edge behind a scroll bar
    item = dialog.list.visualItemRect(dialog.list.item(0))
    assert not dialog.list.horizontalScrollBar().isVisible()
    assert item.right() <= dialog.list.viewport().width() and item.height() > \
        dialog.list.fontMetrics().height() * 1.5, item


def test_a_draft_conflict_names_cells_and_rows_as_the_wizard_does(qtbot, db):
    """A draft's clashing fields under the wizard's labels: an income's cell by its table,
    its member and kind, and its column; a member removed here and edited there by the
    family table and the member's name."""
    import datetime as dt

    from desktop import i18n
    from desktop.demo.intake_family import fill_family
    from desktop.domain.intake_session import INCOMES, MEMBERS, IntakeSession
    from desktop.domain.model import Channel, Office
    from desktop.formspec import load_all
    from desktop.services.drafts import save_draft as save_wizard_draft
    from desktop.storage.models import DraftRecord

    forms = load_all()
    session = IntakeSession(forms, channel=Channel.AKIM, office=Office("AKT-05", "karaganda",
                                                                      "Ақтоғай ауданы"),
                            application_date=dt.date(2026, 11, 20),
                            rule_set_id="social-code-2023")
    fill_family(session, 3, documents=False)
    draft_id = save_wizard_draft(db, session)
    with db.session() as s:
        base_record = encode({c.name: getattr(s.get(DraftRecord, draft_id), c.name)
                              for c in DraftRecord.__table__.columns})
    base = json.loads(base_record["state"])
    sides = []
    for amount, remove in (("51000", True), ("52000", False)):
        desk = IntakeSession.from_state(forms, base)
        income = desk.rows(INCOMES)[0]["row_id"]
        desk.set_cell(INCOMES, income, "income_amount", amount)
        child = desk.rows(MEMBERS)[2]["row_id"]
        if remove:
            desk.remove_row(MEMBERS, child)
        else:
            desk.set_cell(MEMBERS, child, "member_disability", "2")
        state = desk.to_state()
        sides.append({**base_record, "state": json.dumps(state), **DraftRecord.copies(state)})
    mine, theirs = sides
    with db.session() as s:
        s.add(ConflictRecord(
            id=str(uuid.uuid4()), kind="conflict", table_name="intake_drafts",
            record_id=draft_id, reason="", base_version=1, mine_version=2, theirs_version=2,
            mine=json.dumps(mine), theirs=json.dumps(theirs), base=json.dumps(base_record),
            theirs_node="", detected_at=utcnow(), resolution=""))
    with db.session() as s:  # this desk holds its side, as the sync left it
        record = s.get(DraftRecord, draft_id)
        record.state, record.member_iins = mine["state"], mine["member_iins"]
    applicant = session.member_label(session.rows(MEMBERS)[0]["row_id"])
    child_name = session.member_label(session.rows(MEMBERS)[2]["row_id"])
    i18n.set_language("ru")
    try:
        dialog = ConflictsDialog(db)
        qtbot.addWidget(dialog)
        shown = {dialog.table.item(i, 0).text(): (dialog.table.item(i, 1).text(),
                                                  dialog.table.item(i, 2).text())
                 for i in range(dialog.table.rowCount())}
    finally:
        i18n.set_language("kk")
    assert shown == {
        f"Доходы · {applicant}, от трудовой деятельности · Сумма, тенге": ("52000", "51000"),
        f"Члены семьи · {child_name}": ("сохранено и изменено", "удалено"),
    }


def _server_nowhere(db) -> int:
    """The desk's server set to a port of this computer where nothing listens (a refused
    connection at once), with a secret for it; the port."""
    import socket

    from desktop.sync.client import credentials

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with db.engine.begin() as connection:
        settings.write(connection, settings.SERVER_URL, f"http://127.0.0.1:{port}")
    credentials.store_secret(db.node_id, "s" * 43)
    return int(port)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_sync_without_a_connection_names_the_server_and_the_cause(qtbot, configured_db, lang):
    """Issue 17: "not set up" and "no connection" are told apart; the latter names the
    server's address and why (here a port where nothing listens: refused)."""
    from desktop import i18n
    from desktop.ui.language import LanguageController
    from desktop.ui.main_window import AppContext, MainWindow

    i18n.set_language(lang)
    window = MainWindow(AppContext(configured_db, LanguageController()))
    qtbot.addWidget(window)
    not_set_up = window.status_sync.text()
    assert ("әлі бапталмаған" if lang == "kk" else "еще не настроена") in not_set_up
    port = _server_nowhere(configured_db)
    window.sync_panel.sync_now()
    qtbot.waitUntil(lambda: f"127.0.0.1:{port}" in window.status_sync.text(), timeout=20000)
    said = window.status_sync.text()
    assert ("қосылудан бас тартты" if lang == "kk" else "отказал в соединении") in said
    window.sync_panel.shutdown()


def test_a_run_is_over_for_the_window_when_its_outcome_arrives(qtbot, configured_db):
    """The run's thread may end before its outcome (a queued signal) reaches the window:
    until it does, the run is still on, so that neither the status bar nor anyone waiting
    for the run to end sees the run over with the last run's error and this run's progress
    (the status bar once kept "Sending changes…" after a failure)."""
    from desktop import i18n
    from desktop.ui.language import LanguageController
    from desktop.ui.main_window import AppContext, MainWindow

    i18n.set_language("ru")
    window = MainWindow(AppContext(configured_db, LanguageController()))
    qtbot.addWidget(window)
    _server_nowhere(configured_db)
    panel = window.sync_panel
    seen: list[tuple[bool, str]] = []
    panel.worker.failed.connect(lambda _error: seen.append((panel.worker.running,
                                                           panel.label.text())))
    assert panel.worker.start()
    panel.worker.wait(20)  # the thread is over; nothing has reached the window yet
    assert panel.worker.running and panel.last_error is None and not seen
    assert not panel.worker.start()  # a second run does not start meanwhile
    qtbot.waitUntil(lambda: not panel.worker.running, timeout=5000)
    assert panel.last_error is not None and seen and seen[0][0] is False
    said = window.status_sync.text()
    assert "отказал в соединении" in said and "Идет синхронизация" not in said

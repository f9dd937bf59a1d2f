"""The same record changed at two desks: a conflict shown, both versions kept, resolved once."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.demo.samples import sample_application
from desktop.storage.models import ApplicationRecord, TransferRecord
from desktop.storage.repositories.applications import load_application, save_draft
from desktop.sync.client.conflicts import MERGED, open_conflicts, resolve

pytestmark = pytest.mark.postgres


def _phone(desk, application_id: str) -> str:
    with desk.db.session() as session:
        return session.execute(select(ApplicationRecord.applicant_phone).where(
            ApplicationRecord.id == application_id)).scalar_one()


def _history(database: str, table: str, record_id: str) -> list[int]:
    """Versions of a record the server holds as replaced (the current one is in records)."""
    import psycopg

    with psycopg.connect(database) as connection:
        return [r[0] for r in connection.execute(
            "SELECT version FROM record_history WHERE table_name = %s AND id = %s "
            "ORDER BY cursor", (table, record_id))]


def _draft_at_both(server, desks):
    """An akimat desk and the district desk, enrolled, both holding the akimat's draft."""
    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.enrol(server)
    district.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    north.sync()
    district.sync()
    return north, district, app


def test_a_draft_edited_at_two_desks_keeps_both_and_merges_field_by_field(server, desks,
                                                                           district_rows):
    north, district, app = _draft_at_both(server, desks)

    mine = load_application(district.db, app.application_id)
    save_draft(district.db, replace(mine, applicant=replace(mine.applicant,
                                                            phone="+7 700 333 33 33")))
    theirs = load_application(north.db, app.application_id)
    save_draft(north.db, replace(theirs, applicant=replace(theirs.applicant,
                                                           occupation="тракторист")))
    assert north.sync().conflicts == 0
    assert district.sync().conflicts == 1

    conflicts = open_conflicts(district.db)
    assert [c.record_id for c in conflicts] == [app.application_id]
    conflict = conflicts[0]
    # the base both sides started from is the version the server replaced: from its history
    assert conflict.base is not None and conflict.base["applicant_occupation"] == \
        mine.applicant.occupation
    assert _history(server.database, "applications", app.application_id) == [1]
    fields = {f.name: f for f in conflict.fields()}
    assert fields["applicant_phone"].suggestion == "mine"
    assert fields["applicant_occupation"].suggestion == "theirs"
    assert _phone(district, app.application_id) == "+7 700 333 33 33"  # mine is kept here
    key = ("applications", app.application_id)
    assert district_rows()[key] == conflict.theirs_version  # theirs is kept on the server
    # the district's side stays out of the next pushes until a person decides
    assert district.sync().accepted == 0
    # the district's administrator sees it on the server, by ids only
    listing = server.cli("--lang", "ru", "conflicts")
    assert app.application_id in listing and "изменено на двух рабочих местах" in listing
    assert listing.endswith("Неразрешенных конфликтов: 1")
    assert mine.applicant.phone not in listing and "тракторист" not in listing
    assert server.cli("--lang", "kk", "conflicts", "--office", "AKT-07") == \
        "Шешілмеген қайшылықтар: 0"

    resolve(district.db, conflict.id, MERGED)
    assert district.sync().accepted == 1
    assert server.cli("--lang", "ru", "conflicts") == "Неразрешенных конфликтов: 0"
    settled = server.cli("--lang", "ru", "conflicts", "--all")
    assert app.application_id in settled and " разрешен " in settled
    north.sync()
    for desk in (north, district):
        record = load_application(desk.db, app.application_id)
        assert (record.applicant.phone, record.applicant.occupation) == \
            ("+7 700 333 33 33", "тракторист")
    assert open_conflicts(district.db) == []


def test_the_transfer_line_marked_sent_and_received_at_once_is_a_conflict(server, desks):
    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.enrol(server)
    district.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    with north.db.session() as session:
        session.add(TransferRecord(application_id=app.application_id,
                                   sender_office_code="AKT-05", registration_number="X",
                                   added_on=app.application_date))
    north.sync()
    district.sync()
    with north.db.session() as session:
        session.execute(select(TransferRecord)).scalar_one().sent_on = app.application_date
    with district.db.session() as session:
        session.execute(select(TransferRecord)).scalar_one().received_on = app.application_date
    north.sync()
    district.sync()
    [conflict] = open_conflicts(district.db)
    merged = conflict.merged()
    assert merged["sent_on"] and merged["received_on"]  # disjoint fields: both kept


def test_a_first_case_step_at_the_akimat_and_the_district_is_one_record_in_conflict(
        server, desks):
    """The akimat marks the case sent while the district, with the papers in hand, marks it
    received, both before syncing: one case state with two versions, shown to a person and
    resolved, not a second row that no desk can store."""
    import datetime as dt

    from desktop.storage.base import utcnow
    from desktop.storage.ids import case_state_id
    from desktop.storage.models import CaseStateRecord

    north, district, app = _draft_at_both(server, desks)
    for desk, status in ((north, "sent_to_district"), (district, "received_by_district")):
        with desk.db.session() as session:  # as CaseService makes a case's first state
            session.add(CaseStateRecord(id=case_state_id(app.application_id),
                                        application_id=app.application_id, status=status,
                                        status_since=utcnow(), executor_name="",
                                        assigned=False, step_due=dt.date(2026, 12, 1)))
    assert north.sync().conflicts == 0
    assert district.sync().conflicts == 1
    [conflict] = open_conflicts(district.db)
    assert (conflict.kind, conflict.table) == ("conflict", "case_states")
    fields = {f.name: (f.theirs, f.mine) for f in conflict.fields()}
    assert fields["status"] == ("sent_to_district", "received_by_district")
    resolve(district.db, conflict.id, MERGED, {"status": "mine"})
    district.sync()
    north.sync()
    for desk in (north, district):
        with desk.db.session() as session:
            states = session.scalars(select(CaseStateRecord)).all()
        assert [(s.id, s.status) for s in states] == \
            [(case_state_id(app.application_id), "received_by_district")]
        assert open_conflicts(desk.db) == []


# --- wizard drafts (intake_drafts): merged field by field inside the wizard's state ---------


def _wizard_draft_at_both(server, desks):
    """An akimat desk and the district desk, enrolled, both holding a wizard draft the akimat
    started (a generated family of three)."""
    from desktop.demo.intake_family import fill_family
    from desktop.services.drafts import save_draft as save_wizard_draft
    from desktop.services.intake import intake_context, new_session

    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.enrol(server)
    district.enrol(server)
    session = new_session(intake_context(north.db))
    fill_family(session, 3, documents=False)
    draft_id = save_wizard_draft(north.db, session)
    north.sync()
    district.sync()
    return north, district, draft_id


def _edit(desk, draft_id: str, **values: object) -> None:
    """Open the draft at ``desk`` as the wizard does, type ``values``, save it."""
    from desktop.formspec import load_all
    from desktop.services.drafts import open_draft
    from desktop.services.drafts import save_draft as save_wizard_draft

    session = open_draft(desk.db, load_all(), draft_id)
    for field_id, value in values.items():
        session.set_value(field_id, value)
    save_wizard_draft(desk.db, session)


def _opened(desk, draft_id: str):
    from desktop.formspec import load_all
    from desktop.services.drafts import open_draft

    return open_draft(desk.db, load_all(), draft_id)


def _server_state(database: str, draft_id: str) -> tuple[int, dict]:
    import json

    import psycopg

    with psycopg.connect(database) as connection:
        version, data = connection.execute(
            "SELECT version, data FROM records WHERE table_name = 'intake_drafts' "
            "AND id = %s", (draft_id,)).fetchone()
    return version, json.loads(data["state"])


def test_a_wizard_draft_edited_in_different_fields_at_two_desks_keeps_both(server, desks):
    """The phone typed at the district, the occupation at the akimat, before either synced:
    both survive at both desks and on the server, and nobody is asked anything."""
    north, district, draft_id = _wizard_draft_at_both(server, desks)
    _edit(district, draft_id, applicant_phone="+7 700 333 33 33")
    _edit(north, draft_id, applicant_occupation="тракторист")
    assert north.sync().conflicts == 0
    report = district.sync()
    assert (report.conflicts, report.merged) == (0, 1)
    north.sync()
    for desk in (north, district):
        session = _opened(desk, draft_id)
        assert (session.value("applicant_phone"), session.value("applicant_occupation")) == \
            ("+7 700 333 33 33", "тракторист")
        assert open_conflicts(desk.db) == []
    version, state = _server_state(server.database, draft_id)
    assert (state["values"]["applicant_phone"], state["values"]["applicant_occupation"]) == \
        ("+7 700 333 33 33", "тракторист")
    assert _history(server.database, "intake_drafts", draft_id) == [1, 2]
    assert version == 3 and district.ids("intake_drafts")[draft_id] == 3
    assert north.ids("intake_drafts")[draft_id] == 3
    # the server kept its conflict row; the merged version settled it
    assert server.cli("--lang", "ru", "conflicts") == "Неразрешенных конфликтов: 0"
    assert draft_id in server.cli("--lang", "ru", "conflicts", "--all")
    # nothing left to send, and the next syncs change nothing
    assert district.sync().accepted == 0 and north.sync().pulled == 0


def test_two_desks_adding_a_family_member_each_keep_both_members(server, desks):
    from desktop.domain.intake_session import INCOMES, MEMBERS

    north, district, draft_id = _wizard_draft_at_both(server, desks)
    for desk, name in ((north, "Асан"), (district, "Үсен")):
        from desktop.formspec import load_all
        from desktop.services.drafts import open_draft
        from desktop.services.drafts import save_draft as save_wizard_draft

        session = open_draft(desk.db, load_all(), draft_id)
        row = session.add_row(MEMBERS)
        session.set_cell(MEMBERS, row, "member_first_name", name)
        session.add_row(INCOMES, income_member=row, income_amount="15000")
        save_wizard_draft(desk.db, session)
    north.sync()
    assert district.sync().merged == 1
    north.sync()
    for desk in (north, district):
        session = _opened(desk, draft_id)
        names = [session.member_label(r["row_id"]) for r in session.rows(MEMBERS)]
        assert len(names) == 5 and sorted(names[3:]) == ["Асан", "Үсен"]
        paid = {session.member_label(r["income_member"]) for r in session.rows(INCOMES)
                if r.get("income_amount") == "15000"}
        assert paid == {"Асан", "Үсен"}
    assert len(_server_state(server.database, draft_id)[1]["tables"]["members[]"]) == 5


def _clashing(server, desks):
    """The phone changed at both desks (and the akimat's occupation, the district's house,
    a child's disability group at both): one conflict at the district."""
    from desktop.formspec import load_all
    from desktop.services.drafts import open_draft
    from desktop.services.drafts import save_draft as save_wizard_draft

    north, district, draft_id = _wizard_draft_at_both(server, desks)
    child = None
    for desk, phone, extra, group in (
            (north, "+7 700 111 11 11", {"applicant_occupation": "тракторист"}, "1"),
            (district, "+7 700 222 22 22", {"applicant_house": "9"}, "2")):
        session = open_draft(desk.db, load_all(), draft_id)
        session.set_value("applicant_phone", phone)
        for field_id, value in extra.items():
            session.set_value(field_id, value)
        child = session.rows("members[]")[2]["row_id"]
        session.set_cell("members[]", child, "member_disability", group)
        save_wizard_draft(desk.db, session)
    assert north.sync().conflicts == 0
    report = district.sync()
    assert (report.conflicts, report.merged) == (1, 0)
    return north, district, draft_id, child


def test_the_same_field_at_two_desks_is_one_conflict_under_the_wizards_labels(
        server, desks, qtbot, tmp_path):
    import os
    from pathlib import Path

    from desktop import i18n
    from desktop.ui.sync.conflicts_dialog import ConflictsDialog

    _north, district, draft_id, child = _clashing(server, desks)
    [conflict] = open_conflicts(district.db)
    assert conflict.record_id == draft_id and conflict.is_draft
    assert sorted(f.name for f in conflict.fields()) == [
        f"tables/members[]/{child}/member_disability", "values/applicant_phone"]
    name = _opened(district, draft_id).member_label(child)
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)
    expected = {
        "kk": {"Телефон": ("+7 700 111 11 11", "+7 700 222 22 22"),
               f"Отбасы мүшелері · {name} · Мүгедектік тобы": ("I топ", "II топ")},
        "ru": {"Телефон": ("+7 700 111 11 11", "+7 700 222 22 22"),
               f"Члены семьи · {name} · Группа инвалидности": ("I группа", "II группа")},
    }
    try:
        for lang in ("kk", "ru"):
            i18n.set_language(lang)
            dialog = ConflictsDialog(district.db)
            qtbot.addWidget(dialog)
            assert dialog.list.count() == 1
            shown = {dialog.table.item(i, 0).text(): (dialog.table.item(i, 1).text(),
                                                      dialog.table.item(i, 2).text())
                     for i in range(dialog.table.rowCount())}
            assert shown == expected[lang]
            dialog.show()
            qtbot.waitExposed(dialog)
            picture = dialog.grab()
            assert not picture.isNull()
            picture.save(str(folder / f"conflicts-draft-{lang}.png"))
            dialog.close()
    finally:
        i18n.set_language("kk")


def test_a_persons_choice_per_field_keeps_the_other_fields_merged(server, desks, qtbot):
    from desktop.ui.sync.conflicts_dialog import COLUMN_KEY, ConflictsDialog

    north, district, draft_id, child = _clashing(server, desks)
    dialog = ConflictsDialog(district.db)
    qtbot.addWidget(dialog)
    for index in range(dialog.table.rowCount()):
        choice = dialog.table.cellWidget(index, 3)
        key = dialog.table.item(index, 0).data(COLUMN_KEY)
        # the server's phone, this workstation's disability group
        choice.setCurrentIndex(choice.findData("theirs" if "phone" in key else "mine"))
    dialog.take_merged.click()
    assert dialog.list.count() == 0
    assert district.sync().accepted == 1
    north.sync()
    for desk in (north, district):
        session = _opened(desk, draft_id)
        assert session.value("applicant_phone") == "+7 700 111 11 11"  # the server's
        assert session.cell("members[]", child, "member_disability") == "2"  # mine
        assert session.value("applicant_occupation") == "тракторист"  # the akimat's alone
        assert session.value("applicant_house") == "9"  # the district's alone
        assert open_conflicts(desk.db) == []
    assert server.cli("--lang", "ru", "conflicts") == "Неразрешенных конфликтов: 0"


def test_keeping_the_servers_version_of_a_draft_keeps_this_desks_other_fields(server, desks):
    north, district, draft_id, child = _clashing(server, desks)
    [conflict] = open_conflicts(district.db)
    resolve(district.db, conflict.id, "theirs")
    district.sync()
    north.sync()
    for desk in (north, district):
        session = _opened(desk, draft_id)
        assert session.value("applicant_phone") == "+7 700 111 11 11"
        assert session.cell("members[]", child, "member_disability") == "1"
        assert (session.value("applicant_occupation"), session.value("applicant_house")) == \
            ("тракторист", "9")



def test_a_draft_typed_into_again_while_its_conflict_is_in_flight_keeps_both_desks_edits(
        server, desks):
    """The wizard saves the draft again after the batch that meets the conflict was formed
    and before its answer came. The next batch, formed meanwhile, carried that save based on
    the version in conflict, which the server held under the same number from the other
    desk: it took it as based on its own, and the akimat's occupation was lost. That batch
    is now formed again once the answer is stored, so the draft goes out merged."""
    north, district, draft_id = _wizard_draft_at_both(server, desks)
    _edit(district, draft_id, applicant_phone="+7 700 333 33 33")
    _edit(north, draft_id, applicant_occupation="тракторист")
    north.sync()
    typed = []

    def progress(state) -> None:
        if state.phase == "push" and not typed:  # batch 1 is formed, batch 2 is not yet
            typed.append(True)
            _edit(district, draft_id, applicant_flat="3")

    assert district.sync(progress=progress).merged == 1 and typed
    north.sync()
    for desk in (north, district):
        session = _opened(desk, draft_id)
        assert (session.value("applicant_phone"), session.value("applicant_occupation"),
                session.value("applicant_flat")) == ("+7 700 333 33 33", "тракторист", "3")
    state = _server_state(server.database, draft_id)[1]["values"]
    assert (state["applicant_phone"], state["applicant_occupation"], state["applicant_flat"]) \
        == ("+7 700 333 33 33", "тракторист", "3")

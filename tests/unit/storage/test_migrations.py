"""A database made at revision 1 and filled keeps its data when upgraded to head."""

from __future__ import annotations

from pathlib import Path

from desktop.services.workstation import (
    WorkstationSetup,
    current_office_and_staff,
    load_setup,
    save_setup,
)
from desktop.storage import migrate
from desktop.storage.backup import list_backups
from desktop.storage.database import HEAD_REVISION, Database, current_revision
from desktop.storage.engine import create_sqlite_engine
from desktop.storage.ids import office_id
from desktop.storage.registration import allocate_registration_number
from desktop.storage.textkeys import member_name_key, search_key, sort_key, spelling_key
from tests.support.storage import connect, desk_key

T = "'2026-01-05 10:00:00.000000'"
SYNC = f"1, {T}, {T}"


def _make_revision_1(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(path, desk_key())
    migrate.upgrade(engine, "0001_initial")
    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO offices (id, version, created_at, updated_at, code, kind, region, "
            "district, locality, name_kk, name_ru, address_kk, address_ru, phone) VALUES "
            f"('o1', {SYNC}, 'AKT-05', 'district_office', 'r', 'd', '', 'n', 'n', '', '', '')"
        )
        for i, (name, iin) in enumerate(
            [("Әбдіров Ерлан", "900101300126"), ("ҰЗАҚОВА Айгүл", "920315400129")], start=1
        ):
            c.exec_driver_sql(
                "INSERT INTO applications (id, version, created_at, updated_at, office_id, "
                "office_code, office_region, office_district, office_locality, office_name, "
                "application_date, channel, status, registration_number, registration_year, "
                "registration_seq, family_registration_number, registered_on, "
                "applicant_region, applicant_district, applicant_locality, applicant_street, "
                "applicant_house, applicant_flat, applicant_phone, applicant_occupation, "
                "id_doc_number, id_doc_series, id_doc_issuer, bank_iban, bank_account_type, "
                "consent_personal_data, consent_income_reconciliation, "
                "consent_protected_information, commission_recorded, "
                "commission_survey_refused, commission_need_confirmed, "
                "commission_no_need_criteria, commission_note, applicant_name, applicant_iin, "
                "family_size) VALUES "
                f"('a{i}', {SYNC}, 'o1', 'AKT-05', '', '', '', '', '2026-01-05', "
                f"'district_office', 'registered', 'AKT-05-2026-00000{i + 4}', 2026, {i + 4}, "
                "'', '2026-01-05', '', '', '', '', '', '', '', '', '', '', '', '', 'card', "
                f"1, 1, 1, 0, 0, 1, '', '', ?, ?, 1)",
                (name, iin),
            )
            c.exec_driver_sql(
                "INSERT INTO members (id, version, created_at, updated_at, application_id, "
                "position, surname, first_name, patronymic, relationship, iin, "
                "residence_status, statuses, place_of_work_or_study, unemployment_certificate) "
                f"VALUES ('m{i}', {SYNC}, 'a{i}', 0, ?, ?, '', 'applicant', ?, 'citizen', '', "
                "'', '')",
                (*name.split(), iin),
            )
    engine.dispose()


def test_upgrade_from_revision_1_keeps_the_data_and_backs_up_first(db_path: Path) -> None:
    _make_revision_1(db_path)
    assert current_revision(db_path) == "0001_initial"
    before = connect(db_path).execute("SELECT count(*) FROM members").fetchone()

    with Database.open(db_path) as db:
        assert db.revision() == HEAD_REVISION
        with db.engine.connect() as c:
            rows = c.exec_driver_sql(
                "SELECT id, applicant_name, applicant_search, applicant_sort, applicant_fold "
                "FROM applications ORDER BY id"
            ).fetchall()
            assert [r[0] for r in rows] == ["a1", "a2"]
            for _id, name, search, sort, fold in rows:
                assert search == search_key(name) and sort == sort_key(name)
                assert fold == spelling_key(name)  # revision 0014: either spelling
            assert [r[4] for r in rows] == ["абдиров ерлан", "узакова айгул"]
            members = c.exec_driver_sql(
                "SELECT surname, first_name, patronymic, name_fold FROM members ORDER BY id"
            ).fetchall()
            assert [m[3] for m in members] == [member_name_key(*m[:3]) for m in members]
            assert members[0][3] == "абдиров ерлан"
            assert c.exec_driver_sql("SELECT count(*) FROM members").fetchone() == before
            counter = c.exec_driver_sql(
                "SELECT office_code, year, last_seq FROM registration_counters"
            ).fetchall()
            assert counter == [("AKT-05", 2026, 6)]
            # revision 0011: the office under the id derived from its code, and its
            # applications with it
            assert c.exec_driver_sql("SELECT id FROM offices").fetchall() == \
                [(office_id("AKT-05"),)]
            assert c.exec_driver_sql(
                "SELECT DISTINCT office_id FROM applications").fetchall() == \
                [(office_id("AKT-05"),)]
            # revision 0010: the counters of numbers without a desk number are desk 0
            assert c.exec_driver_sql(
                "SELECT desk FROM registration_counters").fetchall() == [(0,)]
        with db.session() as session:  # numbering continues after the highest issued number
            assert str(allocate_registration_number(session, "AKT-05", 2026)) == (
                "AKT-05-2026-000007"
            )

    backups = list_backups(db_path)
    assert len(backups) == 1
    assert backups[0].name.startswith("komek.sqlite3.") and backups[0].name.endswith(".bak")
    assert current_revision(backups[0]) == "0001_initial"  # the copy is of the old database
    copy = connect(backups[0])
    assert copy.execute("SELECT count(*) FROM applications").fetchone() == (2,)
    copy.close()


def _legacy_desk(path: Path, *, enrolled: bool) -> tuple[str, str, str]:
    """A desk set up before office ids were derived from codes: its office under a random
    id, another desk's office pulled, at revision 0010. (its office id, its staff id, the
    other office's id)."""
    with Database.open(path) as db:
        save_setup(db, WorkstationSetup(
            region="r", district="d", office_kind="akimat", office_name_kk="Кеңсе",
            office_name_ru="Офис", office_code="AKT-05", operator_full_name="Оператор",
            operator_position="маман"))
        staff = current_office_and_staff(db)[1]
        assert staff is not None
    engine = create_sqlite_engine(path, desk_key())
    with engine.begin() as c:
        c.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for statement in ("UPDATE offices SET id = 'random-1' WHERE id = ?",
                          "UPDATE staff SET office_id = 'random-1' WHERE office_id = ?",
                          "UPDATE settings SET value = 'random-1' WHERE value = ?"):
            c.exec_driver_sql(statement, (office_id("AKT-05"),))
        c.exec_driver_sql(
            "INSERT INTO offices (id, version, created_at, updated_at, code, kind, region, "
            "district, locality, name_kk, name_ru, address_kk, address_ru, phone, "
            f"origin_node) VALUES ('random-2', {SYNC}, 'AKT-07', 'akimat', '', '', '', 'n', "
            "'n', '', '', '', 'another-node')")
        c.exec_driver_sql("DELETE FROM sync_outbox")
        if enrolled:
            c.exec_driver_sql(
                "INSERT INTO sync_known (table_name, record_id, version, sent) VALUES "
                "('offices', 'random-1', 1, NULL), ('offices', 'random-2', 1, NULL), "
                "('staff', ?, 1, NULL)", (staff,))
        for later in ("ALTER TABLE sync_conflicts DROP COLUMN problem",  # revision 0012
                      "ALTER TABLE sync_conflicts DROP COLUMN field"):
            c.exec_driver_sql(later)
        c.exec_driver_sql(
            "UPDATE alembic_version SET version_num = '0010_registration_desks'")
    engine.dispose()
    return "random-1", staff, "random-2"


def test_revision_0011_gives_the_desks_own_office_the_id_derived_from_its_code(
        db_path: Path) -> None:
    _old, staff, other = _legacy_desk(db_path, enrolled=False)
    with Database.open(db_path) as db:
        assert current_office_and_staff(db) == (office_id("AKT-05"), staff)
        assert load_setup(db) is not None and load_setup(db).office_code == "AKT-05"
        with db.engine.connect() as c:
            assert c.exec_driver_sql("SELECT id, code FROM offices ORDER BY code").fetchall() \
                == [(office_id("AKT-05"), "AKT-05"), (other, "AKT-07")]  # another desk's: kept
            assert c.exec_driver_sql("SELECT office_id FROM staff").fetchall() == \
                [(office_id("AKT-05"),)]
            assert c.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            # not enrolled: enrolment queues everything, nothing is queued now
            assert c.exec_driver_sql("SELECT count(*) FROM sync_outbox").scalar() == 0


def test_revision_0011_at_an_enrolled_desk_queues_the_move_for_the_district(
        db_path: Path) -> None:
    old, staff, _other = _legacy_desk(db_path, enrolled=True)
    with Database.open(db_path) as db, db.engine.connect() as c:
        queued = c.exec_driver_sql(
            "SELECT table_name, record_id, op FROM sync_outbox ORDER BY seq").fetchall()
        assert sorted(queued) == sorted([("offices", office_id("AKT-05"), "upsert"),
                                         ("offices", old, "delete"),
                                         ("staff", staff, "upsert")])
        # the staff record goes up a version: the district holds version 1 with the old id
        assert c.exec_driver_sql("SELECT version FROM staff").scalar() == 2

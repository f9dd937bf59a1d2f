"""A database made at revision 1 and filled keeps its data when upgraded to head."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.storage import migrate
from desktop.storage.backup import list_backups
from desktop.storage.database import HEAD_REVISION, Database, current_revision
from desktop.storage.engine import create_sqlite_engine
from desktop.storage.registration import allocate_registration_number
from desktop.storage.textkeys import search_key, sort_key

T = "'2026-01-05 10:00:00.000000'"
SYNC = f"1, {T}, {T}"


def _make_revision_1(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(path)
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
    before = sqlite3.connect(db_path).execute("SELECT count(*) FROM members").fetchone()

    with Database.open(db_path) as db:
        assert db.revision() == HEAD_REVISION
        with db.engine.connect() as c:
            rows = c.exec_driver_sql(
                "SELECT id, applicant_name, applicant_search, applicant_sort FROM applications "
                "ORDER BY id"
            ).fetchall()
            assert [r[0] for r in rows] == ["a1", "a2"]
            for _id, name, search, sort in rows:
                assert search == search_key(name) and sort == sort_key(name)
            assert c.exec_driver_sql("SELECT count(*) FROM members").fetchone() == before
            counter = c.exec_driver_sql(
                "SELECT office_code, year, last_seq FROM registration_counters"
            ).fetchall()
            assert counter == [("AKT-05", 2026, 6)]
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
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT count(*) FROM applications").fetchone() == (2,)
    copy.close()

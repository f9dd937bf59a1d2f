"""Before the engine: the start's reads and writes in SQL text over one driver connection,
which the engine then takes as its first (``Database.engine``).

The window's start shows the journal's first page this way before SQLAlchemy is imported
(``tests/unit/app/test_first_page.py`` starts the real program for that); here the same
reads are compared, in one process, before and after the engine is made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.demo.generate import fill_demo
from desktop.services.journal import Journal
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.services.workstation_state import has_accounts, load_setup
from desktop.storage.clock import stored_utc, utcnow
from desktop.storage.database import Database
from desktop.storage.settings import read_setting

SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район",
    office_kind="district_office", office_name_kk="Ақтоғай ауданының бөлімі",
    office_name_ru="Отдел Актогайского района", office_code="AKT-05",
    operator_full_name="Тестова Айгүл", operator_position="маман")


def _desk(path: Path) -> None:
    db = Database.open(path)
    save_setup(db, SETUP)
    fill_demo(db, 150, seed=4)
    db.close()


def test_the_start_reads_through_one_connection_that_the_engine_then_takes(
        tmp_path: Path) -> None:
    path = tmp_path / "komek.sqlite3"
    _desk(path)
    db = Database.open(path, background_check=True)
    try:
        journal = Journal(db)
        before = (journal.count(), journal.page(0, 60), journal.page(0, 60, search="DEMO"),
                  journal.page(10, 30, sort="applicant_name", descending=False),
                  journal.mixes_services(), load_setup(db), has_accounts(db))
        assert not db.engine_made  # all of it without SQLAlchemy's engine
        assert before[0] == 150 and len(before[1]) == 60
        assert isinstance(before[1][0].registered_on, dt.date)
        assert before[5] == SETUP and before[6] is False
        start = db._start
        assert start is not None
        with db.engine.connect() as connection:  # the engine's first connection is the start's
            assert connection.connection.dbapi_connection is start
        assert db._start is None
        after = (journal.count(), journal.page(0, 60), journal.page(0, 60, search="DEMO"),
                 journal.page(10, 30, sort="applicant_name", descending=False),
                 journal.mixes_services(), load_setup(db), has_accounts(db))
        assert after == before
    finally:
        db.close()
    assert Database.open(path).setting("session.open_since") is not None  # marker: reopened


def test_a_setting_written_before_the_engine_reads_back_through_the_models(
        tmp_path: Path) -> None:
    path = tmp_path / "komek.sqlite3"
    Database.open(path).close()  # made and migrated: the next open needs no engine
    db = Database.open(path, background_check=True)
    try:
        written = utcnow()
        db.put_setting("test.value", "бір")
        db.put_setting("test.value", "екі")  # an update, not a second row
        assert not db.engine_made
        from sqlalchemy import select

        from desktop.storage.models import SettingRecord

        with db.session() as session:
            assert read_setting(session, "test.value") == "екі"
            stamp = session.execute(select(SettingRecord.updated_at)
                                    .where(SettingRecord.key == "test.value")).scalar_one()
        assert stamp.tzinfo is not None
        assert abs(stamp - written) < dt.timedelta(seconds=5)
        db.put_setting("test.value", None)
        assert db.setting("test.value") is None
    finally:
        db.close()


def test_the_stored_form_of_a_time_is_the_models_own() -> None:
    moment = dt.datetime(2026, 3, 1, 4, 5, 6, 7, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    assert stored_utc(moment) == "2026-02-28 23:05:06.000007"

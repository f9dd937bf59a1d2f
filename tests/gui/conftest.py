"""Fixtures for widget tests: a real SQLite file per test, language reset to Kazakh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import i18n
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.database import Database


@pytest.fixture(autouse=True)
def kazakh_first() -> Iterator[None]:
    i18n.set_language("kk")
    yield
    i18n.set_language("kk")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "komek.sqlite3")
    yield database
    database.close()


SETUP = WorkstationSetup(
    region="Карагандинская область",
    district="Актогайский район",
    office_kind="district_office",
    office_name_kk="Ақтоғай ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
    office_name_ru="Отдел занятости и социальных программ Актогайского района",
    office_code="AKT-01",
    operator_full_name="Сейтқали Әлия Нұрланқызы",
    operator_position="бас маман",
)


@pytest.fixture
def configured_db(db: Database) -> Database:
    save_setup(db, SETUP)
    return db

"""Fixtures for widget tests: a real SQLite file per test, language reset to Kazakh, and a desk
with two registered applications and one refused at intake (print, amendment tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop import i18n
from desktop.demo.intake_family import fill_family, present_documents, write_test_overlay
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.services.intake import intake_context, new_session, refuse_intake, register
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.database import Database
from desktop.ui.main_window import MainWindow
from tests.support.windows import open_main_window


@pytest.fixture(autouse=True)
def kazakh_first() -> Iterator[None]:
    i18n.set_language("kk")
    yield
    i18n.set_language("kk")


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


@dataclass(frozen=True)
class Desk:
    db: Database
    registered: tuple[str, ...]  # application ids
    numbers: tuple[str, ...]
    refused: str


@pytest.fixture
def overlay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    today = Quarter.of(dt.date.today())
    folder = write_test_overlay(tmp_path / "params", "karaganda",
                                [today.previous(), today, today.next()])
    monkeypatch.setenv("KOMEK_PARAMS_OVERLAY", str(folder))
    return folder


@pytest.fixture
def desk(configured_db: Database, overlay: Path) -> Desk:
    context = intake_context(configured_db, parameters=load_parameters(overlay_dir=overlay))
    ids, numbers = [], []
    for size, seed in ((4, 0), (2, 5)):
        session = new_session(context)
        fill_family(session, size, seed=seed)
        result = register(context, session, "kk")
        ids.append(result.application.application_id)
        numbers.append(result.number)
    session = new_session(context)
    fill_family(session, 3, documents=False, seed=9)
    present_documents(session, skip=("residence_registration",))
    refused = refuse_intake(context, session, "ru").application.application_id
    return Desk(configured_db, tuple(ids), tuple(numbers), refused)


@pytest.fixture
def window(qtbot, desk: Desk) -> Iterator[MainWindow]:
    main = open_main_window(qtbot, desk.db)
    yield main
    for dialog in list(main.documents.dialogs):
        dialog.close()
    for wizard in list(main.desk.windows):
        wizard.close()

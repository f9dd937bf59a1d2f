"""Fixtures shared by the service tests: a set-up district workstation ready to register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.demo.intake_family import write_test_overlay
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.services.intake import IntakeContext, intake_context
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.database import Database

INTAKE_DAY = dt.date(2026, 11, 20)  # the tests' application date; its quarter has a line


@pytest.fixture
def context(db: Database, tmp_path: Path) -> IntakeContext:
    """The intake context of district office AKT-01, with a poverty line for the quarter of
    :data:`INTAKE_DAY` (a test module may define its own ``context`` instead)."""
    save_setup(db, WorkstationSetup(
        region="Карагандинская область", district="Актогайский район",
        office_kind="district_office", office_name_kk="Ақтоғай ауданының бөлімі",
        office_name_ru="Отдел Актогайского района", office_code="AKT-01",
        operator_full_name="Сейтқали Әлия Нұрланқызы", operator_position="бас маман"))
    overlay = write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(INTAKE_DAY)])
    return intake_context(db, parameters=load_parameters(overlay_dir=overlay))

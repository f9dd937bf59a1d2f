"""Smoke: one desk pushes, another pulls, over the real server on loopback."""

from __future__ import annotations

import pytest

from desktop.demo.samples import sample_application
from desktop.storage.repositories.applications import save_draft

pytestmark = pytest.mark.postgres


def test_one_desk_pushes_and_the_district_pulls(server, desks, district_rows):
    akimat = desks("AKT-05")
    district = desks("AUD-01", "district")
    akimat.enrol(server)
    district.enrol(server)
    app = save_draft(akimat.db, sample_application(office_code="AKT-05"))
    report = akimat.sync()
    assert report.accepted > 0 and report.conflicts == 0
    assert ("applications", app.application_id) in district_rows()
    district.sync()
    assert app.application_id in district.ids("applications")
    assert akimat.ids("members").keys() <= district.ids("members").keys()

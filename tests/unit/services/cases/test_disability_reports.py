"""The reports of the disability services (§11-15), each service on its own and side by side:
by status and channel, by month (registrations, the head's decisions), in the service's words,
exported to Excel and PDF in both languages with the figures the cases give."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from desktop.domain.assessment import Outcome
from desktop.i18n import render
from desktop.services import reports
from desktop.services.report_export import to_pdf, to_xlsx
from tests.support.case_world import DAY, World, drawn_up
from tests.support.wizard_driver import pdf_text
from tests.unit.services.cases.test_service_cases import register_as

SERVICES = ("prosthetic_aid", "hearing_vision_aids", "personal_assistant", "wheelchairs",
            "sanatorium_treatment")
TITLES = {"prosthetic_aid": "Протезно-ортопедическая помощь",
          "wheelchairs": "Кресло-коляска"}


@pytest.fixture
def cases(world: World) -> World:
    """Per service: one registered, one with its documents drawn up, one refused; and two
    АСП applications that no disability report counts."""
    seed = 0
    for code in SERVICES:
        for outcome in (None, Outcome.ASSIGNED, Outcome.REFUSED):
            seed += 1
            app_id = register_as(world, code, seed=seed,
                                 details={"disability_group": "group_2"})
            if outcome is not None:
                drawn_up(world, app_id, outcome)
    register_as(world, "asp", seed=90)
    register_as(world, "asp", seed=91)
    return world


@pytest.mark.parametrize("code", SERVICES)
def test_each_service_by_status_channel_and_month(cases: World, code: str):
    table = reports.by_status_and_channel(cases.db, DAY, DAY, service=code)
    title = render(table.title, "ru")
    assert title.startswith("Заявления по статусу и месту приема: ")
    assert [render(h, "ru") for h in table.headers] == ["Статус", "Районный отдел", "Итого"]
    counts = {render(row[0], "ru"): row[1:] for row in table.rows}
    assert counts == {"Зарегистрировано": (1, 1), "Документы оформлены": (1, 1),
                      "Отказано в оформлении документов": (1, 1)}
    assert table.totals[1:] == (3, 3)
    month = reports.assignments_by_month(cases.db, DAY, DAY, service=code)
    assert [row[:3] for row in month.rows] == [("2026-11", 1, 1)]
    overdue = reports.overdue_steps(cases.db, DAY + dt.timedelta(days=30), service=code)
    # the registered one past its 9 working days, the decided ones past the notification's
    # 30 minutes; each status in the service's words
    assert sorted(render(row[2], "ru") for row in overdue.rows) == [
        "Документы оформлены", "Зарегистрировано", "Отказано в оформлении документов"]


def test_the_services_side_by_side_export_to_excel_and_pdf(cases: World):
    tables = [reports.by_service_and_status(cases.db, DAY, DAY),
              reports.by_service_and_channel(cases.db, DAY, DAY),
              reports.by_service_and_month(cases.db, DAY, DAY)]
    by_month = tables[2]
    rows = {render(row[0], "ru"): row[1:] for row in by_month.rows}
    for code in SERVICES:
        assert any(code_title == render(reports.service_title(code), "ru")
                   for code_title in rows)
    assert rows[TITLES["wheelchairs"]] == (3, 3)
    assert by_month.totals[1:] == (17, 17)  # five services × 3, and АСП's 2
    for lang in ("kk", "ru"):
        book = load_workbook(io.BytesIO(to_xlsx(tables, lang)))
        assert len(book.worksheets) == 3
        values = [row for row in book.worksheets[2].iter_rows(values_only=True)]
        chairs = render(reports.service_title("wheelchairs"), lang)
        assert [r[1:] for r in values if r[0] == chairs] == [(3, 3)]
        assert values[2][1] == "2026-11"
        text = " ".join(pdf_text(to_pdf(tables, lang)).split())
        for code in SERVICES:
            assert render(reports.service_title(code), lang) in text, (lang, code)
    text = " ".join(pdf_text(to_pdf([reports.by_status_and_channel(
        cases.db, DAY, DAY, service="wheelchairs")], "kk")).split())
    assert "Кресло-арба" in text and "Аудандық бөлім" in text

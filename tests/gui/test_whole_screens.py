"""Every screen whole at 1366×768 in Kazakh and in Russian: the main window over a filled
journal (with its status bar), each page of the intake wizard, and a case window with
"My work" beside it. No label, button or table header shows its text cut off (measured
with the widget's own font against its size, tests/support/clipping.py); each screen is
grabbed to a PNG (set KOMEK_SCREENSHOTS to a folder to look at them)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from desktop import i18n
from desktop.demo.generate import fill_demo
from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.domain.quarters import Quarter
from desktop.domain.roles import Role
from desktop.parameters.store import load_parameters
from desktop.services.accounts import create_account
from desktop.services.cases import CaseService
from desktop.services.intake import intake_context, new_session, register
from desktop.storage.database import Database
from desktop.ui.cases.case_window import CaseWindow
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow
from tests.support.chooser_driver import open_chooser, take
from tests.support.clipping import clipped, marks_and_boxes
from tests.support.windows import open_main_window

WIDTH, HEIGHT = 1366, 768
LANGUAGES = ("kk", "ru")


def _shot(widget: QWidget, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)
    assert widget.grab().save(str(folder / f"{name}.png")), name


def _whole(qtbot, widget: QWidget, name: str, tmp_path: Path) -> list[str]:
    widget.resize(WIDTH, HEIGHT)
    found = clipped(widget)
    for _ in range(40):  # the layout settles over a few event-loop turns (a header grows)
        if not found:
            break
        qtbot.wait(25)
        found = clipped(widget)
    _shot(widget, name, tmp_path)
    return [f"{name}: {line}" for line in found]


def _journal_columns_fit(window: MainWindow, lang: str) -> list[str]:
    """Every column of the journal, the service column of a mixed journal too, within the
    table beside the docks: none past the right edge, no scrolling sideways."""
    table = window.journal_view.table
    shown = [column for column in range(table.model().columnCount())
             if not table.isColumnHidden(column)]
    assert len(shown) == 9  # the demo mixes services: the service column is there
    width = sum(table.columnWidth(column) for column in shown)
    if width > table.viewport().width() or table.horizontalScrollBar().maximum() > 0:
        return [f"main-{lang}: the journal's columns take {width} px of "
                f"{table.viewport().width()}"]
    return []


def test_the_main_window_and_every_wizard_page_are_whole(qtbot, configured_db: Database,
                                                         overlay: Path, tmp_path: Path) -> None:
    fill_demo(configured_db, count=40, seed=5)
    window = open_main_window(qtbot, configured_db)
    found: list[str] = []
    titles = []
    for lang in LANGUAGES:
        window.switch_language(lang)
        window.journal_view.refresh()
        found += _whole(qtbot, window, f"main-{lang}", tmp_path)
        found += _journal_columns_fit(window, lang)
        titles.append(window.windowTitle())
        chooser = open_chooser(qtbot, window)  # the service chooser, whole too
        found += _whole(qtbot, chooser, f"chooser-{lang}", tmp_path)
        take(qtbot, chooser, "asp")
        wizard = window.desk.windows[-1]
        qtbot.waitExposed(wizard)
        for number, step in enumerate([page.step for page in wizard.pages], start=1):
            wizard._show_step(step)  # every page, even before the one ahead is filled
            found += _whole(qtbot, wizard, f"wizard-{lang}-{number}-{step}", tmp_path)
            found += marks_and_boxes(wizard, f"wizard-{lang}-{number}-{step}")
        wizard.close()
    assert found == []
    assert not [title for title in titles if "Kömek" in title]  # the system adds it once


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_case_window_and_my_work_are_whole(qtbot, configured_db: Database, tmp_path: Path,
                                             lang: str) -> None:
    db = configured_db
    admin = create_account(db, None, username="admin", full_name="Әкімші Тест",
                           password="correct-horse-9", roles=[Role.ADMINISTRATOR])
    head = create_account(db, admin, username="head", full_name="Басшы Тест",
                          password="correct-horse-9", roles=[Role.HEAD])
    executor = create_account(db, admin, username="exec", full_name="Орындаушы Тест",
                              password="correct-horse-9", roles=[Role.EXECUTOR])
    day = dt.date.today()
    overlay = write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(day)])
    context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
    session = new_session(context, day)
    fill_family(session, 3)
    app_id = register(context, session, "kk").application.application_id
    cases = CaseService(db, context.parameters)
    cases.visa(head, app_id, executor.account_id or "")
    i18n.set_language(lang)
    window = MainWindow(AppContext(db, LanguageController(), user=executor))
    qtbot.addWidget(window)
    window.show()
    window.cases_panel.show_work()
    case = CaseWindow(cases, executor, app_id)
    qtbot.addWidget(case)
    case.show()
    qtbot.waitExposed(case)
    found = _whole(qtbot, window, f"work-{lang}", tmp_path)
    found += _whole(qtbot, case, f"case-{lang}", tmp_path)
    other = next(code for code in LANGUAGES if code != lang)
    window.switch_language(other)  # "My work" and the case follow, their headers whole
    found += _whole(qtbot, window, f"work-{lang}-then-{other}", tmp_path)
    found += _whole(qtbot, case, f"case-{lang}-then-{other}", tmp_path)
    assert found == [], "\n".join(found)

"""The access journal from the desk: opening a case, an application, a print preview and
exporting reports are recorded as they happen through the real windows; the administrator
and the head read who did what, on screen and in the PDF and Excel they export, in Kazakh and
Russian; the others are not offered it."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import i18n
from desktop.__main__ import main as komek
from desktop.domain.roles import Role
from desktop.domain.text import Text
from desktop.services.access_journal import access_journal
from desktop.services.accounts import CurrentUser, create_account
from desktop.services.report_export import cell_text
from desktop.services.workstation import load_setup
from desktop.ui.cases.reports_dialog import AccessJournalDialog, ReportsDialog
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow
from desktop.ui.printing.print_dialog import PrintDialog

PASSWORD = "correct-horse-9"


@pytest.fixture
def users(desk) -> dict[str, CurrentUser]:
    made: dict[str, CurrentUser] = {}
    for name, full, role in (("admin", "Әкімші Тест", Role.ADMINISTRATOR),
                             ("head", "Басшы Тест", Role.HEAD),
                             ("desk", "Қызметкер Тест", Role.FRONT_DESK)):
        made[name] = create_account(desk.db, made.get("admin"), username=name, full_name=full,
                                    password=PASSWORD, roles=[role])
    return made


def _window(qtbot, db, user: CurrentUser) -> MainWindow:
    window = MainWindow(AppContext(db=db, language=LanguageController(), setup=load_setup(db),
                                   user=user))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def at_the_desk(qtbot, desk, users) -> Iterator[MainWindow]:
    """The front-desk specialist at work: a case, an application, a preview, an export."""
    window = _window(qtbot, desk.db, users["desk"])
    yield window
    for case in list(window.cases_panel.windows):
        case.close()
    for wizard in list(window.desk.windows):
        wizard.close()
    for dialog in list(window.documents.dialogs):
        dialog.close()


def _rows(db, lang: str) -> list[list[str]]:
    today = dt.date.today()
    table = access_journal(db, today, today)
    return [[cell_text(value, lang) for value in row] for row in table.rows]


def test_openings_prints_and_exports_are_in_the_access_journal(qtbot, desk, users,
                                                               at_the_desk, tmp_path):
    window = at_the_desk
    first, second = desk.registered
    number = desk.numbers[0]
    before = len(_rows(desk.db, "ru"))  # the coupons printed at registration
    window.cases_panel.open_case(first)
    window.desk.show_application(second)
    dialog = PrintDialog(desk.db, first, window)
    qtbot.addWidget(dialog)
    preview = dialog.preview()
    assert preview is not None
    preview.ask_save_path = lambda _suggested: tmp_path / "saved.pdf"
    preview.save_as()
    assert stat.S_IMODE((tmp_path / "saved.pdf").stat().st_mode) == 0o600
    reports = ReportsDialog(desk.db, window)
    qtbot.addWidget(reports)
    assert reports.write(tmp_path / "reports.xlsx", "xlsx", "ru")
    assert stat.S_IMODE((tmp_path / "reports.xlsx").stat().st_mode) == 0o600

    rows = _rows(desk.db, "ru")[before:]
    who = {row[1] for row in rows}
    assert who == {"Қызметкер Тест"}
    done = [(row[2], row[3]) for row in rows]
    assert ("Открыто окно дела", number) in done
    assert ("Открыто заявление", desk.numbers[1]) in done
    assert any(what.startswith("Открыт предварительный просмотр: ") and subject == number
               for what, subject in done)
    assert any(what.startswith("Сохранено как PDF: ") and subject == number
               for what, subject in done)
    assert ("Экспортированы отчеты", i18n.format_date(dt.date.today().replace(day=1)) + " – "
            + i18n.format_date(dt.date.today())) in done
    assert rows[-1][4] == "XLSX, ru"


def test_only_the_administrator_and_the_head_are_offered_it(qtbot, desk, users):
    for name, offered in (("admin", True), ("head", True), ("desk", False)):
        window = _window(qtbot, desk.db, users[name])
        assert window.cases_panel.action_access_journal.isEnabled() is offered, name
        window.close()


@pytest.mark.parametrize("lang, opened", [("kk", "Іс терезесі ашылды"),
                                          ("ru", "Открыто окно дела")])
def test_the_head_reads_and_exports_it(qtbot, desk, users, at_the_desk, lang, opened,
                                       tmp_path):
    at_the_desk.cases_panel.open_case(desk.registered[0])
    i18n.set_language(lang)
    dialog = AccessJournalDialog(desk.db)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.tabs.widget(0)
    cells = [[item.text() if (item := table.item(r, c)) else ""
              for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert [opened, desk.numbers[0]] in [row[2:4] for row in cells]
    assert "Қызметкер Тест" in {row[1] for row in cells}
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)  # to look at them
    qtbot.wait(50)
    assert dialog.grab().save(str(folder / f"access-journal-{lang}.png"))
    assert dialog.write(tmp_path / "journal.pdf", "pdf", lang)
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "journal.pdf").pages)
    text = " ".join(text.split())
    assert opened in text and desk.numbers[0] in text and "Қызметкер Тест" in text
    assert dialog.write(tmp_path / "journal.xlsx", "xlsx", lang)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO((tmp_path / "journal.xlsx").read_bytes())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert any(row[2] == opened and row[3] == desk.numbers[0] for row in values)
    assert _rows(desk.db, lang)[-1][2] == i18n.render(Text("Access journal exported"), lang)


@pytest.mark.parametrize("lang, opened, exported", [
    ("ru", "Открыто окно дела", "Экспортирован журнал доступа"),
    ("kk", "Іс терезесі ашылды", "Қол жеткізу журналы экспортталды")])
def test_the_command_prints_it_for_a_period(qtbot, desk, users, at_the_desk, tmp_path, lang,
                                            opened, exported, capsys):
    at_the_desk.cases_panel.open_case(desk.registered[1])
    today = dt.date.today().isoformat()
    out = tmp_path / "access.pdf"
    args = ["--db", str(desk.db.path), "--lang", lang, "print", "access-journal",
            "--from", today, "--to", today, "--out", str(out), "--lang", lang]
    assert komek(args) == 0, capsys.readouterr().err
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert opened in text and desk.numbers[1] in text and "Қызметкер Тест" in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert komek(args) == 0  # the first export is in the second
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert exported in text
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    empty = ["--db", str(desk.db.path), "print", "access_journal", "--from", yesterday,
             "--to", yesterday, "--out", str(tmp_path / "none.xlsx")]
    assert komek(empty) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "none.xlsx").active
    assert sheet.max_row == 4  # title, period, header, the total of no rows

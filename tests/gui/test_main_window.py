"""The main window over a real database: empty state, demo data, search, sort, language."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle

from desktop import i18n
from desktop.demo.generate import fill_demo
from desktop.demo.samples import sample_application
from desktop.services.journal import Journal
from desktop.services.workstation import get_setting, load_setup, set_setting
from desktop.storage.database import Database
from desktop.storage.repositories.applications import save_draft
from desktop.storage.textkeys import spelling_key
from desktop.ui.journal_model import COLUMNS, service_name
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow
from tests.support.keyboard import Keyboard


def make_window(qtbot, db: Database) -> MainWindow:
    language = LanguageController(remember=lambda code: set_setting(db, "language", code))
    window = MainWindow(AppContext(db=db, language=language, setup=load_setup(db)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_empty_database_shows_what_to_do(qtbot, configured_db):
    window = make_window(qtbot, configured_db)
    view = window.journal_view
    assert view.stack.currentIndex() == 1
    assert view.empty_title.isVisible()
    assert window.action_demo.isEnabled()
    assert "AKT-01" in window.status_office.text()
    assert configured_db.path.name in window.status_database.text()
    assert str(configured_db.path.parent) not in window.status_database.text()
    assert window.status_database.toolTip() == str(configured_db.path)


def test_demo_button_fills_the_journal(qtbot, configured_db):
    window = make_window(qtbot, configured_db)
    qtbot.mouseClick(window.journal_view.demo_button, Qt.MouseButton.LeftButton)
    total = Journal(configured_db).count()
    assert total > 0
    assert window.journal_view.model.total == total
    assert window.journal_view.stack.currentIndex() == 0
    assert not window.action_demo.isEnabled()


def test_search_by_iin_finds_the_application(qtbot, configured_db):
    fill_demo(configured_db, count=60, seed=7)
    wanted = Journal(configured_db).page(0, 60, sort="applicant_name")[17]
    window = make_window(qtbot, configured_db)
    view = window.journal_view
    qtbot.keyClicks(view.search_edit, wanted.iin)
    qtbot.waitUntil(lambda: view.model.search_text == wanted.iin, timeout=2000)
    iins = [view.model.row_at(row).iin for row in range(view.model.rowCount())]
    assert wanted.iin in iins
    assert all(iin.startswith(wanted.iin) for iin in iins)


def test_search_by_surname_and_nothing_found(qtbot, configured_db):
    fill_demo(configured_db, count=60, seed=8)
    row = Journal(configured_db).page(0, 1)[0]
    surname = row.applicant_name.split()[0]
    window = make_window(qtbot, configured_db)
    view = window.journal_view
    view.search_edit.setText(surname.lower())
    qtbot.waitUntil(lambda: view.model.search_text == surname.lower(), timeout=2000)
    assert view.model.total >= 1
    assert all(spelling_key(view.model.row_at(i).applicant_name).startswith(
        spelling_key(surname)) for i in range(view.model.rowCount()))
    view.search_edit.setText("Щщщщщ")
    qtbot.waitUntil(lambda: view.model.search_text == "Щщщщщ", timeout=2000)
    assert view.model.total == 0
    assert view.stack.currentIndex() == 2


def test_either_spelling_is_found_and_an_empty_result_says_what_was_searched(
        qtbot, configured_db):
    """Issue 17: "серикбаева" finds "Серікбаева" and the other way round, typed by keys."""
    save_draft(configured_db, sample_application(surname="Серікбаева", first_name="Әсел",
                                                 iin="900101400122"))
    save_draft(configured_db, sample_application(surname="Серикбаев", first_name="Ерлан",
                                                 iin="900101300126"))
    window = make_window(qtbot, configured_db)
    view = window.journal_view
    keys = Keyboard()
    for typed, expected in (("серикбаева", ["Серікбаева"]), ("СЕРІКБАЕВ", None)):
        view.search_edit.setFocus()
        view.search_edit.clear()
        keys.type(typed, view.search_edit)
        qtbot.waitUntil(lambda t=typed: view.model.search_text == t, timeout=2000)
        names = sorted(view.model.row_at(i).applicant_name.split()[0]
                       for i in range(view.model.rowCount()))
        assert names == (expected or ["Серикбаев", "Серікбаева"])
    view.search_edit.clear()
    keys.type("серикбаевх", view.search_edit)
    qtbot.waitUntil(lambda: view.model.search_text == "серикбаевх", timeout=2000)
    assert view.stack.currentIndex() == 2 and view.no_match_label.isVisible()
    said = view.no_match_label.text()
    assert "«серикбаевх»" in said or "“серикбаевх”" in said
    assert "і" in said and "и" in said  # the spellings it looked for
    view.search_edit.clear()
    keys.type("77777", view.search_edit)
    qtbot.waitUntil(lambda: view.model.search_text == "77777", timeout=2000)
    assert "77777" in view.no_match_label.text()
    assert view.no_match_label.text() != said


def test_sorting_by_a_column_header(qtbot, configured_db):
    fill_demo(configured_db, count=40, seed=9)
    window = make_window(qtbot, configured_db)
    model = window.journal_view.model
    family_size = [field for field, _ in COLUMNS].index("family_size")
    window.journal_view.table.sortByColumn(family_size, Qt.SortOrder.AscendingOrder)
    sizes = [model.row_at(i).family_size for i in range(model.rowCount())]
    assert sizes == sorted(sizes)
    window.journal_view.table.sortByColumn(family_size, Qt.SortOrder.DescendingOrder)
    sizes = [model.row_at(i).family_size for i in range(model.rowCount())]
    assert sizes == sorted(sizes, reverse=True)


def test_switching_language_retranslates_and_is_remembered(qtbot, configured_db):
    window = make_window(qtbot, configured_db)
    kazakh_title = window.menu_view.title()
    kazakh_header = window.journal_view.model.headerData(2, Qt.Orientation.Horizontal,
                                                          Qt.ItemDataRole.DisplayRole)
    window.language_actions["ru"].trigger()
    assert i18n.current_language() == "ru"
    assert window.menu_view.title() == "&Вид"
    assert window.journal_view.model.headerData(
        2, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Заявитель"
    assert kazakh_header == "Өтініш беруші"
    assert window.journal_view.empty_title.text() == i18n._(
        "The applications journal is empty", "ru")
    assert get_setting(configured_db, "language") == "ru"
    window.language_actions["kk"].trigger()
    assert window.menu_view.title() == kazakh_title


def test_journal_loads_lazily(qtbot, configured_db):
    fill_demo(configured_db, count=450, seed=10)
    window = make_window(qtbot, configured_db)
    model = window.journal_view.model
    assert model.total == 450
    assert model.rowCount() < 450
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 450


def test_the_shell_is_shown_first_and_the_database_attached_after(qtbot, configured_db):
    language = LanguageController(remember=lambda code: set_setting(configured_db, "language",
                                                                    code))
    window = MainWindow(language=language)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.ready
    assert window.opening_label is not None
    assert window.opening_label.text() == i18n._("Opening the database…")
    assert not window.action_new.isEnabled()
    assert window.action_exit.isEnabled()
    window.attach(AppContext(db=configured_db, language=language,
                             setup=load_setup(configured_db)))
    assert window.ready
    assert window.centralWidget() is window.journal_view
    assert window.action_new.isEnabled()
    assert "AKT-01" in window.status_office.text()
    names = [action.menu().objectName() for action in window.menuBar().actions()]
    assert names == ["menu_file", "menu_view", "menu_documents", "menu_sync", "menu_cases",
                     "menu_help"]


def journal_at_1366(qtbot, db: Database, families: int) -> Iterator[tuple[str, MainWindow]]:
    """The main window at 1366×768 over ``families`` demo families, in each language in
    turn, its journal refreshed."""
    fill_demo(db, count=families, seed=5, mix={"asp": 1})  # a desk of АСП alone
    window = make_window(qtbot, db)
    window.resize(1366, 768)
    for lang in in_each_language(window):
        yield lang, window


def test_the_journals_eight_columns_fit_a_1366_screen_in_both_languages(qtbot, configured_db):
    """Beside the drafts and dashboard docks, no column is scrolled out of sight."""
    for lang, window in journal_at_1366(qtbot, configured_db, 300):
        qtbot.wait(50)
        table = window.journal_view.table
        header = table.horizontalHeader()
        used = sum(header.sectionSize(c) for c in range(header.count()))
        assert used <= table.viewport().width(), (lang, used, table.viewport().width())
        assert not table.horizontalScrollBar().isVisible(), lang


def test_a_header_too_wide_for_its_column_goes_on_two_lines(qtbot, configured_db):
    """«Регистрационный номер» is wider than its capped column: two lines, never cut at both
    ends; the whole title stays in the tooltip, and a language switch recomputes it."""
    for lang, window in journal_at_1366(qtbot, configured_db, 20):
        model = window.journal_view.model
        header = window.journal_view.table.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):  # the service column of an АСП-only journal
                continue
            shown = model.headerData(column, Qt.Orientation.Horizontal,
                                     Qt.ItemDataRole.DisplayRole)
            whole = model.headerData(column, Qt.Orientation.Horizontal,
                                     Qt.ItemDataRole.ToolTipRole)
            assert shown.replace("\n", " ") == whole
            widest_line = max(metrics.horizontalAdvance(line) for line in shown.split("\n"))
            assert widest_line <= header.sectionSize(column), (lang, shown)
    window.switch_language("ru")
    assert model.headerData(0, Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.DisplayRole) == "Регистрационный\nномер"


def test_a_long_office_name_is_shortened_in_the_status_bar_never_its_code(qtbot,
                                                                          configured_db):
    window = make_window(qtbot, configured_db)
    setup = load_setup(configured_db)
    assert setup is not None
    label = window.status_office
    assert label.text().endswith(" (AKT-01)") and "…" in label.text()
    assert label.toolTip() == setup.office_name_kk
    window.switch_language("ru")
    assert label.toolTip() == setup.office_name_ru and label.text().endswith(" (AKT-01)")


def mixed_journal(qtbot, db: Database, *, seed: int, width: int = 0) -> tuple[MainWindow, int]:
    """The main window over 120 demo families of many services (``width`` px wide if given),
    once its service column shows; (the window, that column)."""
    fill_demo(db, count=120, seed=seed)
    window = make_window(qtbot, db)
    if width:
        window.resize(width, 768)
    view = window.journal_view
    view.refresh()
    column = [field for field, _msgid in COLUMNS].index("service")
    qtbot.waitUntil(lambda: not view.table.isColumnHidden(column), timeout=3000)
    return window, column


def in_each_language(window: MainWindow) -> Iterator[str]:
    """Each language in turn, the window switched to it and its journal refreshed."""
    for lang in i18n.LANGUAGES:
        window.switch_language(lang)
        window.journal_view.refresh()
        yield lang


def test_the_journal_shows_the_services_of_the_demo(qtbot, configured_db):
    """Demo data hold applications of many services: the journal lists them under their
    names, in the service column, in either language, and the filter picks one of them."""
    window, column = mixed_journal(qtbot, configured_db, seed=19)
    view = window.journal_view
    model = view.model
    for _lang in in_each_language(window):
        shown = {model.data(model.index(row, column)) for row in range(model.rowCount())}
        codes = {model.row_at(row).service for row in range(model.rowCount())}
        assert len(codes) >= 5, codes
        titles = {service_name(code) for code in codes}
        assert shown == titles and "asp" not in shown
    code = next(c for c in codes if c != "asp")
    view.service_filter.setCurrentIndex(view.service_filter.findData(code))
    qtbot.waitUntil(lambda: model.service == code, timeout=2000)
    assert model.total == Journal(configured_db).count(service=code) > 0
    assert {model.row_at(row).service for row in range(model.rowCount())} == {code}
    assert view.table.isColumnHidden(column)  # one service picked: its name is the filter


def _lines_needed(table, column: int, text: str) -> int:
    """Lines ``text`` takes wrapped at word breaks in the cell's width, as the view draws it
    (the cell less its focus frame's margins on both sides)."""
    style = table.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    width = table.columnWidth(column) - 2 * margin
    metrics = table.fontMetrics()
    height = metrics.boundingRect(QRect(0, 0, width, 100_000),
                                  int(Qt.TextFlag.TextWordWrap), text).height()
    return round(height / metrics.lineSpacing())


def test_the_most_common_service_is_named_whole_in_a_mixed_journal_at_1366(qtbot,
                                                                          configured_db):
    """A desk that takes many services shows the service column at 1366 px beside the docks;
    АСП's name, most rows' name («Адресная социальная помощь (АСП)», «Атаулы әлеуметтік
    көмек (АӘК)»), fits its two-line row whole in both languages, never «…помо…»: the
    family-size column, one or two digits, gives way first."""
    window, column = mixed_journal(qtbot, configured_db, seed=5, width=1366)
    view = window.journal_view
    for lang in in_each_language(window):
        qtbot.wait(50)
        table = view.table
        row = next(r for r in range(view.model.rowCount()) if view.model.row_at(r).service
                   == "asp")
        text = view.model.data(view.model.index(row, column))
        lines = _lines_needed(table, column, text)
        assert lines <= 2, (lang, text, table.columnWidth(column))
        assert table.rowHeight(row) >= 2 * table.fontMetrics().lineSpacing()
        assert not table.horizontalScrollBar().isVisible(), lang


def test_the_operator_in_a_crowded_status_bar_is_named_by_surname_and_initials(
        qtbot, configured_db):
    """At 1366 px, with the key's note and the sync line beside it, the operator's whole
    name does not fit: the bar shows the surname and initials (whole on hover), never
    "Operator: Te…", in both languages; the other labels give way instead."""
    window = make_window(qtbot, configured_db)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    label = window.status_operator
    for lang, says in (("kk", "Оператор: "), ("ru", "Оператор: ")):
        window.switch_language(lang)
        window.status_key.setText("Ключ хранится в файле, а не в хранилище учетных данных " * 2)
        window.status_key.show()
        qtbot.wait(20)
        full = load_setup(configured_db).operator_full_name  # type: ignore[union-attr]
        surname, first, *rest = full.split()
        initials = f"{surname} {first[0]}." + "".join(f" {part[0]}." for part in rest)
        assert label.text() == says + full
        shown = label.shown_text()
        assert shown == says + initials, shown  # crowded: the whole name does not fit
        assert label.width() >= label.fontMetrics().horizontalAdvance(says + initials)
        assert window.status_sync.shown_text().endswith("…")  # gives way first

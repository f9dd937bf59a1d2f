"""A day at the desk: keystrokes and time per intake, by keyboard only.

    python benchmarks/intake_keys.py [--repeat 3] [--lang kk] [--csv]

Drives the real intake wizard (offscreen Qt, a real SQLite file in a temporary folder) with
QTest key events only: a family of five (generated people), the applicant's page as the paper
gives it, four more members, a quarter's wages of two earners month by month, the documents
shown, and the registration. Every key goes to the widget that has the focus, as a person's
would; the script reads which field that is (its objectName) and types what the paper says
for it, or moves on. Printed: the keys pressed per page and in all, and the time per intake
(median of the repeats).

The script does not depend on one version of the wizard: it finds the fields by the focus,
so the same script measures the wizard before and after a change (run it from a checkout of
the older code to get the "before").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from desktop import i18n  # noqa: E402
from desktop.demo.intake_family import (  # noqa: E402
    SURNAME,
    applicant_values,
    people,
    write_test_overlay,
)
from desktop.domain.quarters import Quarter  # noqa: E402
from desktop.parameters.store import load_parameters  # noqa: E402
from desktop.services.intake import intake_context, new_session  # noqa: E402
from desktop.services.workstation import WorkstationSetup, save_setup  # noqa: E402
from desktop.storage.database import Database  # noqa: E402
from desktop.ui.wizard.wizard_window import WizardWindow  # noqa: E402

SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район",
    office_kind="district_office", office_name_kk="Бенчмарк бөлімі",
    office_name_ru="Отдел для замеров", office_code="BEN-01",
    operator_full_name="Тестов Тест Тестович", operator_position="маман")
WAGE = "45000"  # a month's wage of each of the two earners
TYPING_SPEED = 150  # keys a minute: the figure the typing-time line is worked out at
LIMIT = 400  # keys on one page before the script gives up (the wizard did not follow)


class Stuck(RuntimeError):
    """The wizard did not go where the keys should have taken it."""


class Desk:
    """The keyboard: every key to the focused widget, counted per page."""

    def __init__(self, app: QApplication, wizard: WizardWindow) -> None:
        self.app = app
        self.wizard = wizard
        self.keys: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self.page = "application"
        self._since = time.perf_counter()

    def focus(self) -> QWidget:
        widget = self.app.focusWidget()
        if widget is None:
            self.wizard.activateWindow()
            self.app.processEvents()
            widget = self.app.focusWidget() or self.wizard
        return widget

    def _count(self) -> None:
        self.keys[self.page] += 1
        if self.keys[self.page] > LIMIT:
            raise Stuck(f"more than {LIMIT} keys on the page {self.page!r}; the focus is on "
                        f"{type(self.focus()).__name__} {self.focus().objectName()!r}")

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              times: int = 1) -> None:
        for _ in range(times):
            if 0x7f < int(key) < 0x1000000:  # a letter key of the Cyrillic layout
                QTest.sendKeyEvent(QTest.KeyAction.Click, self.focus(), key,
                                   chr(int(key)).lower(), modifiers)
            else:
                QTest.keyClick(self.focus(), key, modifiers)
            self.app.processEvents()
            self._count()

    def type(self, text: str) -> None:
        for char in text:
            target = self.focus()
            if char.isascii() and (char.isalnum() or char in " .-+()/,"):
                QTest.keyClick(target, char)
            else:  # a Kazakh or Russian letter: the key event carries its text
                QTest.sendKeyEvent(QTest.KeyAction.Click, target, Qt.Key.Key_unknown, char,
                                   Qt.KeyboardModifier.NoModifier)
            self.app.processEvents()
            self._count()

    # --- one field ------------------------------------------------------------------------

    def enter(self, widget: QWidget, value: Any) -> None:
        """Make the focused field hold ``value`` the way a person would."""
        if isinstance(widget, QCheckBox):
            if widget.isChecked() != bool(value):
                self.press(Qt.Key.Key_Space)
        elif isinstance(widget, QComboBox):
            self.choose(widget, value)
        elif isinstance(widget, QLineEdit):
            if widget.text() != str(value):
                if widget.text():
                    self.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
                self.type(str(value))
        else:
            raise Stuck(f"cannot type into {type(widget).__name__} {widget.objectName()!r}")

    def choose(self, combo: QComboBox, value: Any) -> None:
        """Pick the item whose data is ``value``: by arrows when it is near, else by typing
        the start of its text (the combo's own keyboard search)."""
        target = combo.findData(value)
        if target < 0:
            raise Stuck(f"{combo.objectName()!r} has no item {value!r}")
        if abs(target - combo.currentIndex()) <= 2:
            key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
            self.press(key, times=abs(target - combo.currentIndex()))
            return
        for char in combo.itemText(target):
            if combo.currentIndex() == target:
                return
            self.type(char)
        if combo.currentIndex() != target:
            key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
            self.press(key, times=abs(target - combo.currentIndex()))

    # --- pages ----------------------------------------------------------------------------

    def into(self, widget: QWidget) -> None:
        """Tab until the focus is in ``widget`` (a page, a table)."""
        while not (widget is self.focus() or widget.isAncestorOf(self.focus())):
            self.press(Qt.Key.Key_Tab)

    def fields(self, values: dict[str, Any]) -> None:
        """Fill a page of fields in Tab order: type what the paper gives, pass the rest."""
        page = self.wizard.current_page()
        self.into(page)
        pending = dict(values)
        while pending:
            widget = self.focus()
            name = widget.objectName()
            if name in pending and page.isAncestorOf(widget):
                self.enter(widget, pending.pop(name))
            if pending:
                self.press(Qt.Key.Key_Tab)

    def cells(self, view: QAbstractItemView, row: int, values: dict[str, Any]) -> None:
        """Fill cells of ``row`` in Tab order, as the cell editors open."""
        pending = dict(values)
        while pending:
            widget = self.focus()
            index = view.currentIndex()
            column = _column_id(view, index.column()) if index.isValid() else ""
            if index.row() == row and column in pending and (
                    widget is view or view.isAncestorOf(widget)):
                value = pending.pop(column)
                if widget is view:
                    self.type_into_cell(view, value)
                else:
                    self.enter(widget, value)
            if pending:
                self.press(Qt.Key.Key_Tab)

    def type_into_cell(self, view: QAbstractItemView, value: Any) -> None:
        """A cell without an open editor: a key opens it with that key as its start."""
        self.type(str(value)[0])
        editor = self.focus()
        if isinstance(editor, QComboBox):
            self.choose(editor, value)
        else:
            self.type(str(value)[1:])

    def next_page(self, step: str) -> None:
        self.press(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
        if self.wizard.session.step != step:
            raise Stuck(f"Alt+Right did not open {step!r}: {self.wizard.message.text()}")
        self.lap()
        self.page = step

    def lap(self) -> None:
        now = time.perf_counter()
        self.seconds[self.page] += now - self._since
        self._since = now

    def button(self, button: QWidget) -> None:
        """Press a button by the key its text underlines (Alt and the letter, in the
        language's own letters, as on the screen); the question it asks first ("Register the
        application?") is answered with Enter, its default."""
        key = QKeySequence.mnemonic(button.text())[0]
        QTimer.singleShot(0, self.answer)
        self.press(key.key(), key.keyboardModifiers())
        QTest.qWait(150)  # a mnemonic clicks the button with its press animation

    def answer(self) -> None:
        """Enter in the question box on screen (polled until the box is up)."""
        box = self.app.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, self.answer)
            return
        QTest.keyClick(box, Qt.Key.Key_Return)
        self._count()

    def tick(self, view: QAbstractItemView, row: int, column: int) -> None:
        """Move the cell cursor with the arrows to (row, column) and tick it with Space."""
        self.into(view)
        current = view.currentIndex()
        if not current.isValid():
            self.press(Qt.Key.Key_Down)
            current = view.currentIndex()
        down, right = row - current.row(), column - current.column()
        self.press(Qt.Key.Key_Down if down > 0 else Qt.Key.Key_Up, times=abs(down))
        self.press(Qt.Key.Key_Right if right > 0 else Qt.Key.Key_Left, times=abs(right))
        self.press(Qt.Key.Key_Space)


def _column_id(view: QAbstractItemView, column: int) -> str:
    model = view.model()
    if hasattr(model, "column_id"):
        return str(model.column_id(column))
    return str(model.spec(column).id)


def _column(view: QAbstractItemView, column_id: str) -> int:
    model = view.model()
    return next(c for c in range(model.columnCount()) if _column_id(view, c) == column_id)


# --- one intake ---------------------------------------------------------------------------


def intake(app: QApplication, context: Any,
           today: dt.date) -> tuple[Counter[str], Counter[str], float]:
    family = people(5, today)
    session = new_session(context, today)
    wizard = WizardWindow(context, session)
    wizard.resize(1366, 768)
    wizard.show()
    wizard.activateWindow()
    for _ in range(5):
        app.processEvents()
    desk = Desk(app, wizard)
    started = desk._since = time.perf_counter()

    # the family lives in the office's district, as most who come to it do
    values = {**applicant_values(family[0]), "applicant_district": SETUP.district}
    desk.fields(values)
    desk.next_page("family")

    page = wizard.current_page()
    desk.into(page)
    for relationship, name, sex, _birth, iin in family[1:]:
        desk.press(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
        row = page.model.rowCount() - 1
        desk.cells(page.table, row, {"member_iin": iin, "member_surname": SURNAME[sex],
                                     "member_first_name": name,
                                     "member_relationship": relationship})
    desk.next_page("income")

    page = wizard.current_page()
    members = [str(r["row_id"]) for r in session.rows("members[]")]
    if hasattr(page.model, "grid"):  # a line per member and kind, the months side by side
        desk.into(page.table)
        months = session.income_quarter.months
        for member in members[:2]:
            desk.press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
            row = page.model.rowCount() - 1
            line = {"income_member": member, "income_kind": "employment",
                    **{f"month:{m}": WAGE for m in months}}
            current = page.model.grid.value(page.model.line(row), "income_member")
            if current == member:
                line.pop("income_member")
            desk.cells(page.table, row, line)
    else:  # a row per month: add it (Ctrl+I), go back to its member cell if it is another's
        for member in members[:2]:
            for month in session.income_quarter.months:
                desk.press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
                row = page.model.rowCount() - 1
                cells = {"income_kind": "employment", "income_month": str(month),
                         "income_amount": WAGE}
                if session.rows("incomes[]")[row].get("income_member") != member:
                    desk.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
                    cells = {"income_member": member, **cells}
                desk.cells(page.table, row, cells)
    desk.next_page("farm")
    desk.next_page("documents")

    page = wizard.current_page()
    shown = _column(page.table, "document_original_shown")
    for row, document in enumerate(session.rows("documents[]")):
        item = next(i for i in session.checklist() if i.document == document["document_kind"])
        if session.document_required(item) and not session.document_presented(item):
            desk.tick(page.table, row, shown)
    desk.next_page("review")

    desk.button(wizard.register_button)
    if not session.registration_number:
        raise Stuck(f"not registered: {wizard.message.text()}")
    elapsed = time.perf_counter() - started
    desk.lap()
    if wizard.pdf_dialog is not None:
        wizard.pdf_dialog.close()
    wizard.close()
    wizard.deleteLater()
    app.processEvents()
    return desk.keys, desk.seconds, elapsed


def one(lang: str) -> dict[str, Any]:
    """One intake in this process: the keys per page and the seconds."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.set_language(lang)
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = Database.open(folder / "desk.sqlite3")
        save_setup(db, SETUP)
        overlay = write_test_overlay(folder / "params", "karaganda",
                                     [Quarter.of(today).previous(), Quarter.of(today)])
        context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
        keys, seconds, elapsed = intake(app, context, today)
        db.close()
    return {"keys": dict(keys), "page_seconds": dict(seconds), "seconds": elapsed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", choices=("kk", "ru"), default="kk")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # a fresh process per intake: nothing of one run is left for the next
        print(json.dumps(one(args.lang)))
        return 0
    runs = []
    for _ in range(args.repeat):
        done = subprocess.run([sys.executable, __file__, "--one", "--lang", args.lang],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            print(done.stderr[-3000:], file=sys.stderr)
            return done.returncode
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    keys = runs[0]["keys"]
    assert all(run["keys"] == keys for run in runs), "the same intake took different keys"
    times = [run["seconds"] for run in runs]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"One intake by keyboard: a family of five, two earners' wages for three months "
          f"({args.lang}); machine load {load:.1f} on {os.cpu_count()} CPUs")
    print(f"  {'page':<12} {'keys':>5}   program's time (median of {len(runs)}), ms per key")
    for page, count in keys.items():
        page_time = statistics.median(run["page_seconds"].get(page, 0.0) for run in runs)
        print(f"  {page:<12} {count:5d}   {page_time:6.2f} s  {1000 * page_time / count:6.1f}")
    total = sum(keys.values())
    median = statistics.median(times)
    print(f"  {'in all':<12} {total:5d}   {median:6.2f} s  {1000 * median / total:6.1f}"
          f"   (worst {max(times):.2f} s)")
    print(f"time per intake: the program's own {median:.2f} s (keys replayed without "
          f"pauses, registration and coupon included); at {TYPING_SPEED} keys a minute, a "
          f"steady desk typist, {total / TYPING_SPEED:.1f} min of typing")
    print(f"thirty intakes: {30 * total} keys, {30 * total / TYPING_SPEED / 60:.1f} h of "
          f"typing at that speed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

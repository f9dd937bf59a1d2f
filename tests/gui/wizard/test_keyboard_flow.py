"""Issue 17: thirty intakes a day by keyboard. Every test drives the real wizard with key
events to the focused widget (QTest), as the desk types."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from desktop import i18n
from desktop.demo.intake_family import (
    applicant_values,
    fill_applicant,
    fill_family,
    people,
)
from desktop.domain.iban import make_kz_iban
from desktop.services.intake import intake_context, new_session, register
from desktop.ui.wizard.wizard_window import WizardWindow
from tests.support.keyboard import Keyboard, focused
from tests.support.wizard_driver import new_wizard


def open_wizard(qtbot, main_window, fill=None) -> WizardWindow:
    wizard = new_wizard(qtbot, main_window)  # Ctrl+N, Enter on АСП
    if fill is not None:
        fill(wizard.session)
        wizard.dirty = True
        wizard.rebuild()
    return wizard


def enter(keys: Keyboard, widget: QWidget, value: object) -> None:
    """What the paper says for the focused field, by keys."""
    if isinstance(widget, QCheckBox):
        if widget.isChecked() != bool(value):
            keys.press(Qt.Key.Key_Space)
    elif isinstance(widget, QComboBox):
        target = widget.findData(value)
        step = Qt.Key.Key_Down if target > widget.currentIndex() else Qt.Key.Key_Up
        keys.press(step, times=abs(target - widget.currentIndex()))
    else:
        assert isinstance(widget, QLineEdit)
        if widget.text():
            keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        keys.type(str(value))


def problem_at(wizard: WizardWindow, field_id: str) -> QLabel:
    label = wizard.current_page().findChild(QLabel, f"{field_id}_problem")
    assert label is not None
    return label


def test_the_cursor_starts_in_the_iin_and_enter_goes_field_by_field_to_the_next_page(
        qtbot, main_window):
    wizard = open_wizard(qtbot, main_window)
    family = people(5, dt.date.today())
    values = {**applicant_values(family[0]), "applicant_district": "Ақтоғай ауданы"}
    keys = Keyboard()
    assert focused().objectName() == "applicant_iin"  # IIN first: it fills birth date, sex
    keys.type(values.pop("applicant_iin"))
    assert wizard.session.value("applicant_birth_date") == family[0][3]
    visited = ["applicant_iin"]
    while wizard.session.step == "application":
        keys.press(Qt.Key.Key_Return)
        if wizard.session.step != "application":
            break
        widget = focused()
        visited.append(widget.objectName())
        if widget.objectName() in values:
            enter(keys, widget, values.pop(widget.objectName()))
        assert keys.count < 400, visited
    assert wizard.session.step == "family" and not values
    assert visited[:3] == ["applicant_iin", "applicant_surname", "applicant_first_name"]
    assert "applicant_birth_date" not in visited and "office" not in visited  # nothing to type
    assert visited[-1] == "consent_protected_information"  # Enter there: the next page
    assert focused() is wizard.current_page().table  # and the cursor is in it


def test_shortcuts_are_on_the_buttons_and_ctrl_enter_registers(qtbot, main_window):
    wizard = open_wizard(qtbot, main_window, lambda s: fill_family(s, 3))
    assert "Alt+→" in wizard.next_button.text() and "Alt+←" in wizard.back_button.text()
    assert "Ctrl+Enter" in wizard.register_button.text()
    for button in (wizard.next_button, wizard.back_button, wizard.register_button,
                   wizard.cancel_button):
        assert button.toolTip()
    assert "Ctrl+S" in wizard.cancel_button.toolTip()
    keys = Keyboard()
    for _step in range(5):
        keys.press(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.session.step == "review"
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert wizard.session.registration_number and keys.count == 6


def test_tab_in_the_family_table_goes_on_to_the_members_details_not_to_row_1(
        qtbot, main_window):
    today = dt.date.today()
    wizard = open_wizard(qtbot, main_window, lambda s: fill_applicant(s, people(1, today)[0]))
    keys = Keyboard()
    keys.press(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    page = wizard.current_page()
    assert wizard.session.step == "family" and focused() is page.table
    _relationship, name, _sex, _birth, iin = people(3, today)[2]
    keys.press(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert focused().objectName() == "member_iin"
    keys.type(iin)
    for column, text in (("member_surname", "Тестұлы"), ("member_first_name", name),
                         ("member_patronymic", "")):
        keys.press(Qt.Key.Key_Tab)
        assert focused().objectName() == column
        keys.type(text)
    keys.press(Qt.Key.Key_Tab)
    assert focused().objectName() == "member_relationship"
    keys.type("Б")  # «Баласы»: the combo's own search by the first letter
    keys.press(Qt.Key.Key_Tab)  # the birth date and sex come from the IIN: not stopped at
    assert focused().objectName() == "member_residence_status"
    keys.press(Qt.Key.Key_Tab)
    detail = focused()
    assert page.detail.isAncestorOf(detail), detail.objectName()
    assert detail.objectName() == "member_registered_locality"
    assert page.table.currentIndex().row() == 1 and name in page.detail_box.title()
    row = wizard.session.rows("members[]")[1]
    assert (row["member_iin"], row["member_first_name"], row["member_relationship"]) == (
        iin, name, "child")


def test_a_quarter_is_typed_as_a_grid_a_line_per_member_and_kind(qtbot, main_window):
    def two_without_incomes(session) -> None:
        fill_family(session, 2, incomes=False, documents=False)
        for animal in list(session.rows("livestock[]")):  # wages alone, no farm income
            session.remove_row("livestock[]", animal["row_id"])

    wizard = open_wizard(qtbot, main_window, two_without_incomes)
    keys = Keyboard()
    for _step in range(2):
        keys.press(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    page = wizard.current_page()
    assert wizard.session.step == "income" and focused() is page.table
    months = wizard.session.income_quarter.months
    for line, wage in enumerate(("45000", "52000")):
        keys.press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        assert focused().objectName() == "income_kind"
        keys.type("Е")  # «Еңбек қызметінен түскен табыс»
        for _month in months:
            keys.press(Qt.Key.Key_Tab)
            keys.type(wage)
        assert page.model.rowCount() == line + 1
    members = [r["row_id"] for r in wizard.session.rows("members[]")]
    rows = sorted((r["income_member"], r["income_kind"], int(r["income_month"]),
                   r["income_amount"]) for r in wizard.session.rows("incomes[]"))
    assert rows == sorted((members[n], "employment", m, w) for n, w in
                          enumerate(("45000", "52000")) for m in months)
    quarter = page.model.column("quarter")
    assert page.model.index(0, quarter).data() == i18n.format_amount(135_000_00)
    assert page.summary.values["family_income"].text() == i18n.format_money(291_000_00)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.model.columnCount())]
    assert len({h for h in headers if h}) == len(headers)  # the months by name, no tooltip
    assert keys.count == 2 + 2 * (1 + 1 + 3 + 3 * 5)


def test_an_expired_identity_document_is_said_on_page_1_and_carried_to_the_documents(
        qtbot, main_window):
    wizard = open_wizard(qtbot, main_window)
    keys = Keyboard()
    for field_id, text in (("applicant_id_number", "012345678"),
                           ("applicant_id_issue_date", "15.03.2010"),
                           ("applicant_id_expiry_date", "14.03.2020")):
        editor = wizard.current_page().findChild(QLineEdit, field_id)
        editor.setFocus()
        keys.type(text)
    said = problem_at(wizard, "applicant_id_expiry_date")
    assert said.isVisible() and "14.03.2020" in said.text()
    session = wizard.session
    fill_family(session, 2, documents=False)  # the rest of the intake, then page 1 as typed
    for field_id, text in (("applicant_id_number", "012345678"),
                           ("applicant_id_issue_date", "15.03.2010"),
                           ("applicant_id_expiry_date", "14.03.2020")):
        session.set_value(field_id, text)
    wizard.rebuild()
    for _step in range(4):
        keys.press(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert session.step == "documents"
    page = wizard.current_page()
    row = [r["document_kind"] for r in session.rows("documents[]")].index("identity_document")
    columns = [spec.id for spec in page.model.columns]
    cells = {c: page.model.index(row, columns.index(c)).data()
             for c in ("document_number", "document_issue_date", "document_expiry_date")}
    assert cells == {"document_number": "012345678", "document_issue_date": "15.03.2010",
                     "document_expiry_date": "14.03.2020"}
    assert page.table.currentIndex().row() == row  # the cursor on the first one missing
    keys.press(Qt.Key.Key_Space)  # the original is shown: and it has expired
    assert i18n.format_date(dt.date(2020, 3, 14)) in page.status.text()


def test_an_iin_the_journal_holds_under_another_name_is_said_at_the_iin(qtbot, main_window):
    context = intake_context(main_window.context.db)
    earlier = new_session(context)
    fill_family(earlier, 2)
    number = register(context, earlier, "kk").number
    known = people(2, dt.date.today())[0]
    wizard = open_wizard(qtbot, main_window)
    keys = Keyboard()
    keys.type(known[4])  # the same IIN
    keys.press(Qt.Key.Key_Return)
    keys.type("Ахметова")
    said = problem_at(wizard, "applicant_iin")
    assert said.isVisible() and number in said.text() and "Тестқызы" in said.text()
    keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys.type("Тесткызы")  # the same surname on a Russian keyboard: the same person
    assert not said.isVisible()


def test_a_mistyped_account_number_is_called_wrong_without_its_check_digits(qtbot,
                                                                            main_window):
    wizard = open_wizard(qtbot, main_window)
    iban = make_kz_iban("601", "0000123456789")
    mistyped = iban[:12] + ("5" if iban[12] != "5" else "6") + iban[13:]
    wizard.current_page().findChild(QLineEdit, "applicant_iban").setFocus()
    Keyboard().type(mistyped)
    said = problem_at(wizard, "applicant_iban")
    assert said.isVisible() and "IBAN" in said.text()
    assert iban[2:4] not in said.text() and not any(ch.isdigit() for ch in said.text())


def test_another_desks_edit_merged_in_leaves_the_cursor_where_the_typing_is(qtbot,
                                                                           main_window):
    """The pages are made again when a sync brought another desk's edit of this draft: the
    next keys still go into the field being typed in, not into the IIN."""
    from desktop.services.drafts import open_draft, save_draft

    wizard = open_wizard(qtbot, main_window,
                         lambda s: fill_applicant(s, people(1, dt.date.today())[0]))
    wizard.save_draft()
    elsewhere = open_draft(main_window.context.db, wizard.session.forms,
                           wizard.session.draft_id)
    elsewhere.set_value("applicant_occupation", "тракторист")
    save_draft(main_window.context.db, elsewhere)
    phone = wizard.current_page().findChild(QLineEdit, "applicant_phone")
    phone.setFocus()
    phone.end(False)
    keys = Keyboard()
    keys.type(" 1")
    wizard.save_draft()  # merges the other desk's edit and makes the pages again
    assert wizard.current_page().findChild(QLineEdit, "applicant_occupation").text() == \
        "тракторист"
    assert focused().objectName() == "applicant_phone"
    keys.type("2")
    assert wizard.session.value("applicant_phone") == "8 701 234 56 78 12"

"""The whole intake wizard driven from the keyboard and mouse, over a real SQLite file."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from desktop import i18n
from desktop.demo.intake_family import applicant_values, fill_family, people, present_documents
from desktop.services.drafts import list_open_drafts
from desktop.services.intake import intake_context, new_session, register
from desktop.ui.wizard.wizard_window import WizardWindow
from tests.support.windows import open_main_window
from tests.support.wizard_driver import (
    field,
    fill,
    new_wizard,
    pdf_text,
    tick,
    type_cell,
    type_text,
)


def enter_family(qtbot, wizard: WizardWindow, family) -> None:
    page = wizard.current_page()
    for relationship, name, _sex, _birth, iin in family[1:]:
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        row = page.model.rowCount() - 1
        type_cell(qtbot, page.table, row, "member_iin", iin)
        type_cell(qtbot, page.table, row, "member_surname", "Тестұлы")
        type_cell(qtbot, page.table, row, "member_first_name", name)
        type_cell(qtbot, page.table, row, "member_relationship", relationship)


def enter_incomes(qtbot, wizard: WizardWindow) -> None:
    """Two earners' quarter, each as one amount for the whole quarter (a line per member:
    the button adds the next member's)."""
    page = wizard.current_page()
    for _member in (0, 1):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        row = page.model.rowCount() - 1
        type_cell(qtbot, page.table, row, "income_kind", "employment")
        type_cell(qtbot, page.table, row, "income_amount_quarter", "135000")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_family_of_five_is_registered_with_journal_row_and_coupon(qtbot, main_window, lang,
                                                                 tmp_path):
    main_window.switch_language(lang)
    wizard = new_wizard(qtbot, main_window)
    today = dt.date.today()
    family = people(5, today)
    fill(qtbot, wizard, applicant_values(family[0]))
    assert field(wizard, "applicant_birth_date").text() == family[0][3]
    assert wizard.next() and wizard.session.step == "family"
    enter_family(qtbot, wizard, family)
    page = wizard.current_page()
    assert page.model.rowCount() == 5
    assert page.model.index(4, GRID_BIRTH).data() == family[4][3]
    assert wizard.next() and wizard.session.step == "income"
    enter_incomes(qtbot, wizard)
    summary = wizard.current_page().summary
    assert summary.values["family_income"].text() == i18n.format_money(270_000_00)
    assert summary.values["per_capita"].text() == i18n.format_money(18_000_00)
    assert wizard.next() and wizard.next() and wizard.session.step == "documents"
    documents = wizard.current_page()
    kinds = [row["document_kind"] for row in wizard.session.rows("documents[]")]
    for kind in ("identity_document", "residence_registration"):
        tick(documents.table, kinds.index(kind), "document_original_shown")
    assert wizard.next() and wizard.session.step == "review"
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)

    number = wizard.session.registration_number
    assert number.startswith(f"AKT-01-{today.year}-")
    assert wizard.session.read_only and wizard.banner.isVisible()
    journal = main_window.journal_view.model
    rows = [journal.row_at(r) for r in range(journal.rowCount())]
    assert [(r.registration_number, r.status, r.family_size) for r in rows] == [
        (number, "registered", 5)]
    text = pdf_text(wizard.pdf_dialog.path.read_bytes())
    assert number in text
    assert today.strftime("%d.%m.%Y") in text
    assert rows[0].due_date.strftime("%d.%m.%Y") in text
    assert "Сейтқали Ә. Н." in text
    assert "Тестқызы" in text  # the applicant's name on the coupon
    assert list_open_drafts(main_window.context.db) == []

    # Print… paints the coupon on the chosen printer (a PDF printer here, offscreen).
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    printed = tmp_path / "printer-output.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    wizard.pdf_dialog.choose_printer = lambda: printer
    assert wizard.pdf_dialog.print_button.isDefault()
    assert wizard.pdf_dialog.print_pdf()
    assert len(PdfReader(printed).pages) == len(PdfReader(wizard.pdf_dialog.path).pages)


GRID_BIRTH = 5  # the birth-date column of the family grid


def test_bad_iin_shows_its_message_at_the_field_and_blocks_moving_on(qtbot, main_window):
    wizard = new_wizard(qtbot, main_window)
    iin = field(wizard, "applicant_iin")
    type_text(qtbot, iin, "920101401006")  # wrong check digit
    problem = wizard.current_page().findChild(QLabel, "applicant_iin_problem")
    assert problem.isVisible()
    assert problem.text() == i18n.render(wizard.session.problems["applicant_iin"][0].message)
    assert "5" in problem.text()  # the check digit it should be
    assert not wizard.next()
    assert wizard.session.step == "application" and wizard.message.text()
    type_text(qtbot, iin, "920101401005")
    assert not problem.isVisible()
    assert wizard.next() and wizard.session.step == "family"


def test_duplicate_iin_in_the_family_is_refused_at_the_cell(qtbot, main_window):
    wizard = new_wizard(qtbot, main_window)
    family = people(2, dt.date.today())
    type_text(qtbot, field(wizard, "applicant_iin"), family[0][4])
    wizard.next()
    page = wizard.current_page()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 2  # Ctrl+M added a member
    type_cell(qtbot, page.table, 1, "member_iin", family[0][4])
    assert page.cell_problem.text()
    assert not wizard.next()


def test_incomplete_documents_give_a_slip_naming_the_missing_ones(qtbot, main_window):
    wizard = new_wizard(qtbot, main_window)
    fill_family(wizard.session, 5, documents=False)
    present_documents(wizard.session, skip=("residence_registration",))
    wizard.dirty = True
    wizard.rebuild()
    wizard.go_to("review")
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    assert not wizard.session.registration_number and wizard.message.text()
    qtbot.mouseClick(wizard.refuse_button, Qt.MouseButton.LeftButton)
    text = " ".join(pdf_text(wizard.pdf_dialog.path.read_bytes()).split())
    assert "мекенжай анықтамасы" in text
    assert text.count("Құжаттарды қабылдаудан бас тарту туралы қолхат") == 2  # two copies
    row = main_window.journal_view.model.row_at(0)
    assert row.status == "refused_intake"
    (draft,) = list_open_drafts(main_window.context.db)
    assert draft.refused_at is not None


def test_draft_survives_closing_and_reopening_the_app(qtbot, configured_db):
    window = open_main_window(qtbot, configured_db)
    wizard = new_wizard(qtbot, window)
    field(wizard, "applicant_surname").setText("Әбдірова")
    type_text(qtbot, field(wizard, "applicant_phone"), "8 701 555 44 33")
    qtbot.waitUntil(lambda: bool(wizard.saved_label.text()), timeout=3000)
    wizard.close()
    window.close()

    again = open_main_window(qtbot, configured_db)
    assert again.drafts_view.list.count() == 1
    qtbot.mouseClick(again.drafts_view.continue_button, Qt.MouseButton.LeftButton)
    reopened = again.desk.windows[-1]
    assert field(reopened, "applicant_surname").text() == "Әбдірова"
    assert field(reopened, "applicant_phone").text() == "8 701 555 44 33"


def test_wizard_open_at_a_crash_is_reopened_with_everything_typed(qtbot, configured_db):
    window = open_main_window(qtbot, configured_db)
    wizard = new_wizard(qtbot, window)
    field(wizard, "applicant_first_name").setText("Жанар")
    wizard.save_draft()
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    wizard.hide()  # the program stops here: no close, no goodbye
    window.desk.windows.clear()

    again = open_main_window(qtbot, configured_db)
    qtbot.waitUntil(lambda: bool(again.desk.windows), timeout=2000)
    assert field(again.desk.windows[-1], "applicant_first_name").text() == "Жанар"


def test_an_open_wizard_shows_another_desks_edit_merged_at_its_next_save(qtbot,
                                                                         configured_db):
    """A sync stores another desk's edit of the draft this wizard holds: the next save
    merges it in field by field and the pages show it, nothing typed here is lost."""
    from desktop.services.drafts import open_draft, save_draft

    window = open_main_window(qtbot, configured_db)
    wizard = new_wizard(qtbot, window)
    fill(qtbot, wizard, applicant_values(people(1, dt.date.today())[0]))
    wizard.save_draft()
    elsewhere = open_draft(configured_db, wizard.session.forms, wizard.session.draft_id)
    elsewhere.set_value("applicant_occupation", "тракторист")
    save_draft(configured_db, elsewhere)
    type_text(qtbot, field(wizard, "applicant_phone"), "8 701 555 44 33")
    wizard.save_draft()
    assert field(wizard, "applicant_occupation").text() == "тракторист"
    assert field(wizard, "applicant_phone").text() == "8 701 555 44 33"
    stored = open_draft(configured_db, wizard.session.forms, wizard.session.draft_id)
    assert (stored.value("applicant_occupation"), stored.value("applicant_phone")) == \
        ("тракторист", "8 701 555 44 33")
    assert wizard.session.step == "application"


def test_registered_application_opens_read_only(qtbot, main_window):
    context = intake_context(main_window.context.db)
    session = new_session(context)
    fill_family(session, 3)
    result = register(context, session, "kk")
    main_window.journal_view.refresh()
    index = main_window.journal_view.model.index(0, 0)
    main_window.journal_view.table.doubleClicked.emit(index)
    wizard = main_window.desk.windows[-1]
    assert wizard.session.read_only and wizard.session.registration_number == result.number
    phone = field(wizard, "applicant_phone")
    assert isinstance(phone, QLineEdit) and phone.isReadOnly()
    phone.setText("000")  # even if text gets in, the stored value stays
    assert wizard.session.value("applicant_phone") == "8 701 234 56 78"
    assert not wizard.register_button.isVisible()
    wizard.go_to("family")
    model = wizard.current_page().model
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable

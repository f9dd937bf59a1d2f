"""Issue 17: the drafts list and the certificate find a name in either spelling, by keys."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop.demo.intake_family import fill_family
from desktop.demo.samples import sample_application
from desktop.domain.roles import Role
from desktop.services.accounts import create_account
from desktop.services.drafts import save_draft
from desktop.services.intake import intake_context, new_session
from desktop.storage.repositories.applications import save_draft as store
from desktop.ui.cases.certificate_dialog import CertificateDialog
from desktop.ui.wizard.drafts_view import DraftsView
from tests.support.keyboard import Keyboard, activate


def test_the_drafts_list_is_searched_by_keys_in_either_spelling(qtbot, configured_db, overlay):
    context = intake_context(configured_db)
    for seed, surname in enumerate(("Серікбаева", "Қасымова")):
        session = new_session(context, dt.date.today())
        fill_family(session, 2, seed=seed)
        session.set_value("applicant_surname", surname)
        save_draft(configured_db, session)
    view = DraftsView(configured_db)
    qtbot.addWidget(view)
    view.show()
    activate(qtbot, view)
    assert view.list.count() == 2
    keys = Keyboard()
    view.search.setFocus()
    keys.type("серикб")
    assert view.list.count() == 1 and view.list.item(0).text().startswith("Серікбаева")
    with qtbot.waitSignal(view.continue_requested) as opened:
        keys.press(Qt.Key.Key_Return)  # Enter opens the one found
    assert opened.args == [view.list.item(0).data(Qt.ItemDataRole.UserRole)]
    keys.press(Qt.Key.Key_Backspace, times=6)
    keys.type("касымх")
    assert view.list.count() == 0
    assert view.no_match.isVisible() and "касымх" in view.no_match.text()


def test_the_certificate_finds_the_person_by_name_and_enter_chooses(qtbot, configured_db):
    store(configured_db, sample_application(surname="Серікбаева", first_name="Әсел",
                                            iin="900101400122"))
    user = create_account(configured_db, None, username="admin", full_name="Әкімші Тест",
                          password="correct-horse-9", roles=[Role.ADMINISTRATOR])
    dialog = CertificateDialog(configured_db, user)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    keys = Keyboard()
    dialog.iin.setFocus()
    keys.type("серикбаева асел")
    keys.press(Qt.Key.Key_Return)
    assert dialog.people.isVisible() and dialog.people.count() == 1
    assert "900101400122" in dialog.people.item(0).text()
    keys.press(Qt.Key.Key_Return)  # the list has the focus: Enter takes the person
    assert dialog.iin.text() == "900101400122"
    assert dialog.lookup is not None and dialog.lookup.name.startswith("Серікбаева Әсел")
    assert dialog.print_button.isEnabled()
    dialog.iin.setFocus()
    dialog.iin.selectAll()
    keys.type("ахметова")
    keys.press(Qt.Key.Key_Return)
    assert not dialog.people.isVisible() and "ахметова" in dialog.answer.text()
    assert not dialog.print_button.isEnabled()

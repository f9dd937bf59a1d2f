"""Register and Refuse to accept are done once: asked first, off after they are done, saying
what was done; the coupon opens in the program's own preview, whatever viewers are installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop import i18n
from desktop.demo.intake_family import fill_family, present_documents
from desktop.domain.case_status import CaseStatus
from desktop.storage.models import ApplicationRecord, JournalEntryRecord
from desktop.ui.printing.preview import DocumentPreview
from tests.support.wizard_driver import new_wizard


def _count(db, model, *where) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _at_review(qtbot, window, *, documents: bool):
    wizard = new_wizard(qtbot, window)
    fill_family(wizard.session, 3, documents=documents, seed=4)
    if not documents:
        present_documents(wizard.session, skip=("residence_registration",))
    wizard.dirty = True
    wizard.rebuild()
    wizard.go_to("review")
    return wizard


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_refuse_to_accept_twice_makes_one_refusal(qtbot, main_window, confirmations, lang,
                                                  tmp_path: Path):
    main_window.switch_language(lang)
    db = main_window.context.db
    wizard = _at_review(qtbot, main_window, documents=False)
    confirmations.answer = False  # asked first: "Cancel" registers nothing
    qtbot.mouseClick(wizard.refuse_button, Qt.MouseButton.LeftButton)
    assert len(confirmations.asked) == 1
    assert _count(db, ApplicationRecord) == 0
    confirmations.answer = True
    qtbot.mouseClick(wizard.refuse_button, Qt.MouseButton.LeftButton)
    refused = CaseStatus.REFUSED_INTAKE.value
    assert _count(db, ApplicationRecord, ApplicationRecord.status == refused) == 1
    assert not wizard.refuse_button.isEnabled()
    said = i18n._("Done: the refusal to accept is registered in the journal at {time}. The "
                  "draft is kept: when the family brings the missing documents, continue it.")
    assert wizard.message.text().startswith(said.split("{time}")[0])
    qtbot.mouseClick(wizard.refuse_button, Qt.MouseButton.LeftButton)  # disabled: nothing
    wizard.refuse()  # and the slot itself, called again, does nothing either
    assert _count(db, ApplicationRecord, ApplicationRecord.status == refused) == 1
    assert _count(db, JournalEntryRecord, JournalEntryRecord.status == refused) == 1
    assert len(confirmations.asked) == 2
    wizard.pdf_dialog.close()
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)
    wizard.resize(1366, 768)
    wizard.grab().save(str(folder / f"wizard-refused-{lang}.png"))
    # the family brings a document: the application changed, a refusal may be made again
    present_documents(wizard.session)
    wizard.session.set_value("applicant_phone", "+7 701 000 00 00")
    wizard.page("application").refresh()
    wizard._edited({"applicant_phone"})
    assert wizard.refuse_button.isEnabled()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_register_is_asked_once_done_once_and_the_coupon_opens_in_the_preview(
        qtbot, main_window, confirmations, lang, tmp_path: Path):
    main_window.switch_language(lang)
    db = main_window.context.db
    wizard = _at_review(qtbot, main_window, documents=True)
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    assert len(confirmations.asked) == 1
    number = wizard.session.registration_number
    assert number and number in wizard.message.text()
    wizard.register()  # a second press (a queued double click) registers nothing
    assert _count(db, ApplicationRecord) == 1 and len(confirmations.asked) == 1
    dialog = wizard.pdf_dialog
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    preview = dialog.preview
    assert isinstance(preview, DocumentPreview) and preview.isVisible()
    assert preview.pdf == dialog.path.read_bytes() and len(preview.page_labels) == 1
    assert not any(b.isVisible() for b in preview.language_buttons.values())
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)
    preview.resize(900, 700)
    qtbot.wait(200)
    preview.grab().save(str(folder / f"coupon-preview-{lang}.png"))
    preview.close()

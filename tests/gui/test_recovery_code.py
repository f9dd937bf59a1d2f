"""The recovery code shown once in the window, its PDF, and the key's place in the status bar."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from desktop import i18n
from desktop.services.workstation import load_setup, set_setting
from desktop.storage.database import Database
from desktop.storage.recovery_code import parse_code
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow
from desktop.ui.recovery_code_dialog import RecoveryCodeDialog


def test_the_code_is_shown_printed_and_then_not_due(qtbot, configured_db: Database,
                                                     tmp_path: Path) -> None:
    for lang, title in (("kk", "қалпына келтіру коды"), ("ru", "Код восстановления")):
        i18n.set_language(lang)
        dialog = RecoveryCodeDialog(configured_db)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        code = configured_db.recovery_code()
        assert parse_code(dialog.code_label.text()) == parse_code(code)
        assert title.casefold() in dialog.windowTitle().casefold()
        dialog.grab().save(str(tmp_path / f"recovery-{lang}.png"))
        pdf = dialog.save_pdf(tmp_path / f"recovery-{lang}.pdf")
        assert pdf is not None
        reader = PdfReader(pdf)
        text = reader.pages[0].extract_text()
        assert title.casefold() in text.casefold()
        assert all(group in text for group in code.replace("\n", "-").split("-"))
        fonts = reader.pages[0]["/Resources"]["/Font"]
        assert all("/FontFile2" in font.get_object()["/FontDescriptor"]
                   for font in fonts.values())  # DejaVu embedded, no base-14 font
        assert configured_db.recovery_code_due()  # closed without «I have kept the code»
        dialog.close()
    dialog = RecoveryCodeDialog(configured_db)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.kept_button, Qt.MouseButton.LeftButton)
    assert not configured_db.recovery_code_due()


def test_the_status_bar_says_when_the_key_is_in_a_file(qtbot, configured_db: Database) -> None:
    language = LanguageController(remember=lambda code: set_setting(configured_db, "language",
                                                                    code))
    window = MainWindow(AppContext(db=configured_db, language=language,
                                   setup=load_setup(configured_db)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert configured_db.key_location == "file"  # the tests have no credential store
    assert window.status_key.isVisible()
    assert "файлда" in window.status_key.text()
    assert "database-key" in window.status_key.toolTip()
    language.switch("ru")
    assert "в файле" in window.status_key.text()

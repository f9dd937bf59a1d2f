"""The review page names the office's region, never its code, in the interface language."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.demo.intake_family import fill_family
from tests.support.chooser_driver import new_wizard


@pytest.mark.parametrize(("lang", "region"), [("kk", "Қарағанды облысы"),
                                              ("ru", "Карагандинская область")],
                         ids=["kk", "ru"])
def test_the_review_page_shows_the_region_by_name(qtbot, main_window, lang, region):
    main_window.switch_language(lang)
    wizard = new_wizard(qtbot, main_window)  # Ctrl+N, Enter on АСП
    fill_family(wizard.session, 5)
    wizard.dirty = True
    wizard.rebuild()
    wizard.go_to("review")
    text = wizard.current_page().browser.toPlainText()
    assert region in text
    assert "karaganda" not in text
    assert "generated" not in text  # the test line's source is in the language too
    folder = os.environ.get("KOMEK_SCREENSHOTS")
    if folder:  # to look at it: the README's screenshots of the review page
        wizard.resize(1366, 768)
        qtbot.wait(50)
        wizard.grab().save(str(Path(folder) / f"wizard-review-{lang}.png"))

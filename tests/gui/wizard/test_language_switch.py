"""A language switch at run time: every open window follows, the closed ones are left alone,
and the layout is laid out again for the new words."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox

from desktop.demo.intake_family import fill_family
from tests.support.wizard_driver import new_wizard


def test_a_closed_wizard_is_not_touched_by_a_switch(qtbot, main_window, capfd) -> None:
    first = new_wizard(qtbot, main_window)
    first.close()
    qtbot.waitUntil(lambda: first not in main_window.desk.windows, timeout=2000)
    second = new_wizard(qtbot, main_window)
    main_window.switch_language("ru")
    main_window.switch_language("kk")
    assert "already deleted" not in capfd.readouterr().err
    assert second.steps.item(0).text().endswith("Өтініш")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_family_page_is_laid_out_again_after_a_switch(qtbot, main_window, lang,
                                                          tmp_path: Path) -> None:
    main_window.switch_language("ru" if lang == "kk" else "kk")
    wizard = new_wizard(qtbot, main_window)
    fill_family(wizard.session, 4)
    wizard.rebuild()
    wizard.go_to("family")
    main_window.switch_language(lang)
    qtbot.wait(100)
    page = wizard.current_page()
    boxes = [b for b in page.detail_box.findChildren(QCheckBox) if b.isVisible()]
    assert boxes
    for box in boxes:  # every check box whole and apart from the others
        assert box.height() >= box.sizeHint().height(), box.text()
        assert box.width() >= box.sizeHint().width() or box.text() == "", box.text()
    rects = [(b.mapTo(wizard, b.rect().topLeft()), b.size()) for b in boxes]
    for i, (a, size_a) in enumerate(rects):
        for b, size_b in rects[i + 1:]:
            apart = a.x() + size_a.width() <= b.x() or b.x() + size_b.width() <= a.x() \
                or a.y() + size_a.height() <= b.y() or b.y() + size_b.height() <= a.y()
            assert apart
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)
    wizard.grab().save(str(folder / f"family-after-switch-{lang}.png"))

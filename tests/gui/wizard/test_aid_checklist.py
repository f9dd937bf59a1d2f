"""§12 through the real wizard: the documents page lists the documents of the kind of aid
chosen on the application page (hearing, vision or hygiene aids), and a change of the kind
changes the list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.wizard.test_disability_wizard import applicant
from tests.support.chooser_driver import new_wizard
from tests.support.wizard_driver import fill

DISABILITY_CERTIFICATE = {"kk": "мүгедектігі туралы анықтама", "ru": "справка об инвалидности"}
VETERAN = {"kk": "Ұлы Отан соғысына қатысушы (мүгедек) куәлігі",
           "ru": "удостоверение участника (инвалида) Великой Отечественной войны"}


def _shown(page) -> list[str]:
    model = page.model
    return [str(model.index(r, 0).data(Qt.ItemDataRole.DisplayRole))
            for r in range(model.rowCount())]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_documents_page_follows_the_kind_of_aid(qtbot, main_window, lang, tmp_path):
    main_window.switch_language(lang)
    wizard = new_wizard(qtbot, main_window, "hearing_vision_aids")
    fill(qtbot, wizard, applicant(wizard))
    fill(qtbot, wizard, {"aid_kind": "hygiene_aids", "consent_personal_data": True})
    assert wizard.next() and wizard.session.step == "documents"
    shown = _shown(wizard.current_page())
    assert len(shown) == 5
    assert any(DISABILITY_CERTIFICATE[lang] in name for name in shown)
    assert not any(VETERAN[lang] in name for name in shown)
    qtbot.wait(100)  # the rows take their wrapped height once shown
    assert wizard.grab().save(str(tmp_path / f"hygiene-{lang}.png"))
    assert wizard.back() and wizard.session.step == "application"
    fill(qtbot, wizard, {"aid_kind": "hearing_aids"})
    assert wizard.next()
    shown = _shown(wizard.current_page())
    assert len(shown) == 7
    qtbot.wait(100)
    page = wizard.current_page()
    last = page.table.rowHeight(page.model.rowCount() - 1)
    assert last > page.table.rowHeight(0)  # the war veteran's long name wraps, not elided
    assert any(VETERAN[lang] in name for name in shown)
    assert not any(DISABILITY_CERTIFICATE[lang] in name for name in shown)
    assert wizard.back()
    fill(qtbot, wizard, {"aid_kind": "vision_aids"})
    assert wizard.next()
    assert len(_shown(wizard.current_page())) == 2

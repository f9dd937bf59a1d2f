"""A change the server refused is shown with the server's reason, in the person's language."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from desktop import i18n
from desktop.demo.samples import sample_application
from desktop.storage.base import utcnow
from desktop.storage.models import ApplicationRecord, ConflictRecord
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client.codec import encode
from desktop.ui.sync.conflicts_dialog import ConflictsDialog

pytestmark = pytest.mark.gui

SENTENCES = {
    ("registered", "kk"): "Тіркелген өтінішті, шешімді немесе іс бойынша оқиғаны өзгертуге "
                          "болмайды; түзету істің жаңа қадамы ретінде жазылады.",
    ("registered", "ru"): "Зарегистрированное заявление, решение или событие дела изменить "
                          "нельзя; исправление записывается новым шагом дела.",
    ("not_owner", "kk"): "Бұл жазбаны тек ол тиесілі мекеменің жұмыс орны өзгерте алады.",
    ("not_owner", "ru"): "Изменить эту запись может только рабочее место учреждения, "
                         "которому она принадлежит.",
}


def _refused(db, reason: str) -> None:
    """A change kept as the desk keeps a refused one: this desk's side, none from the
    server."""
    app = save_draft(db, sample_application())
    with db.engine.connect() as connection:
        row = connection.execute(select(ApplicationRecord.__table__).where(
            ApplicationRecord.id == app.application_id)).first()
    mine = {**encode(row._mapping), "applicant_iin": "850505400123"}
    with db.session() as session:
        session.add(ConflictRecord(
            id=str(uuid.uuid4()), kind="refused", table_name="applications",
            record_id=app.application_id, reason=reason, base_version=1,
            mine_version=mine["version"], theirs_version=0, mine=json.dumps(mine),
            theirs="null", base="null", theirs_node="", detected_at=utcnow(), resolution=""))


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("reason", ["registered", "not_owner"])
def test_a_refused_change_says_why_the_server_refused_it(qtbot, db, reason, lang):
    i18n.set_language(lang)
    _refused(db, reason)
    dialog = ConflictsDialog(db)
    qtbot.addWidget(dialog)
    # shown as a record set aside, the server's reason in the sentence
    assert SENTENCES[(reason, lang)] in dialog.note.text()


def test_a_reason_this_desk_does_not_know_gets_the_general_sentence(qtbot, db):
    _refused(db, "a_reason_of_a_newer_server")
    dialog = ConflictsDialog(db)
    qtbot.addWidget(dialog)
    note = dialog.note.text()
    assert "Сервер бұл өзгерісті қабылдамады" in note and "a_reason" not in note

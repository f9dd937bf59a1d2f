"""The special social services (§16 in a medical-social institution, §17 home care) taken
through the real wizard from the service chooser: the application of its appendix, the group
taken from the person's disability record, the medical card recorded as the desk reads it (a
laboratory date in the future said at its field, nothing typed lost), the documents, and
registration with the service's marker and its coupon."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop import i18n
from desktop.demo.intake_family import applicant_values, people
from desktop.domain.disability import Disability, DisabilityGroup, ProgrammeEntry, Unit
from desktop.services.disabilities import save_disability
from desktop.storage.repositories.applications import load_application
from tests.support.chooser_driver import new_wizard
from tests.support.wizard_driver import field, fill, pdf_text, tick, type_text

TITLE = {
    "institutional_care": {
        "kk": "Медициналық-әлеуметтік мекемелерде (ұйымдарда) арнаулы әлеуметтік қызмет "
              "көрсетуге құжаттар ресімдеу",
        "ru": "Оформление документов на оказание специальных социальных услуг в "
              "медико-социальных учреждениях (организациях)"},
    "home_care": {
        "kk": "Үйде күтім көрсету жағдайында арнаулы әлеуметтік қызмет көрсетуге құжаттар "
              "ресімдеу",
        "ru": "Оформление документов на оказание специальных социальных услуг в условиях "
              "ухода на дому"},
}
REQUEST = {
    "institutional_care": {"stay_form": "temporary", "institution": "КГУ «Центр оказания "
                           "специальных социальных услуг» акимата", "rules_acknowledged": True},
    "home_care": {"home_service_provider": "Отделение социальной помощи на дому",
                  "request_registration": True, "rules_acknowledged": True,
                  "consent_personal_data": True},
}
MARKER = {"institutional_care": "MS", "home_care": "UD"}


def applicant(wizard, seed: int) -> dict[str, object]:
    """A generated applicant's values that this application page has."""
    values = applicant_values(people(1, dt.date.today(), seed)[0])
    return {k: v for k, v in values.items()
            if wizard.current_page().findChild(QWidget, k) is not None}


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("code", ["institutional_care", "home_care"])
def test_an_application_is_taken_through_the_wizard_to_registration(qtbot, main_window, code,
                                                                   lang, tmp_path):
    main_window.switch_language(lang)
    db = main_window.context.db
    wizard = new_wizard(qtbot, main_window, code)
    session = wizard.session
    assert session.service == code
    assert [s for s, _p in session.steps] == ["application", "medical_card", "documents",
                                              "review"]
    values = applicant(wizard, seed=11 if code == "home_care" else 12)
    iin = str(values["applicant_iin"])
    save_disability(db, Disability(iin, DisabilityGroup.GROUP_2, dt.date(2025, 3, 1), None,
                                   "ИПР-3", dt.date(2025, 3, 5),
                                   (ProgrammeEntry("wheelchair_room", Decimal(1), Unit.PIECES),)),
                    office_code="AKT-01", today=dt.date.today())
    fill(qtbot, wizard, values)
    # "категория инвалидности": the person's group, entered once, comes from the record
    assert field(wizard, "disability_group").currentData() == "group_2"
    fill(qtbot, wizard, REQUEST[code])
    shots = Path(os.environ.get("KOMEK_SHOTS") or tmp_path)  # KOMEK_SHOTS: to look at them
    shots.mkdir(parents=True, exist_ok=True)
    assert wizard.grab().save(str(shots / f"{code}-application-{lang}.png"))
    assert wizard.next() and session.step == "medical_card"

    fill(qtbot, wizard, {"card_organisation": "КГП «Районная больница»",
                         "card_date": dt.date.today().strftime("%d.%m.%Y"),
                         "exam_surgeon": "Хирургической патологии нет",
                         "exam_therapist": "Гипертоническая болезнь II ст."})
    future = (dt.date.today() + dt.timedelta(days=30)).strftime("%d.%m.%Y")
    fill(qtbot, wizard, {"lab_blood_result": "Без патологии", "lab_blood_date": future,
                         "vkk_conclusion": "Противопоказаний не имеется",
                         "vkk_contraindications": "none"})
    problem = wizard.current_page().findChild(QLabel, "lab_blood_date_problem")
    assert problem.isVisible() and problem.text() == i18n.render(
        session.problems["lab_blood_date"][0].message)
    assert not wizard.next() and session.step == "medical_card"
    assert wizard.grab().save(str(shots / f"{code}-medical-card-{lang}.png"))
    assert field(wizard, "lab_blood_result").text() == "Без патологии"  # kept
    type_text(qtbot, field(wizard, "lab_blood_date"),
              dt.date.today().strftime("%d%m%Y"))
    assert not problem.isVisible()
    assert wizard.next() and session.step == "documents"

    kinds = [row["document_kind"] for row in session.rows("documents[]")]
    assert kinds[:2] == ["application", "identity_document"]
    assert "medical_card" in kinds and "veteran_certificate" in kinds
    assert ("pmpk_conclusion" in kinds) is (code == "home_care")
    # the card itself is handed in, its contents recorded on the card's pages
    for kind in ("identity_document", "residence_registration", "medical_card"):
        if kind in kinds:
            tick(wizard.current_page().table, kinds.index(kind), "document_original_shown")
            tick(wizard.current_page().table, kinds.index(kind), "document_copy_taken")
    assert wizard.next() and session.step == "review", session.blocking_problems()
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)

    number = session.registration_number
    assert number and f"-{MARKER[code]}-" in number, number
    coupon = " ".join(pdf_text(wizard.pdf_dialog.path.read_bytes()).split())
    assert number in coupon and TITLE[code][lang] in coupon
    stored = load_application(db, session.application_id)
    assert stored.service == code
    assert stored.details["disability_group"] == "group_2"
    assert stored.details["vkk_conclusion"] == "Противопоказаний не имеется"
    assert stored.details["lab_blood_result"] == "Без патологии"
    if code == "institutional_care":
        assert stored.details["stay_form"] == "temporary"

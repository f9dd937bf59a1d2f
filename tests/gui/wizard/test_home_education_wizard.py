"""Home education of a child with a disability (§8) through the real widgets: Ctrl+N, the
service, its application page with the child's lines (the child's disability and its term
filled in from the disability record by the child's IIN), the documents of seed 002 item 4, the
review with the maslikhat's amount, registration with its marker and coupon; then the case's
steps and its notification printed as a real PDF, read back in Kazakh and Russian."""

from __future__ import annotations

import datetime as dt
import os
from fractions import Fraction
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QScrollArea, QWidget

from desktop import i18n
from desktop.demo.intake_family import applicant_values, people
from desktop.domain.assessment import Outcome
from desktop.domain.case_path import Action
from desktop.domain.decision import DecisionTerms
from desktop.domain.disability import Disability, DisabilityGroup
from desktop.domain.iin import make_iin
from desktop.domain.model import Sex
from desktop.domain.money import Rounding
from desktop.parameters.store import load_parameters
from desktop.services.accounts import CurrentUser, create_account
from desktop.services.cases import CaseService
from desktop.services.disabilities import save_disability
from desktop.services.district_decisions import add_decision
from desktop.services.results import issue_result, result_document
from desktop.storage.repositories.applications import load_application
from tests.support.case_world import ACCOUNTS, PASSWORD
from tests.support.chooser_driver import new_wizard
from tests.support.wizard_driver import field, fill, pdf_text, tick

DISTRICT = "Актогайский район"  # the district of the tests' workstation (gui/conftest.py)
TODAY = dt.date.today()
CHILD_BORN = dt.date(TODAY.year - 11, 9, 14)
CHILD_IIN = make_iin(CHILD_BORN, Sex.FEMALE, 4321)
DISABILITY_UNTIL = dt.date(TODAY.year + 2, 9, 14)
TAUGHT_UNTIL = dt.date(TODAY.year + 1, 5, 25)


def shots(tmp_path: Path) -> Path:
    return Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)  # to look at them


@pytest.fixture
def decision(parameters_overlay: Path) -> Path:
    """The maslikhat's decision in force, with its home education part (6.5 MRP a quarter for
    each child, as the Akkayin district's of 2016), entered as the administrator does."""
    written = add_decision({
        "district": DISTRICT, "number": "39-2", "date": dt.date(TODAY.year - 1, 12, 20),
        "in_force": {"from": dt.date(TODAY.year - 1, 12, 25), "to": None},
        "source": "Решение маслихата Актогайского района № 39-2",
        "home_education": {"amount_mrp": "6.5", "per": "quarter"}}, parameters_overlay)
    assert isinstance(written, Path) and written.is_file()
    return written


def tenge_text(tiyn: int) -> str:
    whole, cents = divmod(tiyn, 100)
    return f"{whole:,}".replace(",", " ") + f",{cents:02d} ₸"


def flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_home_education_from_the_chooser_to_its_printed_notification(
        qtbot, main_window, decision, parameters_overlay, tmp_path, lang):
    db = main_window.context.db
    # the child's disability, entered once for the person (Cases → Persons with disabilities)
    save_disability(db, Disability(CHILD_IIN, DisabilityGroup.CHILD,
                                   established_on=dt.date(TODAY.year - 1, 9, 14),
                                   until=DISABILITY_UNTIL), office_code="AKT-01")
    main_window.switch_language(lang)
    wizard = new_wizard(qtbot, main_window, "home_education")
    session = wizard.session
    assert [s for s, _p in session.steps] == ["application", "documents", "review"]
    values = applicant_values(people(1, TODAY, 5)[0])
    fill(qtbot, wizard, {k: v for k, v in values.items()
                         if wizard.current_page().findChild(QWidget, k) is not None})
    fill(qtbot, wizard, {"child_iin": CHILD_IIN})
    # the child's birth date is read from the IIN, the disability and its term from the record
    birth = field(wizard, "child_birth_date")
    assert isinstance(birth, QLineEdit) and birth.text() == CHILD_BORN.strftime("%d.%m.%Y")
    group = field(wizard, "child_disability_group")
    assert isinstance(group, QComboBox) and group.currentData() == "child"
    assert session.value("child_disability_until") == DISABILITY_UNTIL.strftime("%d.%m.%Y")
    fill(qtbot, wizard, {"child_surname": "Сапарова", "child_first_name": "Әйгерім",
                         "school_name": "№ 3 орта мектеп", "school_class": "5",
                         "home_education_until": TAUGHT_UNTIL.strftime("%d.%m.%Y"),
                         "request_documents": True, "consent_personal_data": True})
    assert wizard.grab().save(str(shots(tmp_path) / f"home-education-application-{lang}.png"))
    scroll = wizard.current_page().findChild(QScrollArea)
    assert scroll is not None
    scroll.ensureWidgetVisible(field(wizard, "consent_personal_data"))
    assert wizard.grab().save(str(shots(tmp_path) / f"home-education-child-{lang}.png"))
    assert wizard.next(), [i18n.render(p.message) for _k, p in
                           session.blocking_problems(recheck=True)]
    assert session.step == "documents"
    kinds = [row["document_kind"] for row in session.rows("documents[]")]
    assert kinds == ["application", "identity_document", "residence_registration",
                     "pmpk_conclusion", "disability_certificate", "bank_account_document",
                     "home_education_certificate"]
    for row in range(len(kinds)):
        tick(wizard.current_page().table, row, "document_original_shown")
    assert wizard.grab().save(str(shots(tmp_path) / f"home-education-documents-{lang}.png"))
    assert wizard.next() and session.step == "review"

    mrp = load_parameters(overlay_dir=parameters_overlay).mrp.on(TODAY).amount
    monthly = Rounding().apply(Fraction(13, 2) * mrp / 3)  # 6.5 MRP a quarter, a third a month
    review = flat(wizard.current_page().browser.toPlainText())
    assert wizard.grab().save(str(shots(tmp_path) / f"home-education-review-{lang}.png"))
    assert {"kk": f"Ережелер бойынша: тағайындалады, айына {tenge_text(monthly)}",
            "ru": f"По правилам: назначается, {tenge_text(monthly)} в месяц"}[lang] in review, \
        review
    assert "39-2" in review
    assert {"kk": "Баланың мүгедектігі", "ru": "Инвалидность ребенка"}[lang] in review

    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    number = session.registration_number
    assert number.startswith(f"AKT-01-{TODAY.year}-UO-"), number
    coupon = flat(pdf_text(wizard.pdf_dialog.path.read_bytes()))
    assert number in coupon
    assert {"kk": "Мүгедек балаларды үйде оқытуға жұмсалған шығындарды өтеу",
            "ru": "Возмещение затрат на обучение на дому детей - инвалидов"}[lang] in coupon
    stored = load_application(db, session.application_id)
    assert stored.service == "home_education"
    assert stored.details["disability_group"] == "child"
    assert stored.details["child_iin"] == CHILD_IIN

    # the case: the head's visa, the executor's draft by the rules, the head's decision and
    # the notification issued at the office
    users: dict[str, CurrentUser] = {}
    for name in ("admin", "head", "exec", "desk"):
        full, roles, _at_akimat = ACCOUNTS[name]
        users[name] = create_account(db, users.get("admin"), username=name, full_name=full,
                                     password=PASSWORD, roles=roles)
    cases = CaseService(db, load_parameters(overlay_dir=parameters_overlay))
    app_id = session.application_id
    cases.visa(users["head"], app_id, users["exec"].account_id or "")
    drafted = cases.prepare_draft(users["exec"], app_id)
    assert drafted.outcome is Outcome.ASSIGNED and drafted.monthly_amount == monthly
    start, end = TODAY.replace(day=1), dt.date(TODAY.year, 12, 31)  # the year of the MRP
    assert (drafted.period_start, drafted.period_end) == (start, end)
    cases.decide(users["head"], app_id, DecisionTerms(
        Outcome.ASSIGNED, drafted.assistance_type, monthly, start, end))
    issued = issue_result(cases, users["desk"], app_id, lang, action=Action.ISSUE_NOTIFICATION)
    assert issued.pdf[:5] == b"%PDF-"
    (shots(tmp_path) / f"home-education-notification-{lang}.pdf").write_bytes(issued.pdf)
    for other in ("kk", "ru"):
        printed = flat(pdf_text(result_document(db, app_id, users["desk"], other,
                                                log=False).pdf))
        assert {"kk": "Мүгедектігі бар баланы үйде оқытуға жұмсалған шығындарды өтеуді "
                      "тағайындау туралы хабарлама",
                "ru": "Уведомление о назначении возмещения затрат на обучение на дому "
                      "ребенка с инвалидностью"}[other] in printed, printed
        assert tenge_text(monthly) in printed
        assert number in printed
        assert f"{start:%d.%m.%Y}" in printed and f"{end:%d.%m.%Y}" in printed
        assert {"kk": "Өтеудің айлық мөлшері", "ru": "Размер возмещения в месяц"}[other] \
            in printed

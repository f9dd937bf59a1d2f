"""The maslikhat's assistance and the rural fuel allowance driven end to end through the real
widgets: Ctrl+N, the service, its wizard (the decision's categories, the household sheet), the
review page with the service's own calculation, registration, the journal's row and the case
window speaking the service; a service that computes nothing shows no calculation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from desktop import i18n
from desktop.demo.intake_family import applicant_values, people
from desktop.services.district_decisions import add_decision
from desktop.storage.repositories.applications import load_application
from desktop.ui.cases.case_window import CaseWindow
from tests.support.chooser_driver import new_wizard
from tests.support.wizard_driver import field, fill, tick, type_cell

DISTRICT = "Актогайский район"  # the district of the tests' workstation (gui/conftest.py)
TITLES = {
    "local_assistance": {"kk": "Мәслихат шешімі бойынша әлеуметтік көмек",
                         "ru": "Социальная помощь по решению маслихата"},
    "rural_fuel": {"kk": "Ауыл мамандарына отын", "ru": "Топливо специалистам села"},
}


@pytest.fixture
def decision(parameters_overlay: Path) -> Path:
    """The maslikhat's decision in force this year, entered as the administrator does."""
    year = dt.date.today().year
    written = add_decision({
        "district": DISTRICT, "number": "12/3", "date": dt.date(year - 1, 12, 20),
        "in_force": {"from": dt.date(year - 1, 12, 25), "to": None},
        "source": "Решение маслихата Актогайского района № 12/3",
        "categories": [
            {"id": "large_families",
             "title": {"kk": "Көпбалалы отбасылар", "ru": "Многодетные семьи"},
             "payment": "one_time", "amount": "20000"}],
        "fuel": {"amount": "45000", "spheres": ["health", "education"]}}, parameters_overlay)
    assert isinstance(written, Path) and written.is_file()
    return written


def applicant(qtbot, wizard) -> dict[str, object]:
    """The demo applicant's values for the fields this page has, typed in."""
    values = applicant_values(people(1, dt.date.today(), 4)[0])
    own = {k: v for k, v in values.items()
           if wizard.current_page().findChild(QWidget, k) is not None}
    fill(qtbot, wizard, own)
    return own


def documents_presented(wizard) -> None:
    page = wizard.current_page()
    for row in range(len(wizard.session.rows("documents[]"))):
        tick(page.table, row, "document_original_shown")


def register_and_open(qtbot, window, wizard, code: str, lang: str) -> CaseWindow:
    """Register, find the row in the journal under the service, open its case (Ctrl+E)."""
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    number = wizard.session.registration_number
    assert number, "not registered"
    stored = load_application(window.context.db, wizard.session.application_id)
    assert stored.service == code
    window._catalogue_ready()  # as the timer after the window shows does
    view = window.journal_view
    view.service_filter.setCurrentIndex(view.service_filter.findData(code))
    journal = view.model
    rows = [journal.row_at(r) for r in range(journal.rowCount())]
    assert [(r.registration_number, r.service) for r in rows] == [(number, code)]
    window.cases_panel.open_case(rows[0].application_id)
    case = window.cases_panel.windows[-1]
    qtbot.waitExposed(case)
    assert isinstance(case, CaseWindow)
    assert case.windowTitle().startswith(TITLES[code][lang]), case.windowTitle()
    assert number in case.windowTitle()
    assert case.labels["service"].text() == TITLES[code][lang]
    return case


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_maslikhat_assistance_from_the_chooser_to_its_case(qtbot, main_window, decision,
                                                            lang):
    main_window.switch_language(lang)
    wizard = new_wizard(qtbot, main_window, "local_assistance")
    session = wizard.session
    assert [s for s, _p in session.steps] == ["application", "family", "income", "documents",
                                               "review"]
    applicant(qtbot, wizard)
    category = field(wizard, "assistance_category")
    assert isinstance(category, QComboBox)
    # the categories are the district's decision's, entered by the administrator
    assert category.itemText(1) == {"kk": "Көпбалалы отбасылар", "ru": "Многодетные семьи"}[lang]
    fill(qtbot, wizard, {"assistance_category": "large_families"})
    assert wizard.next() and session.step == "family"
    household = wizard.current_page().tables[0]
    qtbot.mouseClick(household.add_button, Qt.MouseButton.LeftButton)
    type_cell(qtbot, household.table, 0, "household_member_name", "Тестова Айгүл Тестовна")
    type_cell(qtbot, household.table, 0, "household_relationship", "applicant")
    type_cell(qtbot, household.table, 0, "household_birth_year", "1988")
    assert wizard.next() and session.step == "income"
    assert wizard.next() and session.step == "documents"
    documents_presented(wizard)
    assert wizard.next() and session.step == "review"

    review = wizard.current_page().browser.toPlainText().replace("\xa0", " ")
    heading = {"kk": "Қызмет ережелері бойынша есеп", "ru": "Расчет по правилам услуги"}[lang]
    assert heading in review
    assert {"kk": "Ережелер бойынша: тағайындалады, бір жолғы 20 000,00 ₸",
            "ru": "По правилам: назначается, единовременно 20 000,00 ₸"}[lang] in review
    assert "12/3" in review  # the rule's explanation cites the decision
    assert {"kk": "Көпбалалы отбасылар", "ru": "Многодетные семьи"}[lang] in review
    assert "АСП" not in review and "АӘК" not in review

    case = register_and_open(qtbot, main_window, wizard, "local_assistance", lang)
    # registered at the office: the head's visa is awaited, the step's terms are the
    # service's own (2 hours to pass to the head, then a working day)
    assert {"kk": "2 сағат", "ru": "ч.: 2"}[lang] in case.labels["awaited"].text()
    assert_assess_agrees(main_window, wizard.session.application_id, decision, 2_000_000)


def assert_assess_agrees(window, application_id: str, decision: Path, tiyn: int) -> None:
    """The registered application, written as an interchange file, is decided the same by
    ``komek assess`` with the same district data."""
    import argparse
    import contextlib
    import io
    import json

    from desktop.cli import assess as cli
    from desktop.domain.interchange import application_to_json

    stored = load_application(window.context.db, application_id)
    path = decision.parent.parent.parent / f"{application_id}.json"  # beside the overlay
    path.write_text(json.dumps(application_to_json(stored), ensure_ascii=False),
                    encoding="utf-8")
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.run(parser.parse_args(["assess", str(path), "--lang", "ru", "--params",
                                          str(decision.parent.parent)]))
    result = json.loads(out.getvalue())
    assert code == 0, result
    assert (result["service"], result["outcome"], result["one_time_amount_tiyn"]) == (
        stored.service, "assigned", tiyn)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_rural_fuel_from_the_chooser_to_its_case(qtbot, main_window, decision, lang):
    main_window.switch_language(lang)
    wizard = new_wizard(qtbot, main_window, "rural_fuel")
    session = wizard.session
    own = applicant(qtbot, wizard)
    assert "applicant_iin" in own
    values: dict[str, object] = {
        "workplace": "Ақтоғай орта мектебі", "position": "мұғалім",
        "social_sphere": "education", "lives_in_rural_settlement": True,
        "works_in_rural_settlement": True}
    for field_id in ("applicant_id_kind", "applicant_id_number"):
        if wizard.current_page().findChild(QWidget, field_id) is not None \
                and field_id not in own:
            values[field_id] = {"applicant_id_kind": "id_card",
                                "applicant_id_number": "041234567"}[field_id]
    fill(qtbot, wizard, values)
    assert wizard.next(), [i18n.render(p.message) for _k, p in
                           session.blocking_problems(recheck=True)]
    assert session.step == "documents"
    documents_presented(wizard)
    assert wizard.next() and session.step == "review"
    review = wizard.current_page().browser.toPlainText().replace("\xa0", " ")
    assert {"kk": "Ережелер бойынша: тағайындалады, бір жолғы 45 000,00 ₸",
            "ru": "По правилам: назначается, единовременно 45 000,00 ₸"}[lang] in review
    case = register_and_open(qtbot, main_window, wizard, "rural_fuel", lang)
    assert case.labels["status"].text() == {"kk": "Тіркелді", "ru": "Зарегистрировано"}[lang]
    assert_assess_agrees(main_window, session.application_id, decision, 4_500_000)


def test_a_service_that_computes_nothing_shows_no_calculation(qtbot, main_window):
    i18n.set_language("ru")
    wizard = new_wizard(qtbot, main_window, "unemployed_certificate")
    applicant(qtbot, wizard)
    fill(qtbot, wizard, {k: True for k in ("request_certificate", "warned_of_liability")
                         if wizard.current_page().findChild(QWidget, k) is not None})
    while wizard.session.step != "review":
        assert wizard.next(), wizard.session.step
    review = wizard.current_page().browser.toPlainText().replace("\xa0", " ")
    assert "Расчет" not in review and "По правилам" not in review


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_child_benefits_review_shows_its_income_test_and_amount(
        qtbot, configured_db, parameters_overlay: Path, lang: str):
    """The benefit ended with 2017, so the chooser no longer offers it: its wizard's review
    and income pages are built for an application of February 2016 as the wizard builds them."""
    from desktop.demo.intake_family import fill_family, write_test_overlay
    from desktop.domain.quarters import Quarter
    from desktop.parameters.store import load_parameters
    from desktop.services.intake import intake_context, new_session
    from desktop.ui.wizard.income_page import IncomePage
    from desktop.ui.wizard.review_page import ReviewPage

    i18n.set_language(lang)
    day = dt.date(2016, 2, 10)  # the income quarter is 2015-Q4
    write_test_overlay(parameters_overlay, "karaganda", [Quarter.of(day),
                                                         Quarter.of(day).previous()])
    (parameters_overlay / "services").mkdir(exist_ok=True)
    (parameters_overlay / "services" / "child_benefit.yaml").write_text(
        'food_basket:\n  - {region: karaganda, quarter: "2016-Q1", amount: "90000", '
        'source: "test"}\n', encoding="utf-8")
    context = intake_context(configured_db,
                             parameters=load_parameters(overlay_dir=parameters_overlay))
    session = new_session(context, day, service="child_benefit")
    fill_family(session, 4, seed=3)

    review = ReviewPage(session, context)
    qtbot.addWidget(review)
    review.show()
    review.entered()
    text = review.browser.toPlainText().replace("\xa0", " ")
    assert {"kk": "Қызмет ережелері бойынша есеп", "ru": "Расчет по правилам услуги"}[lang] \
        in text
    assert {"kk": "Ережелер бойынша: тағайындалады, айына",
            "ru": "По правилам: назначается,"}[lang] in text
    assert "90 000,00 ₸" in text  # the food basket it is held against
    assert "АСП" not in text and "АӘК" not in text  # АСП's heading is not the service's
    review.resize(1000, 700)
    assert review.grab().save(str(parameters_overlay.parent / f"child-benefit-{lang}.png"))

    income = IncomePage(session, context)
    qtbot.addWidget(income)
    income.show()
    income.recalculate()
    summary = income.summary
    assert summary.values["poverty_line"].text().replace("\xa0", " ") == "90 000,00 ₸"
    assert summary.captions["poverty_line"].text() == {
        "kk": "Азық-түлік себетінің құны", "ru": "Стоимость продовольственной корзины"}[lang]
    assert summary.values["verdict"].text() == {"kk": "құқығы бар", "ru": "имеет право"}[lang]
    assert not summary.values["farm_income"].isVisible()  # АСП's own figures are not shown

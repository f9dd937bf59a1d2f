"""The special social services of seed 002 (services.md §16 in medical-social institutions,
§17 in home care) as catalogue data: taken at the office, the documents of item 4 with their
conditions (the elderly bring no disability certificate nor programme, pension age its
certificate, war participants theirs, children the ПМПК's conclusion), the application and the
medical card as sheets in both languages, 16 and 13 working days and an hour, the executor's
assessment of need, the notification with the term and the reasoned refusal of item 3."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.catalog import load_catalogue
from desktop.catalog.model import ResultKind
from desktop.domain.deadlines import STEP_NAMES, compute_deadlines
from desktop.domain.model import Channel, DocumentKind
from desktop.formspec.model import FieldType

CATALOGUE = load_catalogue()
SPECIAL = {
    # code: (marker, executor's working days, documents every application needs, conditional)
    "institutional_care": ("MS", 13, ["application", "identity_document", "medical_card"],
                           ["disability_certificate", "rehabilitation_programme",
                            "incapacity_decision", "pension_certificate",
                            "veteran_certificate"]),
    "home_care": ("UD", 10, ["application", "identity_document", "residence_registration",
                             "medical_card"],
                  ["disability_certificate", "rehabilitation_programme", "pension_certificate",
                   "veteran_certificate", "pmpk_conclusion"]),
}


@pytest.mark.parametrize("code", SPECIAL)
def test_the_documents_of_item_4_with_their_conditions(code):
    service = CATALOGUE.get(code)
    marker, _days, required, conditional = SPECIAL[code]
    assert service.marker == marker and service.takes_applications
    assert service.available_on(dt.date(2026, 3, 2))
    assert service.channel_ids == (Channel.DISTRICT_OFFICE,)
    checklist = service.checklist(Channel.DISTRICT_OFFICE)
    assert [d.id for d in checklist if d.requirement == "required"] == required
    assert [d.id for d in checklist if d.requirement == "conditional"] == conditional
    assert all(d.id in {k.value for k in DocumentKind} for d in checklist)
    conditions = {d.id: d.condition for d in checklist if d.condition is not None}
    for lang, elderly in (("ru", "для престарелых не требуется"),
                          ("kk", "қарттар үшін талап етілмейді")):
        assert elderly in conditions["disability_certificate"].text(lang)
        assert elderly in conditions["rehabilitation_programme"].text(lang)
    assert conditions["pension_certificate"].ru == "для лиц пенсионного возраста"
    assert "Великой Отечественной войны" in conditions["veteran_certificate"].ru
    if code == "home_care":
        assert conditions["pmpk_conclusion"].text("kk") == "балалар үшін"
    card = next(d for d in checklist if d.id == "medical_card")
    assert card.from_sheet.endswith("medical_card")


@pytest.mark.parametrize("code", SPECIAL)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_sheets_load_in_both_languages(code, lang):
    forms = CATALOGUE.forms(code)
    application = forms[f"{'institutional' if code == 'institutional_care' else code}"
                        "_application"]
    fields = {f.id: f for page in application.pages for f in page.fields}
    group = fields["disability_group"]  # "категория инвалидности": the person's group
    assert group.binding == "details.disability_group"
    assert {"group_1", "group_2", "group_3", "child", "none"} == {c.id for c in group.choices}
    assert all(c.label.text(lang) for c in group.choices)
    card = next(f for name, f in forms.items() if name.endswith("medical_card"))
    card_fields = {f.id: f for page in card.pages for f in page.fields}
    assert card_fields["vkk_conclusion"].required
    assert card_fields["lab_blood_date"].type is FieldType.DATE
    assert card_fields["lab_blood_result"].type is FieldType.TEXT
    assert ("exam_dentist" in card_fields) is (code == "institutional_care")  # "по показаниям"
    assert ("lab_helminths_date" in card_fields) is (code == "institutional_care")
    assert all(f.label.text(lang) for f in card_fields.values())


@pytest.mark.parametrize("code", SPECIAL)
def test_its_steps_add_up_and_the_executor_assesses_the_need(code, calendar):
    service = CATALOGUE.get(code)
    _marker, days, _req, _cond = SPECIAL[code]
    plan = service.schedule()
    assert plan is not None
    office = plan.channels[Channel.DISTRICT_OFFICE]
    assert [t.step for t in office.steps] == ["registration", "pass_to_head", "visa",
                                              "need_assessment", "decision", "issue_result"]
    assert all(t.step in STEP_NAMES for t in office.steps)
    assert sum(t.working_days for t in office.steps) == days + 3  # 16 or 13
    assert sum(t.minutes for t in office.steps) == 60
    assert service.assesses_need
    deadlines = compute_deadlines(dt.date(2026, 3, 2), Channel.DISTRICT_OFFICE, plan, calendar)
    assert deadlines.service_due > deadlines.accepted_on


@pytest.mark.parametrize("code", SPECIAL)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_results_state_the_term_or_the_unreliable_information(code, lang):
    service = CATALOGUE.get(code)
    notification = service.result("notification")
    assert notification.kind is ResultKind.NOTIFICATION and notification.outcome == "assigned"
    assert {"kk": "мерзімін көрсете отырып", "ru": "с указанием срока"}[lang] in \
        notification.title.text(lang)
    assert notification.form is not None and notification.form.blanks["term"] == \
        "decision.period"
    assert service.decision_states_period
    refusal = service.result_for("refused", {})
    assert refusal is not None and refusal.kind is ResultKind.REASONED_REFUSAL
    assert {"kk": "дәйексіз", "ru": "недостоверности"}[lang] in refusal.title.text(lang)
    assert [g.id for g in service.service_refusals] == ["unreliable_information"]
    assert service.coupon is not None and service.coupon.text is not None
    assert not CATALOGUE.get("wheelchairs").assesses_need  # the other services keep theirs

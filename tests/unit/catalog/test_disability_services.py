"""The disability services of seed 002 (services.md §11-15) as catalogue data: each taken at
the office, on the individual rehabilitation programme, in 9 working days and 3 hours (the sum
of its steps), with its application sheet, coupon, notification, queues and programme items."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.catalog import load_catalogue
from desktop.catalog.model import ResultKind
from desktop.domain.deadlines import compute_deadlines
from desktop.domain.model import Channel, DocumentKind

CATALOGUE = load_catalogue()
DISABILITY = {
    # code: (marker, the queues, the documents every application needs besides the form,
    # whatever the kind of aid)
    "prosthetic_aid": ("PO", ["prosthetic_orthopaedic"], []),
    "hearing_vision_aids": ("ST", ["hearing_aids", "vision_aids", "hygiene_aids"],
                            ["rehabilitation_programme"]),
    "personal_assistant": ("IP", ["personal_assistant", "sign_language"],
                           ["identity_document", "rehabilitation_programme",
                            "disability_certificate"]),
    "wheelchairs": ("KK", ["wheelchairs"], ["rehabilitation_programme"]),
    "sanatorium_treatment": ("SK", ["sanatorium"],
                             ["identity_document", "sanatorium_card", "residence_registration",
                              "disability_certificate", "rehabilitation_programme"]),
}


@pytest.mark.parametrize("code", DISABILITY)
def test_a_disability_service_is_taken_at_the_office_today(code):
    service = CATALOGUE.get(code)
    marker, queues, required = DISABILITY[code]
    assert service.marker == marker and service.takes_applications
    assert service.available_on(dt.date(2026, 3, 2))
    assert service.channel_ids == (Channel.DISTRICT_OFFICE,)
    assert service.regulation_on(dt.date(2026, 3, 2))[1]  # the 2015 text, carried over
    assert [q.id for q in service.queues] == queues
    assert service.programme_items
    checklist = service.checklist(Channel.DISTRICT_OFFICE)
    assert checklist[0].id == "application" and checklist[0].from_sheet
    assert [d.id for d in checklist if d.requirement == "required" and not d.when][1:] \
        == required
    assert all(d.id in {k.value for k in DocumentKind} for d in checklist)
    assert "rehabilitation_programme" in {d.kind for d in checklist}
    assert all(d.condition is not None for d in checklist if d.requirement == "conditional")


# §12's lists per kind of aid (seed 002 KZ 3685-3700, RU 9712-9727): hearing items 1-7,
# vision item 1, hygiene items 1-5; the application of appendix 2 and the programme (its
# extract for hearing and hygiene, itself for vision) are on every list
AID_LISTS = {
    "hearing_aids": ["application", "identity_document", "birth_certificate",
                     "rehabilitation_programme", "veteran_certificate", "pension_certificate",
                     "medical_report"],
    "vision_aids": ["application", "rehabilitation_programme"],
    "hygiene_aids": ["application", "identity_document", "rehabilitation_programme",
                     "iin_document", "disability_certificate"],
}


@pytest.mark.parametrize("aid", AID_LISTS)
def test_the_hearing_vision_and_hygiene_lists_follow_the_kind_of_aid(aid):
    service = CATALOGUE.get("hearing_vision_aids")
    listed = [d for d in service.checklist(Channel.DISTRICT_OFFICE)
              if all(aid in values for key, values in d.when if key == "aid")]
    assert [d.id for d in listed] == AID_LISTS[aid]
    required = {d.id for d in listed if d.requirement == "required"}
    assert required == {"application", "rehabilitation_programme", *{
        "hearing_aids": ["identity_document"], "vision_aids": [],
        "hygiene_aids": ["identity_document", "disability_certificate"]}[aid]}


@pytest.mark.parametrize("code", DISABILITY)
def test_its_steps_add_up_to_nine_working_days_and_three_hours(code, calendar):
    plan = CATALOGUE.get(code).schedule()
    assert plan is not None
    office = plan.channels[Channel.DISTRICT_OFFICE]
    assert [t.step for t in office.steps] == ["registration", "pass_to_head", "visa",
                                              "draft_result", "decision", "issue_result"]
    assert sum(t.working_days for t in office.steps) == 9
    assert sum(t.minutes for t in office.steps) == 180
    deadlines = compute_deadlines(dt.date(2026, 3, 2), Channel.DISTRICT_OFFICE, plan, calendar)
    assert deadlines.service_due > deadlines.accepted_on


@pytest.mark.parametrize("code", DISABILITY)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_notification_states_the_term_of_provision(code, lang):
    service = CATALOGUE.get(code)
    notification = service.result("notification")
    assert notification.kind is ResultKind.NOTIFICATION
    title = notification.title.text(lang)
    assert {"kk": "мерзім", "ru": "срок"}[lang] in title
    form = notification.form
    assert form is not None and form.addressee and notification.outcome == "assigned"
    term = next(line.text.text(lang) for line in form.lines if "{term}" in line.text.text(lang))
    assert term.startswith({"kk": "Ұсыну мерзімі", "ru": "Срок предоставления"}[lang])
    assert form.blanks["term"] == "decision.period"
    assert form.blanks["items"] == "disability.items"
    refusal = service.result_for("refused", {})
    assert refusal is not None and refusal.form is not None
    assert refusal.form.blanks["grounds"] == "decision.grounds"
    assert service.coupon is not None and service.coupon.text is not None
    assert {"kk": "М.О.", "ru": "М.П."}[lang] in service.coupon.text.text(lang)


def test_the_forms_are_the_services_own_with_the_request_of_each():
    forms = CATALOGUE.forms("hearing_vision_aids")
    aid = next(f for f in forms["aids_application"].fields() if f.id == "aid_kind")
    assert [c.id for c in aid.choices] == [q.id for q in
                                           CATALOGUE.get("hearing_vision_aids").queues]
    assistant = CATALOGUE.forms("personal_assistant")["assistant_application"]
    kinds = next(f for f in assistant.fields() if f.id == "assistance_kind")
    assert [c.id for c in kinds.choices] == ["personal_assistant", "sign_language"]
    assert any(f.id == "hours_per_year" for f in assistant.fields())
    for code in DISABILITY:
        sheet = CATALOGUE.get(code).sheets[0]
        fields = {f.id for f in CATALOGUE.forms(code)[sheet].fields()}
        assert {"applicant_iin", "disability_group", "consent_personal_data"} <= fields

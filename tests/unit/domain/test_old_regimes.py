"""The regimes of 2013-2019 decided by their own texts (the seeds, line by line).

Seeds: 004 = the Aktogay regulation of 30.01.2013 (RU, then KZ from line 843); 002 = the North
Kazakhstan regulations of 10.08.2015; 000 = the Kyzylorda regulation of 11.04.2018 (KZ).
"""

from __future__ import annotations

import datetime as dt

import pytest

from desktop import i18n
from desktop.domain.assessment import AssistanceType, Outcome, assess
from desktop.domain.model import (
    DocumentKind,
    IdentityDocument,
    IdentityDocumentKind,
    MemberStatus,
    PresentedDocument,
    RefusalCode,
    Relationship,
    Sex,
)
from desktop.domain.quarters import Quarter
from desktop.domain.rulesets import RULE_SETS, RULE_SETS_BY_ID, rule_set_for
from desktop.formspec import load_all
from tests.support.domain_factories import (
    REGION,
    application,
    documents,
    member,
    monthly_income,
    parameters,
)

D = dt.date
LINE = 8_000


def lines_for(day: dt.date, line: int = LINE) -> dict[tuple[str, str], int]:
    return {(REGION, str(Quarter.of(day))): line}


def jobless_husband_family() -> list:
    """A husband of working age, no work and not registered; his wife registered; a child."""
    return [member("a", Relationship.APPLICANT, D(1980, 1, 1), Sex.MALE),
            member("b", Relationship.SPOUSE, D(1982, 1, 1),
                   statuses=frozenset({MemberStatus.REGISTERED_JOB_SEEKER})),
            member("c", Relationship.CHILD, D(2009, 1, 1))]


# --- 1. the unregistered unemployed: the persons, not their family ------------------------


@pytest.mark.parametrize("day", [D(2013, 4, 15), D(2016, 2, 15)])
def test_the_unregistered_unemployed_member_alone_is_not_entitled(day: dt.date) -> None:
    # seed 004 RU 57 / KZ 899: "отказывается ... безработным, не зарегистрированным в
    # уполномоченных органах по вопросам занятости" -- the persons themselves. He stays in the
    # family (per-capita income is the family's per member, item 1 subpar. 2), so he counts in
    # the division, and leaves the multiplier of the amount.
    incomes = monthly_income("b", Quarter.of(day).previous(), 9_000)
    result = assess(application(jobless_husband_family(), day, incomes),
                    parameters(lines_for(day)))
    assert result.outcome is Outcome.ASSIGNED and result.refusals == ()
    assert (result.members_counted, result.members_entitled) == (3, 2)
    assert result.per_capita_income == 3_000_00  # 27 000 ÷ 3 ÷ 3
    assert result.monthly_amount == (LINE - 3_000) * 2 * 100
    (ground,) = result.member_refusals
    assert (ground.code, ground.member_id) == (RefusalCode.UNREGISTERED_UNEMPLOYED, "a")
    if day.year == 2013:
        assert i18n.render(ground.legal_reference, "ru").endswith("пункт 10, подпункт 2")


def test_a_family_of_unregistered_unemployed_only_is_refused() -> None:
    day = D(2013, 4, 15)
    alone = [member("a", Relationship.APPLICANT, D(1980, 1, 1), Sex.MALE)]
    result = assess(application(alone, day), parameters(lines_for(day)))
    assert result.outcome is Outcome.REFUSED
    assert [g.code for g in result.refusals] == [RefusalCode.UNREGISTERED_UNEMPLOYED]
    assert result.payments == () and result.monthly_amount == 0


def test_from_2018_the_same_member_makes_assistance_conditional() -> None:
    day = D(2018, 6, 15)
    result = assess(application(jobless_husband_family(), day), parameters(lines_for(day)))
    assert result.member_refusals == () and result.members_entitled == 3
    assert result.assistance_type is AssistanceType.CONDITIONAL


# --- 2. the 2013 set of documents ---------------------------------------------------------


def test_a_complete_2013_set_has_no_identity_document() -> None:
    # seed 004 item 13, RU 72-78 / KZ 914-921: the application "с указанием реквизитов
    # документа, удостоверяющего личность"; the document itself is not in the list
    day = D(2013, 4, 15)
    kinds = [DocumentKind.APPLICATION, DocumentKind.FAMILY_COMPOSITION,
             DocumentKind.INCOME_INFORMATION, DocumentKind.FARM_INFORMATION,
             DocumentKind.RESIDENCE_REGISTRATION]
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    result = assess(application(family, day, documents=documents(kinds)),
                    parameters(lines_for(day)))
    assert result.outcome is Outcome.ASSIGNED
    later = D(2016, 2, 15)
    refused = assess(application(family, later, documents=documents(kinds)),
                     parameters(lines_for(later)))
    assert refused.outcome is Outcome.NOT_ACCEPTED  # 2015: item 4 asks for it


FORMS = load_all()


@pytest.mark.parametrize("rule_set", RULE_SETS, ids=lambda r: r.id)
def test_the_rule_sets_list_is_the_checklist_of_the_forms(rule_set) -> None:  # type: ignore[no-untyped-def]
    for channel in rule_set.channels:
        items = FORMS["documents"].checklist(rule_set.id, channel.value)
        required = {i.document for i in items if i.requirement == "required"}
        assert required == {kind.value for kind in rule_set.required_documents}, channel


# --- 3. expired documents: a ground from 2018 ---------------------------------------------


@pytest.mark.parametrize(("day", "refused"), [
    (D(2013, 4, 15), False), (D(2016, 2, 15), False),  # 004: none; 002 RU 7420: incomplete
    (D(2018, 6, 15), True), (D(2025, 5, 15), True),  # 000 lines 76, 104
])
def test_expired_documents_refuse_acceptance_from_2018(day: dt.date, refused: bool) -> None:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    expired = IdentityDocument(IdentityDocumentKind.ID_CARD, "012345678",
                               expiry_date=day - dt.timedelta(days=1))
    app = application(family, day, documents=(*documents(), PresentedDocument(
        DocumentKind.RESIDENCE_REGISTRATION, original_shown=True, expiry_date=D(2010, 1, 1))))
    app = app.__class__(**{**{f: getattr(app, f) for f in app.__dataclass_fields__},
                           "applicant": app.applicant.__class__(
                               **{**{f: getattr(app.applicant, f)
                                     for f in app.applicant.__dataclass_fields__},
                                  "identity_document": expired})})
    result = assess(app, parameters(lines_for(day, 40_000)))
    codes = [g.code for g in result.refusals]
    assert (RefusalCode.EXPIRED_DOCUMENTS in codes) is refused
    assert (result.outcome is Outcome.NOT_ACCEPTED) is refused


# --- 4. the dates the texts give ----------------------------------------------------------


@pytest.mark.parametrize(("day", "rule_set", "gap"), [
    (D(2013, 3, 5), "law2001-2013", False),  # 004 line 3: registered 05.03.2013
    (D(2013, 5, 1), "law2001-2013", False),  # repealed by the resolution of 02.05.2013
    (D(2013, 5, 2), "law2001-2013", True),
    (D(2015, 8, 10), "law2001-2013", True),  # adopted, not yet registered (002 line 3)
    (D(2015, 9, 21), "law2001-2013", True),
    (D(2015, 9, 22), "law2001-2015", False),  # 11.09.2015 + ten days (002 line 28)
    (D(2016, 6, 5), "law2001-2015", False),  # repeal of 26.05.2016 + ten days (002 line 5)
    (D(2016, 6, 6), "law2001-2015", True),
    (D(2018, 1, 1), "law2001-2015", True),
    (D(2018, 5, 3), "law2001-2015", True),
    (D(2018, 5, 4), "law2001-2018", False),  # 23.04.2018 + ten days (000 lines 7, 25)
    (D(2019, 4, 1), "law2001-2019", False),
    (D(2023, 7, 1), "social-code-2023", False),
])
def test_each_text_decides_from_its_own_date(day: dt.date, rule_set: str, gap: bool) -> None:
    assert rule_set_for(day).id == rule_set
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    result = assess(application(family, day), parameters(lines_for(day, 40_000)))
    assert result.rule_set.id == rule_set
    warned = [w for w in result.warnings if w.code == "ruleset.gap"]
    assert bool(warned) is gap
    if gap:
        assert warned[0].pointer == "/application_date"
        assert result.trace[0].result == warned[0].message


# --- 5. income equal to the line under the Law of 2001 ------------------------------------


def at_the_line(day: dt.date, line: int):  # type: ignore[no-untyped-def]
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    incomes = monthly_income("a", Quarter.of(day).previous(), line)
    return assess(application(family, day, incomes), parameters(lines_for(day, line)))


def test_equal_to_the_line_under_2013_is_not_the_ground_of_item_10() -> None:
    # item 10 subpar. 1 refuses when income "превышает" the line (004 RU 56 / KZ 898); at the
    # line the service is not for the family: it is for incomes "ниже черты бедности" (item 1
    # subpar. 4, item 2)
    result = at_the_line(D(2013, 4, 15), 8_000)
    (ground,) = result.refusals
    assert ground.code is RefusalCode.INCOME_NOT_BELOW_LINE
    assert ground.code.value == "income_not_below_line"
    reference = i18n.render(ground.legal_reference, "ru")
    assert "пункт 1, подпункт 4" in reference and "пункт 2" in reference
    assert "пункт 10" not in reference
    assert "превышает" not in i18n.render(ground.text, "ru")


def test_above_the_line_under_2013_cites_item_10_subpar_1() -> None:
    day = D(2013, 4, 15)
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    incomes = monthly_income("a", Quarter(2013, 1), 8_001)
    (ground,) = assess(application(family, day, incomes), parameters(lines_for(day))).refusals
    assert ground.code is RefusalCode.INCOME_ABOVE_LINE
    assert i18n.render(ground.legal_reference, "ru").endswith("пункт 10, подпункт 1")
    assert "превышает" in i18n.render(ground.text, "ru")


@pytest.mark.parametrize("day", [D(2016, 2, 15), D(2018, 6, 15), D(2020, 5, 5)])
def test_equal_to_the_line_under_the_law_of_2001_has_its_own_code(day: dt.date) -> None:
    result = at_the_line(day, 20_000)
    assert [g.code for g in result.refusals] == [RefusalCode.INCOME_NOT_BELOW_LINE]


def test_equal_to_the_line_under_the_social_code_is_still_eligible() -> None:
    assert at_the_line(D(2024, 5, 5), 30_000).outcome is Outcome.ASSIGNED


# --- 8. the 2018 one-time payment of conditional assistance -------------------------------


def test_2018_names_the_one_time_payment_the_employment_commission_agrees() -> None:
    # seed 000 line 80: "ШАК-тің біржолғы төлемін тағайындауға келісім алу үшін ... комиссия"
    family = [member("a", Relationship.APPLICANT, D(1990, 1, 1), Sex.MALE)]
    for day, named in ((D(2018, 6, 15), True), (D(2020, 5, 5), False),
                       (D(2025, 5, 15), False)):
        result = assess(application(family, day), parameters(lines_for(day, 40_000)))
        step = next(s for s in result.trace if s.code == "assistance_type")
        labels = [f.label.msgid for f in step.figures]
        assert ("One-time payment of conditional cash assistance" in labels) is named


# --- 9. a refusal pays nothing ------------------------------------------------------------


def test_a_refusal_carries_no_payments_and_no_child_supplement() -> None:
    day = D(2025, 5, 15)
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1)),
              member("b", Relationship.GRANDCHILD, D(2021, 3, 3))]
    incomes = monthly_income("a", Quarter(2025, 1), 500_000)
    result = assess(application(family, day, incomes), parameters(lines_for(day, 40_000)))
    assert result.outcome is Outcome.REFUSED
    assert result.payments == () and result.period_amount == 0
    assert (result.child_supplement, result.children_supplemented) == (0, 0)


def test_every_rule_set_cites_every_ground() -> None:
    for rule_set in RULE_SETS:
        assert set(rule_set.references.refusals) == set(RefusalCode)
    assert RULE_SETS_BY_ID["law2001-2013"].refuses_expired_documents is False


@pytest.mark.parametrize(("rule_set", "day", "expired_refused"), [
    ("law2001-2015", D(2016, 2, 15), False), ("social-code-2023", D(2026, 2, 16), True)])
def test_the_wizard_refuses_expired_documents_only_where_the_rule_set_does(
        rule_set: str, day: dt.date, expired_refused: bool) -> None:
    from desktop.demo.intake_family import fill_family
    from desktop.domain.intake_session import IntakeSession
    from desktop.domain.model import Channel, Office

    session = IntakeSession(FORMS, channel=Channel.DISTRICT_OFFICE,
                            office=Office("AKT-01", REGION, "Актогайский район"),
                            application_date=day, rule_set_id=rule_set)
    fill_family(session, 2)
    session.set_value("applicant_id_expiry_date", "01.01.2015")
    problems = [(p.document, p.problem) for p in session.document_problems()]
    assert (("identity_document", "expired") in problems) is expired_refused
    assert not [p for p in problems if p[1] == "missing"]


# --- 9. codes the input gives that nothing knows ------------------------------------------


@pytest.mark.parametrize(("change", "pointer", "code"), [
    ({"region": "atlantis"}, "/office/region", "office.region_unknown"),
    ({"day": D(2014, 5, 5), "channel": "state_corporation"}, "/channel", "channel.rule_set"),
    ({"day": D(2025, 5, 15), "channel": "state_corporation"}, "/channel", "channel.rule_set"),
])
def test_an_unknown_code_is_an_input_error_not_a_missing_parameter(
        change: dict[str, object], pointer: str, code: str) -> None:
    from desktop.domain.issues import InvalidApplicationError
    from desktop.domain.model import Channel

    day = change.get("day", D(2025, 5, 15))
    assert isinstance(day, dt.date)
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    app = application(family, day, region=str(change.get("region", REGION)),
                      channel=Channel(change.get("channel", "district_office")))
    with pytest.raises(InvalidApplicationError) as error:
        assess(app, parameters(lines_for(day, 40_000)))
    assert [(i.code, i.pointer) for i in error.value.issues] == [(code, pointer)]
    message = i18n.render(error.value.issues[0].message, "ru")
    assert "{" not in message
    if code == "office.region_unknown":
        assert "karaganda" in message  # the codes it could be


def test_an_expired_document_is_named_once() -> None:
    # its date is on the application (identity document) and on the document's row
    day = D(2025, 5, 15)
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    app = application(family, day, documents=(*documents(), PresentedDocument(
        DocumentKind.IDENTITY_DOCUMENT, original_shown=True, expiry_date=D(2025, 1, 1))))
    app = app.__class__(**{**{f: getattr(app, f) for f in app.__dataclass_fields__},
                           "applicant": app.applicant.__class__(
                               **{**{f: getattr(app.applicant, f)
                                     for f in app.applicant.__dataclass_fields__},
                                  "identity_document": IdentityDocument(
                                      IdentityDocumentKind.ID_CARD, "1",
                                      expiry_date=D(2025, 1, 1))})})
    (ground,) = assess(app, parameters(lines_for(day, 40_000))).refusals
    assert len(ground.text.params["documents"].params) == 1

"""Refusal grounds: refusing to accept the documents, and refusing to assign АСП.

Codes are stable (database, JSON, printed notices). Each ground found carries its text with
the figures of the case and the article or regulation item it applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.domain.model import (
    Application,
    DocumentKind,
    NoNeedCriterion,
    PriorEventKind,
    RefusalCode,
)
from desktop.domain.rulesets import WAIVABLE_DOCUMENTS, RuleSet
from desktop.domain.text import Text

INTAKE_CODES = frozenset({RefusalCode.INCOMPLETE_DOCUMENTS, RefusalCode.EXPIRED_DOCUMENTS})

DOCUMENT_NAMES: Mapping[DocumentKind, Text] = {
    DocumentKind.APPLICATION: Text("application"),
    DocumentKind.FAMILY_COMPOSITION: Text("information on the composition of the family"),
    DocumentKind.INCOME_INFORMATION: Text("information on the incomes received"),
    DocumentKind.FARM_INFORMATION: Text("information on the personal subsidiary farm"),
    DocumentKind.RESIDENCE_REGISTRATION: Text(
        "document confirming registration at the place of residence"),
    DocumentKind.SOCIAL_CONTRACT: Text("social contract"),
    DocumentKind.IDENTITY_DOCUMENT: Text("identity document"),
    DocumentKind.POWER_OF_ATTORNEY: Text("notarised power of attorney"),
    DocumentKind.INCOME_PROOF: Text("document confirming income"),
    DocumentKind.UNEMPLOYMENT_CERTIFICATE: Text(
        "certificate of the employment body on registration as unemployed"),
    DocumentKind.OTHER: Text("other document"),
}
NO_NEED_TEXTS: Mapping[NoNeedCriterion, Text] = {
    NoNeedCriterion.MORE_THAN_ONE_DWELLING: Text(
        "more than one dwelling, including one alienated in the last five years"),
    NoNeedCriterion.PROFIT_PREMISES: Text("a separate premises used to make a profit"),
    NoNeedCriterion.HOUSING_PLOT_AND_DWELLING: Text(
        "a plot for individual housing construction while owning a dwelling"),
    NoNeedCriterion.MORE_THAN_ONE_CAR: Text("more than one passenger car in working order"),
    NoNeedCriterion.MACHINERY_OR_TRANSPORT: Text(
        "agricultural machinery, a bus, truck, special, water or air vehicle in working order"),
    NoNeedCriterion.LOCAL_CRITERION: Text("a criterion set by the local executive body"),
}


@dataclass(frozen=True, slots=True)
class RefusalGround:
    code: RefusalCode
    text: Text  # the ground with the case's figures, for the notice
    legal_reference: Text
    until: dt.date | None = None  # for the six-month bars: the last day it applies
    member_id: str = ""  # a ground worded for one member (2013 item 10 subpar. 2)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def numbered_list(items: list[Text]) -> Text:
    """``1) …; 2) …`` as on the refusal slip. The layout has no words to translate, so it is
    not a catalog entry; each item is rendered in the reader's language."""
    layout = "; ".join(f"{i + 1}) {{item{i}}}" for i in range(len(items)))
    fields = {f"item{i}": item for i, item in enumerate(items)}
    return Text(layout, **fields)


def intake_refusals(application: Application, rule_set: RuleSet) -> list[RefusalGround]:
    """Refusal to accept the documents: what is missing, and what has expired (where the
    rule set's text makes that a ground: from 2018)."""
    presented = {document.kind for document in application.documents}
    required = list(rule_set.required_documents)
    if application.representative is not None:
        required.append(DocumentKind.POWER_OF_ATTORNEY)
    missing = [
        DOCUMENT_NAMES[kind] for kind in required
        if kind not in presented
        and not (kind in WAIVABLE_DOCUMENTS and _from_state_systems(application, kind))
    ]
    grounds: list[RefusalGround] = []
    if missing:
        grounds.append(RefusalGround(
            RefusalCode.INCOMPLETE_DOCUMENTS,
            Text("The set of documents is incomplete. Missing documents: {documents}.",
                 documents=numbered_list(missing)),
            rule_set.references.refusals[RefusalCode.INCOMPLETE_DOCUMENTS]))
    if not rule_set.refuses_expired_documents:
        return grounds
    day = application.application_date
    # by kind, once each: the identity document's date is on the application and on the
    # document row, and the slip names a document once
    expired: dict[DocumentKind, None] = {
        d.kind: None for d in application.documents
        if d.expiry_date is not None and d.expiry_date < day
    }
    identity = application.applicant.identity_document
    if identity is not None and identity.expiry_date is not None and identity.expiry_date < day:
        expired[DocumentKind.IDENTITY_DOCUMENT] = None
    representative = application.representative
    if representative is not None and representative.power_of_attorney_valid_until is not None \
            and representative.power_of_attorney_valid_until < day:
        expired[DocumentKind.POWER_OF_ATTORNEY] = None
    if expired:
        grounds.append(RefusalGround(
            RefusalCode.EXPIRED_DOCUMENTS,
            Text("Documents whose validity has expired were presented: {documents}.",
                 documents=numbered_list([DOCUMENT_NAMES[kind] for kind in expired])),
            rule_set.references.refusals[RefusalCode.EXPIRED_DOCUMENTS]))
    return grounds


def _from_state_systems(application: Application, kind: DocumentKind) -> bool:
    return any(d.kind is kind and d.from_state_systems for d in application.documents)


def bar_period(months: int) -> Text:
    """"for six months" as the law words it (art. 128: "в течение шести месяцев")."""
    if months == 6:
        # TRANSLATORS: a period after a refusal; Russian: "в течение шести месяцев".
        return Text("for six months")
    return Text("for {count} months", count=months)


def prior_event_refusals(application: Application, rule_set: RuleSet) -> list[RefusalGround]:
    """The six-month bars of art. 128 subpars. 4–6, from earlier events of the family."""
    grounds: list[RefusalGround] = []
    if not application.prior_events:
        return grounds
    day = application.application_date
    for event in sorted(application.prior_events, key=lambda e: (e.date, e.kind)):
        if event.date > day:
            continue
        until = add_months(event.date, rule_set.bar_months) - dt.timedelta(days=1)
        if day > until:
            continue
        if event.kind is PriorEventKind.REFUSED_EMPLOYMENT_MEASURES:
            text = Text("An able-bodied family member refused employment measures on {date}: "
                        "assistance is refused {period} from the refusal, "
                        "until {until} inclusive.", date=event.date,
                        period=bar_period(rule_set.bar_months), until=until)
            code = RefusalCode.EMPLOYMENT_MEASURES_REFUSED
            reference = rule_set.references.refusals[code]
        elif event.kind is PriorEventKind.SOCIAL_CONTRACT_BROKEN:
            text = Text("The social contract was terminated, or its obligations were not met "
                        "through the recipient's fault, on {date}: a new application is refused "
                        "{period}, until {until} inclusive.", date=event.date,
                        period=bar_period(rule_set.bar_months), until=until)
            code = RefusalCode.SOCIAL_CONTRACT_BROKEN
            reference = rule_set.references.refusals[code]
        else:
            text = Text("Knowingly false information or unreliable documents were submitted on "
                        "{date}: assistance is refused {period} from their "
                        "submission, until {until} inclusive.", date=event.date,
                        period=bar_period(rule_set.bar_months), until=until)
            code = RefusalCode.FALSE_INFORMATION
            reference = rule_set.references.refusals[code]
        grounds.append(RefusalGround(code, text, reference, until))
    return grounds


def commission_refusals(application: Application, rule_set: RuleSet) -> list[RefusalGround]:
    conclusion = application.commission
    if conclusion is None:
        return []
    grounds: list[RefusalGround] = []
    if conclusion.survey_refused and rule_set.survey_refusal_ground:
        grounds.append(RefusalGround(
            RefusalCode.SURVEY_REFUSED,
            Text("The applicant refused the survey of the family's material situation by the "
                 "district commission."),
            rule_set.references.refusals[RefusalCode.SURVEY_REFUSED]))
    if not conclusion.need_confirmed:
        criteria = [NO_NEED_TEXTS[c] for c in sorted(set(conclusion.no_need_criteria))]
        if criteria:
            text = Text("The district commission concluded that there is no need: {criteria}.",
                        criteria=numbered_list(criteria))
        else:
            text = Text("The district commission concluded that there is no need.")
        grounds.append(RefusalGround(
            RefusalCode.NO_NEED, text,
            rule_set.references.refusals[RefusalCode.NO_NEED]))
    return grounds

"""All checks of one application before it is assessed, each with its JSON pointer."""

from __future__ import annotations

from collections.abc import Collection

from desktop.domain.deadlines import CHANNEL_NAMES
from desktop.domain.family import validate_family
from desktop.domain.iban import check_iban
from desktop.domain.iin import ZeroCenturyPolicy, check_iin
from desktop.domain.income import validate_incomes
from desktop.domain.issues import Issue, Severity
from desktop.domain.model import Application
from desktop.domain.rulesets import RuleSet
from desktop.domain.text import Text


def validate_application(
    application: Application, policy: ZeroCenturyPolicy = ZeroCenturyPolicy.ACCEPT
) -> list[Issue]:
    """Errors and warnings of the application as entered (not the decision)."""
    issues = validate_family(application, policy)
    issues.extend(validate_incomes(application))
    account = application.applicant.bank_account
    if account is not None and account.iban:
        result = check_iban(account.iban)
        issues.extend(i.at("/applicant/bank_account/iban") for i in result.issues)
    representative = application.representative
    if representative is not None and representative.iin:
        result_iin = check_iin(representative.iin, policy)
        issues.extend(i.at("/representative/iin") for i in result_iin.issues)
    if not application.office.region:
        issues.append(Issue("office.region", Text(
            "The region of the receiving office is needed to find the poverty line."),
            "/office/region"))
    for index, animals in enumerate(application.livestock):
        if animals.heads < 0 or animals.age_years < 0:
            issues.append(Issue("livestock.negative", Text(
                "The number of head and the age cannot be negative."), f"/livestock/{index}"))
    for index, plot in enumerate(application.land):
        if plot.area_m2 < 0:
            issues.append(Issue("land.negative", Text("The area cannot be negative."),
                                f"/land/{index}/area_m2"))
    for index, document in enumerate(application.documents):
        if document.member_id and document.member_id not in {
            m.member_id for m in application.members
        }:
            issues.append(Issue("document.member", Text(
                "This document belongs to a family member that is not in the family."),
                f"/documents/{index}/member_id"))
    return issues


def validate_codes(application: Application, regions: Collection[str],
                   rule_set: RuleSet) -> list[Issue]:
    """Codes of the input that the parameters or the rule set do not know. They are the
    input's errors (a misspelt region), not a missing parameter: no poverty line can be added
    for a region that does not exist."""
    issues: list[Issue] = []
    region = application.office.region
    if region and regions and region not in regions:
        issues.append(Issue("office.region_unknown", Text(
            "“{region}” is not a region code; the codes are: {codes}.", region=region,
            codes=", ".join(sorted(regions))), "/office/region"))
    if application.channel not in rule_set.channels:
        issues.append(Issue("channel.rule_set", Text(
            "Under the rules in force on {date} this application is not received by the "
            "{channel}; it is received by: {channels}.", date=application.application_date,
            channel=CHANNEL_NAMES[application.channel],
            channels=_listing([CHANNEL_NAMES[c] for c in rule_set.channels])), "/channel"))
    return issues


def _listing(items: list[Text]) -> Text:
    """``a, b, c``: each item rendered in the reader's language (no words of its own)."""
    layout = ", ".join(f"{{item{index}}}" for index in range(len(items)))
    fields = {f"item{index}": item for index, item in enumerate(items)}
    return Text(layout, **fields)


def errors(issues: list[Issue]) -> list[Issue]:
    return [issue for issue in issues if issue.severity is Severity.ERROR]

"""All checks of one application before it is assessed, each with its JSON pointer."""

from __future__ import annotations

from desktop.domain.family import validate_family
from desktop.domain.iban import check_iban
from desktop.domain.iin import ZeroCenturyPolicy, check_iin
from desktop.domain.income import validate_incomes
from desktop.domain.issues import Issue, Severity
from desktop.domain.model import Application
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


def errors(issues: list[Issue]) -> list[Issue]:
    return [issue for issue in issues if issue.severity is Severity.ERROR]

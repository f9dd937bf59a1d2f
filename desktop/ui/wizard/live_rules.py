"""What the rules of the wizard's service say on what is entered so far.

АСП's rules engine for АСП; the rule module a service of the catalogue names for a service
that computes (the child benefit, the maslikhat's assistance, the rural fuel allowance); None
for a service that decides nothing by rules (a certificate, a referral), which shows none.
"""

from __future__ import annotations

from desktop.domain.intake_session import IntakeSession, LiveAssessment, LiveServiceAssessment
from desktop.domain.model import Application
from desktop.domain.service_rules import ServiceAssessment
from desktop.services.intake import IntakeContext


def computes(session: IntakeSession) -> bool:
    if session.asp:
        return True
    from desktop.catalog import CatalogueError, UnknownServiceError, catalogue_index

    try:
        return catalogue_index().get(session.service).computes
    except (UnknownServiceError, CatalogueError):
        return False


def live_assessment(session: IntakeSession, context: IntakeContext
                    ) -> LiveAssessment | LiveServiceAssessment | None:
    """The live verdict of the session's service (cached by the session until a change)."""
    if session.asp:
        return session.assessment(context.parameters)
    if not computes(session):
        return None
    from desktop.services.service_rules import assess_application

    def decide(application: Application) -> ServiceAssessment:
        found = assess_application(application, context.parameters, check_documents=False)
        assert isinstance(found, ServiceAssessment)
        return found

    return session.service_assessment(decide, context.parameters)

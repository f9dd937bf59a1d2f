"""The titles of a wizard's steps and of its service, in the interface language."""

from __future__ import annotations

from desktop import i18n
from desktop.domain.intake_session import IntakeSession
from desktop.domain.text import N_

__all__ = ["STEP_NAMES", "delivered_label", "service_title", "step_title"]

STEP_NAMES = {
    "application": N_("Application"), "family": N_("Family composition"),
    "income": N_("Incomes"), "farm": N_("Personal subsidiary farm"),
    "documents": N_("Presented documents"), "review": N_("Review"),
}


def service_title(code: str) -> str:
    """The service's name for lists and headings, in the interface language."""
    from desktop.catalog import UnknownServiceError
    from desktop.services.service_paths import service

    try:
        return service(code).short_title.text(i18n.current_language())
    except UnknownServiceError:
        return code


def delivered_label(code: str) -> str:
    """The closed status of a service's case in its own words ("Справка выдана")."""
    from desktop.domain.case_status import CaseStatus, status_label
    from desktop.services.service_paths import service

    own = service(code).status_labels.get(CaseStatus.DELIVERED)
    return own.text(i18n.current_language()) if own is not None else \
        i18n.render(status_label(CaseStatus.DELIVERED))


def step_title(session: IntakeSession, step: str) -> str:
    """A wizard step's title: АСП's common ones, or the service's own (its sheets' words)."""
    if not session.asp:
        from desktop.services.service_paths import service

        for declared in service(session.service).wizard:
            if declared.id == step and declared.title is not None:
                return declared.title.text(i18n.current_language())
    return i18n._(STEP_NAMES[step]) if step in STEP_NAMES else step

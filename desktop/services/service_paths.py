"""A case's service, as the case path, deadlines and registration need it.

Each service's path, its waiting steps, its step terms and its number marker are data of the
catalogue (``desktop.catalog``). АСП's are read from the domain's own tables
(``desktop.domain.case_path.STEPS``, ``case_deadlines.WAITING_STEPS``, the rule sets'
schedules), which ``forms/services/asp/service.yaml`` declares identically (a test holds them
equal): АСП's cases never wait for the catalogue to load, and an error in another service's
file can never stop them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from desktop.catalog import ASP, Service, catalogue_index
from desktop.domain.case_path import ASP_PATH, CasePath
from desktop.domain.case_status import CaseStatus
from desktop.domain.deadlines import DeadlineSchedule
from desktop.domain.model import Channel
from desktop.domain.parameters import Parameters
from desktop.domain.rulesets import rule_set_for

__all__ = ["case_path", "marker", "schedule", "service", "waiting"]


def service(code: str) -> Service:
    """The catalogue's entry (``UnknownServiceError`` for a code it does not have)."""
    return catalogue_index().get(code)


def case_path(code: str) -> CasePath:
    if code == ASP:
        return ASP_PATH
    return catalogue_index().path(code)


def waiting(code: str) -> Mapping[tuple[CaseStatus, Channel], tuple[str, ...]] | None:
    """The steps awaited per status and channel; None: АСП's (the domain's default)."""
    if code == ASP:
        return None
    return service(code).waiting()


def schedule(code: str, day: dt.date, parameters: Parameters) -> DeadlineSchedule | None:
    """The step terms in force for an application of ``code`` made on ``day``."""
    if code == ASP:
        rule_set = rule_set_for(day, parameters.rule_sets)
        return parameters.deadlines.get(rule_set.deadline_schedule)
    return service(code).schedule()


def marker(code: str) -> str:
    """The index of the service's registration journal ("" for АСП)."""
    return "" if code == ASP else service(code).marker

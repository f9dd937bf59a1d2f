"""Social assistance to social-sphere specialists in rural settlements for buying fuel (§7).

Who may receive it is in the service's name: specialists of the social sphere who live **and**
work in a rural settlement. The amount, and which spheres, are the maslikhat's decision in force
(``desktop.domain.district_decisions``, its ``fuel`` part). The application gives the sphere,
the workplace and where the person lives and works (``details``, the sheet
``fuel_application``); the workplace certificate is among the documents checked at intake.
It is paid once, in tenge or in monthly calculation indices as the decision says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.domain.assessment import Outcome
from desktop.domain.district_decisions import DOCUMENT, MaslikhatDecision, decision_on
from desktop.domain.issues import InvalidApplicationError, Issue, ParameterError
from desktop.domain.local_assistance import amount_of
from desktop.domain.local_assistance import parse_parameters as _parse
from desktop.domain.model import Application
from desktop.domain.money import Money
from desktop.domain.parameters import Parameters
from desktop.domain.service_rules import (
    ServiceAssessment,
    ServiceRefusal,
    decision_step,
)
from desktop.domain.text import Text
from desktop.domain.trace import Figure, TraceStep

__all__ = ["PARAMETERS", "assess", "parse_parameters"]

SERVICE = "rural_fuel"
PARAMETERS = (DOCUMENT,)


def parse_parameters(documents: Mapping[str, Any]) -> tuple[MaslikhatDecision, ...]:
    return _parse(documents)


def assess(application: Application, parameters: Parameters,
           service_parameters: tuple[MaslikhatDecision, ...]) -> ServiceAssessment:
    day = application.application_date
    decision = decision_on(service_parameters, application.office.district, day)
    fuel = decision.fuel
    if fuel is None:
        raise ParameterError([Issue("maslikhat.no_fuel", Text(
            "The maslikhat's decision in force on {date} sets no fuel assistance: the district "
            "administrator must enter the decision that does.", date=day),
            "/office/district")])
    details = application.details
    sphere = details.get("sphere")
    if not isinstance(sphere, str) or not sphere:
        raise InvalidApplicationError([Issue("rural_fuel.sphere", Text(
            "Choose the social sphere the applicant works in."), "/details/sphere")])
    lives = details.get("lives_in_rural_settlement") is True
    works = details.get("works_in_rural_settlement") is True
    reference = Text("Decision of the maslikhat of {date} No. {number}", date=decision.date,
                     number=decision.number)
    trace = [TraceStep(
        "decision_in_force", Text("Decision of the maslikhat"),
        (Figure(Text("Application date"), day), Figure(Text("Source"), decision.source)),
        Text("The decision in force on {date} applies.", date=day), reference)]
    refusals = []
    covered = sphere in fuel.spheres
    trace.append(TraceStep(
        "sphere", Text("Social sphere"),
        (Figure(Text("Social sphere"), sphere),),
        Text("The decision covers the specialists of this sphere.") if covered
        else Text("The decision does not cover the specialists of this sphere."), reference))
    if not covered:
        refusals.append(ServiceRefusal("sphere", Text(
            "The maslikhat's decision does not cover specialists of this sphere."), reference))
    trace.append(TraceStep(
        "rural_settlement", Text("Rural settlement"),
        (Figure(Text("Lives in a rural settlement"), Text("yes") if lives else Text("no")),
         Figure(Text("Works in a rural settlement"), Text("yes") if works else Text("no"))),
        Text("The specialist lives and works in a rural settlement.") if lives and works
        else Text("The specialist must both live and work in a rural settlement."), reference))
    if not (lives and works):
        refusals.append(ServiceRefusal("not_rural", Text(
            "The assistance is for specialists who live and work in a rural settlement."),
            reference))
    amount, mrp_step = amount_of(fuel.amount, fuel.amount_mrp, parameters, day)
    if mrp_step is not None:
        trace.append(mrp_step)
    outcome = Outcome.REFUSED if refusals else Outcome.ASSIGNED
    one_time = amount if outcome is Outcome.ASSIGNED else 0
    trace.append(TraceStep(
        "amount", Text("Amount of assistance"),
        (Figure(Text("One-time payment"), Money(amount)),),
        Text("A one-time payment of {amount}.", amount=Money(one_time)), reference))
    trace.append(decision_step(refusals, Text("Social assistance is assigned"),
                               Text("Assignment of social assistance is refused"), reference))
    return ServiceAssessment(
        SERVICE, outcome, day, tuple(trace), tuple(refusals), (),
        one_time_amount=one_time, period_start=day if outcome is Outcome.ASSIGNED else None,
        figures={"sphere": sphere, "decision": decision.number, "amount_tiyn": amount})

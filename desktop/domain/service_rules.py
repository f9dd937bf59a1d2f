"""What the rules of a service other than АСП give, and what every such rule module offers.

A service of the catalogue that decides and computes (``rules:`` in its ``service.yaml``)
names a module of ``desktop/domain``. The module has:

* ``PARAMETERS``: the names of the service parameter documents it reads (district data such
  as the maslikhat's decisions, tables such as the food basket's cost), each read from
  ``resources/services/<name>.yaml`` and the administrator's ``<overlay>/services/``;
* ``parse_parameters(documents) -> T``: those documents, checked, every problem with its
  document and JSON pointer (``ParameterError``);
* ``assess(application, parameters, service_parameters) -> ServiceAssessment``: the decision
  with every figure and the trace that explains it, as АСП's assessment does.

АСП's own rules are ``desktop.domain.assessment`` and keep their own ``Assessment``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.assessment import Outcome
from desktop.domain.issues import Issue, ParameterError
from desktop.domain.reader import Reader
from desktop.domain.text import Text
from desktop.domain.trace import Figure, TraceStep

__all__ = ["Outcome", "ServiceAssessment", "ServiceRefusal", "decision_step", "read_documents"]


@dataclass(frozen=True, slots=True)
class ServiceRefusal:
    """A ground for refusing the service, with the rule (or decision) it applies."""

    code: str
    text: Text
    legal_reference: Text


@dataclass(frozen=True, slots=True)
class ServiceAssessment:
    """The decision a service's rules give, with its figures and the trace that explains it.

    ``monthly_amount`` is paid each month of the period; ``one_time_amount`` once."""

    service: str
    outcome: Outcome
    application_date: dt.date
    trace: tuple[TraceStep, ...]
    refusals: tuple[ServiceRefusal, ...] = ()
    warnings: tuple[Issue, ...] = ()
    monthly_amount: int = 0  # tiyn
    one_time_amount: int = 0  # tiyn
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    figures: Mapping[str, int | str | None] = field(default_factory=dict)  # for the JSON

    @property
    def assigned(self) -> bool:
        return self.outcome is Outcome.ASSIGNED


def read_documents(documents: Mapping[str, Any], names: tuple[str, ...],
                   parse: Mapping[str, Any]) -> dict[str, Any]:
    """Each document of ``names`` read by its ``parse(reader, doc)``; one ``ParameterError``
    with every problem, each at ``<document>#<pointer>``."""
    issues: list[Issue] = []
    result: dict[str, Any] = {}
    for name in names:
        reader = Reader()
        result[name] = parse[name](reader, documents.get(name) or {})
        issues.extend(issue.at(f"{name}#") for issue in reader.issues)
    if issues:
        raise ParameterError(issues)
    return result


def decision_step(refusals: tuple[ServiceRefusal, ...] | list[ServiceRefusal], assigned: Text,
                  refused: Text, reference: Text) -> TraceStep:
    """The last step of a trace: the grounds found, and what was decided."""
    return TraceStep("decision", Text("Decision"),
                     tuple(Figure(Text("Ground"), r.text) for r in refusals),
                     refused if refusals else assigned, reference)

"""What a service's wizard is made of: its sheets, its steps and its own document list.

АСП's wizard is the shared sheets in ``intake_session.STEPS``, its checklist per rule set; any
other service of the catalogue brings its own (``Service.wizard`` over
``Catalogue.forms(code)``, ``Service.checklist(channel)``), given to the ``IntakeSession``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.catalog import ASP, catalogue_index
from desktop.domain.model import Channel
from desktop.formspec.model import ChecklistItem, FormSpec

__all__ = ["session_setup"]


def session_setup(code: str, channel: Channel, asp_forms: Mapping[str, FormSpec]
                  ) -> tuple[Mapping[str, FormSpec], dict[str, Any]]:
    """The forms and the keyword arguments of an ``IntakeSession`` of service ``code``."""
    if code == ASP:
        return asp_forms, {"service": ASP}
    index = catalogue_index()
    service = index.get(code)
    items = service.checklist(channel)
    checklist = [ChecklistItem(d.id, d.requirement, d.presentation, d.condition, d.waivable,
                               d.name, when=d.when) for d in items]
    return index.forms(code), {
        "service": code,
        "steps": tuple((step.id, step.pages) for step in service.wizard),
        "checklist": checklist,
        "slip_names": {d.id: d.slip_name for d in items},
    }

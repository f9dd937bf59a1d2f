"""Interface names of stored codes (channels, statuses, steps), in the current language.

A case speaks its service's words: a status, a step or an event of the history is named by
the service's ``statuses:``, ``actions:`` and ``events:`` (``forms/services/<code>``) where it
declares them, and in АСП's words where it does not. АСП's own cases never load the catalogue
for this.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

from desktop.domain import case_status
from desktop.domain.case_path import ACTION_LABELS, EVENT_LABELS, Action
from desktop.domain.case_status import CaseStatus
from desktop.i18n import current_language, render

if TYPE_CHECKING:
    from desktop.catalog import Service

ASP = "asp"  # desktop.catalog.ASP, without importing the catalogue on the window's way up


def channel_label(code: str, on: dt.date | None = None) -> str:
    try:
        return render(case_status.channel_label(code, on))
    except ValueError:
        return code


def service_entry(code: str, *, warm_only: bool = False) -> Service | None:
    """The catalogue's entry of a service other than АСП (None for АСП, an unknown code, or,
    with ``warm_only``, while the catalogue is not loaded yet: the journal never waits)."""
    if not code or code == ASP:
        return None
    if warm_only:  # not even imported before the journal's first page (a mixed journal's)
        loaded = sys.modules.get("desktop.catalog")
        if loaded is None or not loaded.catalogue_index.cache_info().currsize:
            return None
    from desktop.catalog import CatalogueError, UnknownServiceError, catalogue_index

    try:
        return catalogue_index().get(code)
    except (UnknownServiceError, CatalogueError):
        return None


def service_title(code: str, *, short: bool = True) -> str:
    """The service's name (short, for lists and titles; or the official one)."""
    from desktop.catalog import CatalogueError, UnknownServiceError, catalogue_index

    try:
        service = catalogue_index().get(code or ASP)
    except (UnknownServiceError, CatalogueError):
        return code
    return (service.short_title if short else service.title).text(current_language())


def status_label(code: str, service: str = ASP, *, warm_only: bool = False,
                 channel: str | None = None) -> str:
    """A status in the service's words; with the case's channel, a result sent for delivery
    names the ЦОН or the akim it went to."""
    entry = service_entry(service, warm_only=warm_only)
    try:
        status = CaseStatus(code)
    except ValueError:
        return code
    if entry is not None and status in entry.status_labels:
        return entry.status_labels[status].text(current_language())
    return render(case_status.status_label(status, channel))


def action_label(action: Action, service: str = ASP) -> str:
    """A step as its button and the work list name it."""
    entry = service_entry(service)
    if entry is not None and action in entry.action_labels:
        return entry.action_labels[action].text(current_language())
    return render(ACTION_LABELS[action])


def event_label(action: Action, service: str = ASP, to_status: str = "",
                from_status: str = "") -> str:
    """A step taken, as the case's history names it: the service's own words for the event,
    else its words for the status the step led to, else АСП's."""
    entry = service_entry(service)
    if entry is not None:
        if action in entry.event_labels:
            return entry.event_labels[action].text(current_language())
        moved = to_status and to_status != from_status
        if moved and to_status in set(CaseStatus) and CaseStatus(to_status) in \
                entry.status_labels:
            return entry.status_labels[CaseStatus(to_status)].text(current_language())
    return render(EVENT_LABELS[action])

"""What the service chooser lists: the services taken today, the desk's most used first.

The services a desk takes on ``today`` come from the catalogue's index
(``catalogue_index().available_on``), ordered by how many applications of each this desk's
journal holds, then in catalogue order; the services not provided at a district desk (the
oblast's, the Ministry's) are listed apart, with where the applicant goes instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.catalog import Service, catalogue_index
from desktop.catalog.model import Quote
from desktop.domain.spelling import spelling_key
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord

__all__ = ["ServiceChoices", "applications_per_service", "matches", "service_choices",
           "where_to_go"]


@dataclass(frozen=True, slots=True)
class ServiceChoices:
    available: tuple[Service, ...]  # most used first, then catalogue order
    not_provided: tuple[Service, ...]  # in catalogue order
    uses: dict[str, int]  # applications of each service in this desk's journal


def applications_per_service(db: Database) -> dict[str, int]:
    """How many applications (drafts aside) the journal holds per service code."""
    a = ApplicationRecord
    with db.engine.connect() as c:
        return {str(code): int(n) for code, n in
                c.execute(select(a.service, func.count()).group_by(a.service))}


def service_choices(db: Database, today: dt.date) -> ServiceChoices:
    index = catalogue_index()
    uses = applications_per_service(db)
    available = index.available_on(today)
    # sorted() is stable: services used equally often keep the catalogue's order
    ordered = sorted(available, key=lambda s: -uses.get(s.code, 0))
    return ServiceChoices(tuple(ordered), tuple(index.not_provided()), uses)


def matches(service: Service, typed: str) -> bool:
    """Whether every word typed is in the service's names (either language, either spelling
    of a Kazakh letter, its code or its number's marker)."""
    words = spelling_key(typed).split()
    if not words:
        return True
    key = spelling_key(" ".join((service.code, service.marker, service.short_title.kk,
                                 service.short_title.ru, service.title.kk, service.title.ru)))
    return all(word in key for word in words)


def where_to_go(service: Service, lang: str) -> str:
    """Where the applicant of a service not provided here goes instead."""
    where = service.where
    if where is None:
        return ""
    text = where.text if isinstance(where, Quote) else where
    return text.text(lang)

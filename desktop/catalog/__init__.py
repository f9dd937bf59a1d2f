"""The district's state services as data: ``forms/services/<code>/`` (no Qt, no database).

``catalogue()`` gives every service, checked, loaded on first use. A service is one folder:
``service.yaml`` (titles, regulations, channels, documents, sheets, coupon, steps and terms,
path, result documents, refusal grounds, rule module) and the sheets only it uses; shared
sheets (the family, income and farm sheets) are named, not copied. ``docs/services.md`` walks
through adding one.
"""

from __future__ import annotations

from desktop.catalog.catalogue import (
    Catalogue,
    UnknownServiceError,
    catalogue,
    catalogue_index,
    load_catalogue,
    load_index,
)
from desktop.catalog.load import CatalogueError
from desktop.catalog.model import ASP, ResultKind, Service, ServiceStatus

__all__ = [
    "ASP",
    "Catalogue",
    "CatalogueError",
    "ResultKind",
    "Service",
    "ServiceStatus",
    "UnknownServiceError",
    "catalogue",
    "catalogue_index",
    "load_catalogue",
    "load_index",
]

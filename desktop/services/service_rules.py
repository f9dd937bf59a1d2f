"""The rules of a service of the catalogue, run on an application: АСП's or a rule module's.

A service that computes names a module of ``desktop/domain`` (``rules:``); this finds it, reads
the service parameter documents it asks for (``desktop.parameters.services``) and runs it.
``komek assess`` and the case path's draft decision both come here, so an application of any
service that computes is decided the same way at the desk and from the command line.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from desktop.catalog import ASP, Service, catalogue_index
from desktop.domain.assessment import Assessment, assess
from desktop.domain.issues import InvalidApplicationError, Issue
from desktop.domain.model import Application
from desktop.domain.parameters import Parameters
from desktop.domain.service_rules import ServiceAssessment
from desktop.domain.text import Text
from desktop.parameters.services import (
    load_service_documents,
    overlay_file,
    shipped_services_dir,
)

__all__ = ["assess_application", "rules_module", "service_parameters"]


def rules_module(service: Service) -> ModuleType | None:
    """The service's rule module (None: the service decides nothing by rules)."""
    if not service.rules:
        return None
    return importlib.import_module(f"desktop.domain.{service.rules}")


def service_parameters(service: Service, module: ModuleType, overlay_dir: Path | None = None,
                       *, use_overlay: bool = True) -> Any:
    """The module's parameter documents, read and checked (``ParameterError``); kept while
    their files are unchanged, so the wizard's live calculation does not read them again at
    every edit (the administrator's new decision is read at once: its file changed)."""
    names = tuple(getattr(module, "PARAMETERS", ()))
    key = (module.__name__, _files_signature(names, overlay_dir, use_overlay))
    if key in _PARSED:
        return _PARSED[key]
    documents = load_service_documents(names, overlay_dir, use_overlay=use_overlay)
    parsed = module.parse_parameters(documents)
    if len(_PARSED) >= 16:
        _PARSED.clear()
    _PARSED[key] = parsed
    return parsed


_PARSED: dict[tuple[str, tuple[tuple[str, int, int], ...]], Any] = {}


def _files_signature(names: tuple[str, ...], overlay_dir: Path | None,
                     use_overlay: bool) -> tuple[tuple[str, int, int], ...]:
    """Each file the documents are read from, with its modification time and size (-1 when
    it is absent)."""
    paths = [shipped_services_dir() / f"{name}.yaml" for name in names]
    if use_overlay:
        paths += [overlay_file(name, overlay_dir) for name in names]
    signature = []
    for path in paths:
        try:
            stat = path.stat()
            signature.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            signature.append((str(path), -1, -1))
    return tuple(signature)


def assess_application(application: Application, parameters: Parameters, *,
                       overlay_dir: Path | None = None, use_overlay: bool = True,
                       check_documents: bool = True) -> Assessment | ServiceAssessment:
    """Decide ``application`` by the rules of its service."""
    if application.service == ASP:
        return assess(application, parameters, check_documents=check_documents)
    services = catalogue_index()  # the rules need the service, not its sheets
    if application.service not in services:
        raise InvalidApplicationError([Issue("service.unknown", Text(
            "“{service}” is not a service of the catalogue.", service=application.service),
            "/service")])
    service = services.get(application.service)
    module = rules_module(service)
    if module is None:
        raise InvalidApplicationError([Issue("service.no_rules", Text(
            "The service “{service}” decides nothing by rules: there is nothing to assess.",
            service=application.service), "/service")])
    found: ServiceAssessment = module.assess(
        application, parameters,
        service_parameters(service, module, overlay_dir, use_overlay=use_overlay))
    return found

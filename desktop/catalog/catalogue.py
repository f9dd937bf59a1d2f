"""The catalogue: every service of ``forms/services``, loaded when first asked for.

Nothing is read at start-up: the main window shows without the catalogue; the first caller
(the service chooser, registration, the case path, ``komek services``) loads it, and it is
kept for the run. ``load_catalogue`` checks everything a service file declares and the sheets
it uses; ``load_index`` reads the service files alone (for a list of titles, faster), with
every check of the files themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from desktop.catalog.load import (
    CatalogueError,
    PathRef,
    check_sheets,
    read_service,
    resolve_paths,
    result_problems,
)
from desktop.catalog.model import ASP, Service
from desktop.domain.case_path import CasePath
from desktop.domain.case_status import CaseStatus
from desktop.domain.deadlines import DeadlineSchedule
from desktop.domain.model import Channel
from desktop.domain.parameters import Parameters
from desktop.domain.rulesets import rule_set_for
from desktop.formspec.model import FormSpec

__all__ = ["Catalogue", "UnknownServiceError", "catalogue", "catalogue_index", "load_catalogue",
           "load_index"]


class UnknownServiceError(KeyError):
    """No service of the catalogue has this code (a record from a newer Kömek, a typo)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Catalogue:
    """The services by code, in catalogue order; their sheets loaded on first use."""

    services: Mapping[str, Service]
    root: Path  # the forms/ folder
    _forms: dict[str, Mapping[str, FormSpec]] = field(default_factory=dict, repr=False)

    def __iter__(self) -> Iterator[Service]:
        return iter(self.services.values())

    def __len__(self) -> int:
        return len(self.services)

    def __contains__(self, code: object) -> bool:
        return code in self.services

    def get(self, code: str) -> Service:
        try:
            return self.services[code]
        except KeyError:
            raise UnknownServiceError(code) from None

    def provided(self) -> list[Service]:
        return [s for s in self if s.provided]

    def not_provided(self) -> list[Service]:
        return [s for s in self if not s.provided]

    def available_on(self, day: dt.date) -> list[Service]:
        """The services a desk takes applications for on ``day``, in catalogue order."""
        return [s for s in self if s.available_on(day)]

    def by_marker(self, marker: str) -> Service | None:
        """The service whose registration numbers carry ``marker`` ("" is АСП's)."""
        return next((s for s in self if s.takes_applications and s.marker == marker.upper()),
                    None)

    def path(self, code: str) -> CasePath:
        found = self.get(code).path
        if found is None:
            raise UnknownServiceError(code)
        return found

    def waiting(self, code: str) -> dict[tuple[CaseStatus, Channel], tuple[str, ...]]:
        return self.get(code).waiting()

    def schedule(self, code: str, day: dt.date, parameters: Parameters
                 ) -> DeadlineSchedule | None:
        """The step terms in force for an application of ``code`` made on ``day``: the rule
        set's schedule for АСП (parameters), the service's own declared terms otherwise."""
        service = self.get(code)
        if service.terms_from_schedule:
            rule_set = rule_set_for(day, parameters.rule_sets)
            return parameters.deadlines.get(rule_set.deadline_schedule)
        return service.schedule()

    def forms(self, code: str) -> Mapping[str, FormSpec]:
        """The sheets of the service's wizard and printouts by form id (its own and shared)."""
        if code not in self._forms:
            service = self.get(code)
            found, problems = check_sheets(service, _shared_forms(self.root))
            if problems:
                raise CatalogueError(problems)
            self._forms[code] = found
        return self._forms[code]


@cache
def _shared_forms(root: Path) -> Mapping[str, FormSpec]:
    from desktop.formspec import load_all

    return load_all(root)


def _read(root: Path) -> tuple[dict[str, Service], list[str]]:
    folder = root / "services"
    files = sorted(folder.glob("*/service.yaml"))
    if not files:
        raise CatalogueError([f"{folder.name}: no services (*/service.yaml) found"])
    problems: list[str] = []
    found: dict[str, Service] = {}
    refs: dict[str, PathRef] = {}
    for path in files:
        service, ref, errors = read_service(path, root)
        problems.extend(errors)
        if service is not None:
            found[service.code] = service
            if ref is not None:
                refs[service.code] = ref
    problems.extend(resolve_paths(found, refs))
    for service in found.values():
        problems.extend(result_problems(service))
    markers: dict[str, str] = {}
    for service in found.values():
        if not service.takes_applications:
            continue
        other = markers.setdefault(service.marker, service.code)
        if other != service.code:
            problems.append(f'{service.source_file}: marker: "{service.marker}" is already '
                            f"the marker of {other}: two services cannot share numbers")
    if ASP not in found and not any(p.startswith(f"services/{ASP}/") for p in problems):
        problems.append(f"services: no {ASP}/service.yaml (АСП's entry)")
    ordered = dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))
    return ordered, problems


def load_index(root: str | Path | None = None) -> Catalogue:
    """Every service file, checked, without opening the sheets they use."""
    base = _root(root)
    services, problems = _read(base)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(services, base)


def load_catalogue(root: str | Path | None = None) -> Catalogue:
    """Every service and every sheet it uses, checked; one ``CatalogueError`` lists all."""
    base = _root(root)
    services, problems = _read(base)
    result = Catalogue(services, base)
    shared: Mapping[str, FormSpec] = {}
    try:
        shared = _shared_forms(base)
    except ValueError as error:  # FormSpecError: the shared forms are broken themselves
        problems.extend(getattr(error, "problems", [str(error)]))
    for service in services.values():
        if service.sheets:
            forms, errors = check_sheets(service, shared)
            problems.extend(errors)
            result._forms[service.code] = forms
    if problems:
        raise CatalogueError(problems)
    return result


def _root(root: str | Path | None) -> Path:
    if root is not None:
        return Path(root)
    from desktop.paths import forms_dir

    return forms_dir()


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue, checked, loaded on first use and kept for the run."""
    return load_catalogue()


@cache
def catalogue_index() -> Catalogue:
    """The shipped services, their files checked but their sheets not yet opened (paths,
    terms, markers, titles): what the case path, registration and the journal need."""
    return load_index()

"""Problems found in input or parameters: a message, where it is, and how serious it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.text import Text


class Severity(StrEnum):
    ERROR = "error"  # the assessment cannot be made, or would be wrong
    WARNING = "warning"  # worth a look by a person; the assessment goes on


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem. ``pointer`` is a JSON pointer into the interchange document (RFC 6901),
    e.g. ``/members/2/iin``; the wizard maps it to the field to highlight."""

    code: str
    message: Text
    pointer: str = ""
    severity: Severity = Severity.ERROR

    def at(self, prefix: str) -> Issue:
        """The same issue, its pointer placed under ``prefix``."""
        return Issue(self.code, self.message, prefix + self.pointer, self.severity)


class DomainError(Exception):
    """Base of the domain's errors: carries one or more issues that say what is wrong."""

    def __init__(self, issues: list[Issue] | tuple[Issue, ...]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__("; ".join(f"{i.pointer or '/'}: {i.message.msgid}" for i in self.issues))


class InvalidApplicationError(DomainError):
    """The application cannot be assessed as entered (bad IIN, duplicate member ...)."""


class ParameterError(DomainError):
    """A parameter table is malformed, or a value the assessment needs is missing."""

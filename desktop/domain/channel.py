"""Where an application was received: a module of its own, so that the journal's labels
(``desktop.domain.case_status``) need not load the whole model before its first page;
``desktop.domain.model`` re-exports it."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """Where the applicant handed in the application (process.md §4)."""

    DISTRICT_OFFICE = "district_office"  # уполномоченный орган / услугодатель; career centre
    AKIM = "akim"  # аким села, сельского округа / ауыл, ауылдық округ әкімі
    STATE_CORPORATION = "state_corporation"  # ЦОН / Мемлекеттік корпорация

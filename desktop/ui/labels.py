"""Interface names of stored codes (channels, statuses), in the current language."""

from __future__ import annotations

import datetime as dt

from desktop.domain import case_status
from desktop.i18n import render


def channel_label(code: str, on: dt.date | None = None) -> str:
    try:
        return render(case_status.channel_label(code, on))
    except ValueError:
        return code


def status_label(code: str) -> str:
    try:
        return render(case_status.status_label(code))
    except ValueError:
        return code

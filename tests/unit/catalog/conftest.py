from __future__ import annotations

import pytest

from desktop.domain.calendar import WorkingCalendar
from desktop.domain.parameters import Parameters
from desktop.parameters.store import load_parameters


@pytest.fixture(scope="session")
def parameters() -> Parameters:
    return load_parameters(use_overlay=False)


@pytest.fixture(scope="session")
def calendar(parameters: Parameters) -> WorkingCalendar:
    return parameters.calendar

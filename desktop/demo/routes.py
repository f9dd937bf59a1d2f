"""A service's route for generated cases, read from its case path (no table per service).

From ``registered`` the route takes, at each status, the main step of the path open on the
case's channel (the optional check of the draft left out when the path has another way on),
to a closed status. The head's decision is where the route forks: ``None`` in the route stands
for it (assigned or refused, each leading on by its own steps, which every path so far shares).
A route made this way for АСП is the route of its regulation (a test holds it to the steps of
``case_path.STEPS``); a service added to the catalogue as data gets its own with no code.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from desktop.domain.case_path import MAIN_ACTIONS, Action, CasePath, Side, Step
from desktop.domain.case_status import CLOSED_STATUSES
from desktop.domain.case_status import CaseStatus as S
from desktop.domain.model import Channel

__all__ = ["DECISION", "Route", "desk_end", "route", "step_to"]

Route = tuple[S | None, ...]
DECISION = None  # the head's decision in a route: assigned or refused
_DECIDED = (S.ASSIGNED, S.REFUSED)
_OPTIONAL = frozenset({Action.CHECK_DRAFT})  # a sector head's check: not every office has one


def _onward(path: CasePath, status: S, channel: Channel) -> list[Step]:
    return [step for step in path.steps
            if status in step.sources and channel in step.channels and step.target is not None
            and step.action in MAIN_ACTIONS and step.target is not status]


def route(path: CasePath, channel: Channel) -> Route:
    """The statuses a case of ``path`` received by ``channel`` goes through, from registration
    to its close; ``None`` for the head's decision. Empty when the path leads nowhere on that
    channel (the catalogue's loader refuses such a path)."""
    found: list[S | None] = [S.REGISTERED]
    status = S.REGISTERED
    seen = {status}
    while status not in CLOSED_STATUSES:
        steps = _onward(path, status, channel)
        plain = [s for s in steps if s.action not in _OPTIONAL] or steps
        targets = [s.target for s in plain if s.target is not None]
        if any(t in _DECIDED for t in targets):
            found.append(DECISION)
            status = S.ASSIGNED  # the decided statuses lead on by the same steps
        elif targets:
            status = targets[0]
            found.append(status)
        else:
            return ()
        if status in seen:
            return ()
        seen.add(status)
    return tuple(found)


def step_to(path: CasePath, channel: Channel, before: S, after: S) -> Step | None:
    """The step of the path that led a case of ``channel`` from ``before`` to ``after``."""
    return next((step for step in path.steps if before in step.sources
                 and step.target is after and channel in step.channels), None)


def desk_end(path: CasePath, channel: Channel, statuses: Sequence[S | None]) -> S | None:
    """At an akimat's desk, the furthest status of the route its own steps reach (the
    steps of the receiving side before the district's first); None when no step of the
    district's is on the route."""
    last: S | None = statuses[0]
    for before, after in itertools.pairwise(statuses):
        if before is None or after is None:
            return last
        step = step_to(path, channel, before, after)
        if step is None or step.side is Side.DISTRICT:
            return last
        last = after
    return None

"""Benchmark: assess 100 000 generated applications, trace included; then re-assess the whole
district after a new quarter's poverty line, and from scratch. Prints totals, per-application
times (wall clock and this process's CPU time: the machine is shared) and a baseline measured
in the same run (a bare loop building the same inputs), with the ratio.

    python benchmarks/assess.py [--count 100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.demo.applications import REGION, application, member
from desktop.domain.assessment import Assessment, Assessor, Outcome, assess
from desktop.domain.iin import check_iin, make_iin
from desktop.domain.model import (
    Application,
    FamilyMember,
    IncomeEntry,
    IncomeKind,
    MemberStatus,
    Relationship,
    Sex,
)
from desktop.domain.parameters import Parameters, PovertyLine, Sourced
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters

DAY = dt.date(2026, 5, 15)


def generate(count: int, seed: int) -> list[tuple[list[tuple[str, dt.date, Sex, int]],
                                                 list[int]]]:
    """Raw facts of ``count`` invented families: (id, birth date, sex, serial) and incomes."""
    rng = random.Random(seed)
    raw = []
    for _ in range(count):
        size = rng.randint(1, 8)
        people = []
        for index in range(size):
            if index < 2:
                birth = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
            else:
                birth = dt.date(rng.randint(2008, 2025), rng.randint(1, 12), rng.randint(1, 28))
            people.append((f"m{index}", birth, rng.choice((Sex.MALE, Sex.FEMALE)),
                           rng.randint(0, 9999)))
        incomes = [rng.randint(0, 400_000_00) for _ in range(rng.randint(0, 3))]
        raw.append((people, incomes))
    return raw


def iin_of(birth: dt.date, sex: Sex, serial: int) -> str:
    """The IIN of the serial, or of the next serial whose prefix is issued."""
    while True:
        try:
            return make_iin(birth, sex, serial)
        except ValueError:
            serial = (serial + 1) % 10_000


def build(raw: tuple[list[tuple[str, dt.date, Sex, int]], list[int]]) -> Application:
    people, amounts = raw
    members: list[FamilyMember] = [
        member(member_id, Relationship.APPLICANT if index == 0 else Relationship.CHILD, birth,
               sex, iin=iin_of(birth, sex, serial),
               statuses=frozenset({MemberStatus.CARING_CHILD_UNDER_3}) if index == 1
               else frozenset())
        for index, (member_id, birth, sex, serial) in enumerate(people)]
    quarter = Quarter.of(DAY).previous()
    incomes = [IncomeEntry(people[i % len(people)][0], IncomeKind.EMPLOYMENT, amount, quarter)
               for i, amount in enumerate(amounts)]
    return application(members, DAY, incomes)


def summary(result: Assessment) -> tuple[Outcome, int, int]:
    return result.outcome, result.monthly_amount, len(result.trace)


def with_line(parameters: Parameters, tenge: int) -> Parameters:
    line = PovertyLine(REGION, Quarter.of(DAY), tenge * 100, Sourced("benchmark"))
    return dataclasses.replace(parameters,
                               poverty_lines=parameters.poverty_lines.with_line(line))


class Clock:
    """Wall-clock and CPU seconds of a section."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    base = load_parameters(use_overlay=False)
    raw = generate(args.count, args.seed)

    applications = [build(r) for r in raw]
    # The inputs live for the whole run: keep the cyclic garbage collector from re-scanning
    # them after every few thousand new objects (as a long-running desk process would).
    gc.freeze()

    # Baseline: a bare loop building the same inputs again, each dropped like a result.
    with Clock() as baseline:
        for r in raw:
            build(r)

    params = with_line(base, 52_000)
    # Each result is reduced to what would be written back (as storage would), so that memory
    # and the garbage collector do not grow with 100 000 retained traces.
    with Clock() as first:
        results = [summary(assess(a, params)) for a in applications]

    with Clock() as preparing:
        district = Assessor(params)
        prepared = [district.prepare(a) for a in applications]
    gc.freeze()  # the prepared district is kept in memory for re-assessment

    # The administrator enters the quarter's line: the district is re-assessed.
    new_params = with_line(base, 55_000)
    with Clock() as second:
        deciding = Assessor(new_params)
        again = [summary(deciding.decide(p)) for p in prepared]

    # From scratch: every application validated and assessed again, nothing kept from the
    # runs above (the IINs are checked anew too).
    check_iin.cache_clear()
    with Clock() as third:
        anew = Assessor(new_params)
        full_again = [summary(anew.assess(a)) for a in applications]
    check_iin.cache_clear()
    with Clock() as alone:
        each_alone = [summary(assess(a, new_params)) for a in applications]
    assert full_again == again == each_alone

    assigned = sum(r[0] is Outcome.ASSIGNED for r in results)
    assigned_again = sum(r[0] is Outcome.ASSIGNED for r in again)
    steps = sum(r[2] for r in again) / len(again)
    n = len(applications)

    def row(label: str, clock: Clock) -> str:
        return (f"{label:<48}{clock.wall:7.2f} s {clock.wall / n * 1e6:7.1f} µs each"
                f"   cpu {clock.cpu:6.2f} s   ratio to baseline {clock.wall / baseline.wall:5.2f}")

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load_before:.2f} at the start of the "
          f"run, {load:.2f} at the end")
    print(f"applications: {n} (assigned {assigned}; after the new line {assigned_again}); "
          f"trace steps per assessment: {steps:.1f}")
    print(row("baseline: building the same inputs", baseline))
    print(row("assess: validated, traced", first))
    print(row("  prepare the district (line-independent part)", preparing))
    print(row("re-assess district after a new line (decide)", second))
    print(row("re-assess district from scratch (Assessor)", third))
    print(row("  the same, each application alone (assess)", alone))
    target = 10.0 * n / 100_000
    print(f"target for re-assessing {n}: under {target:.1f} s -> decide "
          f"{'met' if second.wall < target else 'NOT met'}, from scratch "
          f"{'met' if third.wall < target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

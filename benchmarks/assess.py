"""Benchmark: assess 100 000 generated applications, trace included; then re-assess the whole
district after a new quarter's poverty line. Prints totals, per-application times and a
baseline measured in the same run (a bare loop building the same inputs), with the ratio.

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

from desktop.domain.assessment import Assessment, Outcome, assess, decide, prepare
from desktop.domain.iban import make_kz_iban
from desktop.domain.iin import make_iin
from desktop.domain.model import (
    Address,
    Applicant,
    Application,
    BankAccount,
    Channel,
    CommissionConclusion,
    DocumentKind,
    FamilyMember,
    IncomeEntry,
    IncomeKind,
    MemberStatus,
    Office,
    PersonName,
    PresentedDocument,
    Relationship,
    Sex,
)
from desktop.domain.parameters import Parameters, PovertyLine, Sourced
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters

REGION = "karaganda"
DAY = dt.date(2026, 5, 15)
DOCUMENTS = tuple(PresentedDocument(kind, original_shown=True) for kind in (
    DocumentKind.APPLICATION, DocumentKind.IDENTITY_DOCUMENT, DocumentKind.FAMILY_COMPOSITION,
    DocumentKind.INCOME_INFORMATION, DocumentKind.FARM_INFORMATION,
    DocumentKind.RESIDENCE_REGISTRATION))


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


def build(raw: tuple[list[tuple[str, dt.date, Sex, int]], list[int]], iban: str) -> Application:
    people, amounts = raw
    members = []
    for index, (member_id, birth, sex, serial) in enumerate(people):
        iin = ""
        while not iin:
            try:
                iin = make_iin(birth, sex, serial)
            except ValueError:
                serial = (serial + 1) % 10_000
        members.append(FamilyMember(
            member_id=member_id, name=PersonName("Тестов", "Ерлан"),
            relationship=Relationship.APPLICANT if index == 0 else Relationship.CHILD,
            iin=iin, birth_date=birth, sex=sex,
            statuses=frozenset({MemberStatus.CARING_CHILD_UNDER_3}) if index == 1
            else frozenset()))
    quarter = Quarter.of(DAY).previous()
    incomes = tuple(IncomeEntry(people[i % len(people)][0], IncomeKind.EMPLOYMENT, amount,
                                quarter) for i, amount in enumerate(amounts))
    return Application(
        application_date=DAY, channel=Channel.DISTRICT_OFFICE,
        office=Office("KAR-01", REGION, "Актогайский район"),
        applicant=Applicant("m0", Address(REGION), "87000000000", None,
                            BankAccount("Банк", iban)),
        members=tuple(members), incomes=incomes, documents=DOCUMENTS,
        commission=CommissionConclusion(DAY))


def summary(result: Assessment) -> tuple[Outcome, int, int]:
    return result.outcome, result.monthly_amount, len(result.trace)


def with_line(parameters: Parameters, tenge: int) -> Parameters:
    line = PovertyLine(REGION, Quarter.of(DAY), tenge * 100, Sourced("benchmark"))
    return dataclasses.replace(parameters,
                               poverty_lines=parameters.poverty_lines.with_line(line))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    base = load_parameters(use_overlay=False)
    raw = generate(args.count, args.seed)
    iban = make_kz_iban("601", "0000000012345")

    applications = [build(r, iban) for r in raw]
    # The inputs live for the whole run: keep the cyclic garbage collector from re-scanning
    # them after every few thousand new objects (as a long-running desk process would).
    gc.freeze()

    # Baseline: a bare loop building the same inputs again, each dropped like a result.
    started = time.perf_counter()
    for r in raw:
        build(r, iban)
    baseline = time.perf_counter() - started

    params = with_line(base, 52_000)
    started = time.perf_counter()
    # Each result is reduced to what would be written back (as storage would), so that memory
    # and the garbage collector do not grow with 100 000 retained traces.
    results = [summary(assess(a, params)) for a in applications]
    first = time.perf_counter() - started

    started = time.perf_counter()
    prepared = [prepare(a, params) for a in applications]
    preparing = time.perf_counter() - started
    gc.freeze()  # the prepared district is kept in memory for re-assessment

    # The administrator enters the quarter's line: the district is re-assessed.
    new_params = with_line(base, 55_000)
    started = time.perf_counter()
    again = [summary(decide(p, new_params.poverty_lines)) for p in prepared]
    second = time.perf_counter() - started

    started = time.perf_counter()
    full_again = [summary(assess(a, new_params)) for a in applications]
    third = time.perf_counter() - started
    assert full_again == again

    assigned = sum(r[0] is Outcome.ASSIGNED for r in results)
    assigned_again = sum(r[0] is Outcome.ASSIGNED for r in again)
    steps = sum(r[2] for r in again) / len(again)
    n = len(applications)

    def row(label: str, seconds: float) -> str:
        return (f"{label:<44}{seconds:8.2f} s {seconds / n * 1e6:8.1f} µs each"
                f"   ratio to baseline {seconds / baseline:5.2f}")

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.2f} at the end of the run")
    print(f"applications: {n} (assigned {assigned}; after the new line {assigned_again}); "
          f"trace steps per assessment: {steps:.1f}")
    print(row("baseline: building the same inputs", baseline))
    print(row("assess: validated, traced", first))
    print(row("  of which prepare (line-independent part)", preparing))
    print(row("re-assess district after a new line (decide)", second))
    print(row("re-assess district from scratch (assess)", third))
    target = 10.0 * n / 100_000
    print(f"target for re-assessing {n}: under {target:.1f} s -> decide "
          f"{'met' if second < target else 'NOT met'}, full assess "
          f"{'met' if third < target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Page switches in the wizard of every service the desk takes, filled with generated data.

    python benchmarks/service_wizards.py [--repeat 15] [--members 4] [--service CODE ...]

Each service of the catalogue that is provided and takes applications is opened as the desk
opens it (a new session of the service on a set-up workstation, its wizard built from the
catalogue's pages) on a day it is in force: today, or, for a service no longer in force (the
child benefit ended with 2017), a February day of the year before its end. Every input its
pages show gets a generated value (a family of ``--members`` where a page lists members, rows
in every table, the documents ticked as shown; a choice of district data, such as the
maslikhat's categories, stays empty). Each page is then timed arriving forward (from the page
before; the first page from the last, as from the step list) and back (from the page after):
median (worst) of ``--repeat`` in milliseconds, painting included. The baseline, measured in
the same run, is the АСП benchmark's: АСП's wizard holding only the applicant, its page
switches timed the same way. Target: every switch under 30 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from benchmarks.wizard import (
    TARGET_MS,
    arrival_ms,
    bench_application,
    desk_context,
    make_wizard,
    show_wizard,
)
from desktop.catalog import Service, load_index
from desktop.demo.intake_family import (
    SURNAME,
    fill_applicant,
    people,
    present_documents,
)
from desktop.domain.iban import make_kz_iban
from desktop.domain.intake_session import INCOMES, MEMBERS, IntakeSession
from desktop.formspec.model import Entry, FieldSpec, FieldType
from desktop.services.intake import new_session
from desktop.ui.wizard.wizard_window import WizardWindow

DOCUMENTS = "documents[]"
TABLE_ROWS = 3  # rows typed into a table of the service's own sheets


@dataclass(frozen=True, slots=True)
class PageSwitch:
    """One page's arrivals: the first, in a walk through the wizard just opened (None: the
    page it opens on); then forward (from the page before) and back (from the page after)."""

    step: str
    first: float | None  # ms
    forward: tuple[float, float]  # median, worst (ms)
    back: tuple[float, float] | None  # None: the last page (nothing after it)

    @property
    def worst_median(self) -> float:
        return max(self.forward[0], self.back[0] if self.back else 0.0)


def service_day(service: Service, today: dt.date) -> dt.date:
    """Today if the service is in force; else a February day of the year before its end."""
    if service.in_force.covers(today):
        return today
    end = service.in_force.end or today
    return max(service.in_force.start, min(end, dt.date(end.year - 1, 2, 10)))


def wizard_services(today: dt.date) -> list[tuple[Service, dt.date]]:
    """Every service taken through the wizard, each with the day it is opened on."""
    found = []
    for service in load_index().provided():
        if service.takes_applications and service.wizard:
            day = service_day(service, today)
            if service.available_on(day):
                found.append((service, day))
    return found


def typed_text(spec: FieldSpec, serial: int) -> str:
    """The first of a few plausible texts its pattern allows, cut to its length."""
    rule = spec.validation
    for text in (f"Тест мәтіні {serial}", f"test{serial}@example.kz", "8 701 234 56 78",
                 f"{100 + serial}"):
        text = text[:rule.max_length] if rule.max_length else text
        if rule.pattern is None or re.search(rule.pattern, text):
            return text
    return ""


def number_in_range(spec: FieldSpec, serial: int, typical: float) -> float:
    low, high = spec.validation.min, spec.validation.max
    value = typical + serial
    if low is not None:
        value = max(value, low)
    if high is not None:
        value = min(value, high)
    return value


def generated_value(spec: FieldSpec, session: IntakeSession, serial: int) -> object | None:
    """A plausible value of ``spec``'s type (None: leave it as the program set it: a choice
    of district data such as the maslikhat's categories)."""
    day = session.application_date
    match spec.type:
        case FieldType.TEXT:
            return typed_text(spec, serial) or None
        case FieldType.IIN:
            return people(1 + serial % 4, day, seed=serial)[-1][4]
        case FieldType.IBAN:
            return make_kz_iban("601", f"{serial:013d}")
        case FieldType.DATE:
            return dt.date(day.year - 1, 1 + serial % 12, 1 + serial % 27).strftime("%d.%m.%Y")
        case FieldType.PHONE:
            return "8 701 234 56 78"
        case FieldType.CHOICE if spec.choices and not spec.multiple:
            return spec.choices[serial % len(spec.choices)].id
        case FieldType.CHOICE if spec.choices_from == "members" and session.rows(MEMBERS):
            return session.rows(MEMBERS)[0]["row_id"]
        case FieldType.BOOL:
            return True
        case FieldType.MONEY:
            return str(int(number_in_range(spec, serial, 30_000)))
        case FieldType.INTEGER:
            if "year" in spec.id:
                return str(day.year - 30 - serial)
            return str(int(number_in_range(spec, serial, 60)))
        case FieldType.DECIMAL:
            return f"{number_in_range(spec, serial, 60) + 0.5}".replace(".", ",")
    return None


def fill_identity(session: IntakeSession) -> None:
    """The demo applicant, with an identity document issued before ``application_date``
    (a service opened on a day long past)."""
    fill_applicant(session, people(1, session.application_date)[0])
    day = session.application_date
    for field_id, years in (("applicant_id_issue_date", -4), ("applicant_id_expiry_date", 6)):
        with contextlib.suppress(KeyError):  # the service's application has no such field
            session.field(field_id)
            issued = dt.date(day.year + years, day.month, min(day.day, 28))
            session.set_value(field_id, issued.strftime("%d.%m.%Y"))


def fill_members(session: IntakeSession, size: int) -> None:
    family = people(size, session.application_date)
    for relationship, name, sex, _birth, number in family[1:]:
        row = session.add_row(MEMBERS)
        for column, value in (("member_iin", number), ("member_surname", SURNAME[sex]),
                              ("member_first_name", name), ("member_relationship", relationship)):
            session.set_cell(MEMBERS, row, column, value)


def fill_incomes(session: IntakeSession) -> None:
    """A wage for each month of the quarter for the first two members, a benefit for others."""
    members = session.rows(MEMBERS)
    for member in members[:2]:
        for month in session.income_quarter.months:
            row = session.add_row(INCOMES, income_member=member["row_id"])
            for column, value in (("income_kind", "employment"), ("income_month", str(month)),
                                  ("income_amount", "45000")):
                session.set_cell(INCOMES, row, column, value)
    for member in members[2:]:
        row = session.add_row(INCOMES, income_member=member["row_id"])
        session.set_cell(INCOMES, row, "income_kind", "pensions_and_benefits")
        session.set_cell(INCOMES, row, "income_amount", "18000")


def fill_table(session: IntakeSession, spec: FieldSpec) -> None:
    for serial in range(TABLE_ROWS):
        row = session.add_row(spec.binding)
        for column in spec.columns:
            if column.entry is Entry.INPUT:
                value = generated_value(column, session, serial)
                if value is not None:
                    session.set_cell(spec.binding, row, column.id, value)


def fill_service(session: IntakeSession, members: int) -> None:
    """What a specialist types on every page of the service's wizard: the applicant, the
    family, incomes, every other input and table row, the documents shown."""
    fill_identity(session)
    for serial, (step, _pages) in enumerate(session.steps):
        for spec in session.step_fields(step):
            if spec.entry is not Entry.INPUT:
                continue
            if spec.type is FieldType.TABLE:
                if session.rows(spec.binding) and spec.binding != MEMBERS:
                    continue  # the program's rows (the checklist) or filled already
                if spec.binding == MEMBERS:
                    if len(session.rows(MEMBERS)) <= 1:
                        fill_members(session, members)
                elif spec.binding == INCOMES:
                    fill_incomes(session)
                else:
                    fill_table(session, spec)
            elif session.value(spec.id) in (None, "", False):
                value = generated_value(spec, session, serial)
                if value is not None:
                    session.set_value(spec.id, value)
    if DOCUMENTS in session.tables:
        present_documents(session)


def page_switches(wizard: WizardWindow, repeat: int) -> list[PageSwitch]:
    """Each page reached once walking forward from the first (what the specialist meets the
    first time: pages lay themselves out, caches are cold), then forward from the page before
    it and back from the page after it, ``repeat`` times each."""
    steps = [step for step, _pages in wizard.session.steps]
    first = [None, *(arrival_ms(wizard, step, steps[index - 1], 1)[0]
                     for index, step in enumerate(steps) if index)]
    found = []
    for index, step in enumerate(steps):
        forward = arrival_ms(wizard, step, steps[index - 1], repeat)
        back = arrival_ms(wizard, step, steps[index + 1], repeat) \
            if index + 1 < len(steps) else None
        found.append(PageSwitch(step, first[index], (statistics.median(forward), max(forward)),
                                (statistics.median(back), max(back)) if back else None))
    return found


def measure_service(folder: Path, service: Service, day: dt.date, members: int,
                    repeat: int) -> list[PageSwitch]:
    """Open the service's wizard on ``day``, fill it, time its page switches, close it."""
    context = desk_context(folder, service.code, [day])
    session = new_session(context, day, service=service.code)
    fill_service(session, members)
    wizard = show_wizard(context, session)
    try:
        return page_switches(wizard, repeat)
    finally:
        close(wizard)


def close(wizard: WizardWindow) -> None:
    wizard._save_every.stop()
    wizard._save_soon.stop()
    wizard.dirty = False  # nothing to keep: the benchmark's database goes with its folder
    wizard.close()
    wizard.context.db.close()
    wizard.deleteLater()
    QApplication.processEvents()


def baseline(folder: Path, repeat: int) -> tuple[float, float]:
    """The АСП benchmark's baseline: АСП's wizard with the applicant alone, every page's
    arrival forward and back; the median and the worst of them all."""
    wizard = make_wizard(folder, 1)
    try:
        samples = [ms for switch in page_switches(wizard, repeat)
                   for ms in (switch.forward[0], *(switch.back[:1] if switch.back else ()))]
    finally:
        close(wizard)
    return statistics.median(samples), max(samples)


def fmt(figure: tuple[float, float] | None) -> str:
    return f"{figure[0]:7.1f} ({figure[1]:6.1f})" if figure else f"{'—':>16}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--members", type=int, default=4)
    parser.add_argument("--service", action="append", help="only these codes (repeatable)")
    args = parser.parse_args()
    app = bench_application()
    today = dt.date.today()
    services = [(s, day) for s, day in wizard_services(today)
                if not args.service or s.code in args.service]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = baseline(folder, args.repeat)
        results = {service.code: (day, measure_service(folder, service, day, args.members,
                                                       args.repeat))
                   for service, day in services}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Machine load average {load:.1f} on {os.cpu_count()} CPUs (figures include painting)")
    print(f"Service wizards, offscreen, median (worst) of {args.repeat} in ms; "
          f"target < {TARGET_MS:.0f}")
    print(f"baseline (АСП, applicant only, median of its pages' medians): {fmt(base)}")
    print(f"{'service / page':32} {'first':>7} {'forward':>16} {'back':>16} {'× baseline':>11}")
    slow = 0
    for code, (day, switches) in results.items():
        on = "" if day == today else f" (opened on {day:%d.%m.%Y}, in force then)"
        print(f"{code}{on}")
        for switch in switches:
            first = f"{switch.first:7.1f}" if switch.first is not None else f"{'—':>7}"
            print(f"  {switch.step:30} {first} {fmt(switch.forward)} {fmt(switch.back)} "
                  f"{switch.worst_median / base[0]:10.1f}×")
        worst = max(s.worst_median for s in switches)
        cold = [s.step for s in switches if s.first is not None and s.first >= TARGET_MS]
        over = worst >= TARGET_MS
        slow += over
        print(f"  → {code}: slowest page median {worst:.1f} ms: "
              f"{'OVER the 30 ms target' if over else 'under target'}"
              + (f"; first arrival over it: {', '.join(cold)}" if cold else ""))
    print(f"{len(results)} services; {'all under target' if not slow else f'{slow} over target'}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A generated family typed into an intake session, for tests, benchmarks and screenshots.

Invented people only: names from a short list, checksum-valid IINs made by the domain's own
``make_iin``. ``fill_family(session, size)`` enters what a specialist would type.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.domain.iban import make_kz_iban
from desktop.domain.iin import make_iin
from desktop.domain.intake_session import INCOMES, LIVESTOCK, MEMBERS, IntakeSession
from desktop.domain.model import Sex
from desktop.domain.quarters import Quarter

FIRST_NAMES = {Sex.FEMALE: ("Айгүл", "Дана", "Әсел", "Жанар", "Мөлдір", "Гүлнұр"),
               Sex.MALE: ("Ерлан", "Нұрлан", "Арман", "Бауыржан", "Дәурен", "Қайрат")}
SURNAME = {Sex.FEMALE: "Тестқызы", Sex.MALE: "Тестұлы"}


def iin(birth: dt.date, sex: Sex, serial: int) -> str:
    """A valid IIN; serials that give an unusable prefix are skipped."""
    while True:
        try:
            return make_iin(birth, sex, serial % 10_000)
        except ValueError:
            serial += 1


def people(size: int, today: dt.date, seed: int = 0) -> list[tuple[str, str, Sex, str, str]]:
    """(relationship, first name, sex, birth date text, IIN) for a family of ``size``."""
    plan = [("applicant", Sex.FEMALE, 34), ("spouse", Sex.MALE, 37)]
    plan += [("child", Sex.MALE if i % 2 else Sex.FEMALE, 2 + 2 * i) for i in range(size)]
    result = []
    for index, (relationship, sex, age) in enumerate(plan[:size]):
        birth = dt.date(today.year - age, 1 + (index * 5 + seed) % 12, 1 + (index * 7) % 27)
        names = FIRST_NAMES[sex]
        result.append((relationship, names[(index + seed) % len(names)], sex,
                       birth.strftime("%d.%m.%Y"), iin(birth, sex, 100 + 37 * index + seed)))
    return result


def applicant_values(first: tuple[str, str, Sex, str, str]) -> dict[str, object]:
    """What the specialist types on the application page for the family's first person."""
    _relationship, name, sex, _birth, number = first
    return {
        "applicant_surname": SURNAME[sex], "applicant_first_name": name,
        "applicant_patronymic": "Тестовна", "applicant_locality": "Ақтоғай",
        "applicant_district": "Ақтоғай ауданы", "applicant_street": "Бөкейхан",
        "applicant_house": "7", "applicant_flat": "12", "applicant_phone": "8 701 234 56 78",
        "applicant_id_kind": "id_card", "applicant_id_number": "012345678",
        "applicant_id_issuer": "ҚР ІІМ", "applicant_id_issue_date": "15.03.2020",
        "applicant_id_expiry_date": "14.03.2030", "applicant_iin": number,
        "applicant_bank_name": "Halyk Bank",
        "applicant_iban": make_kz_iban("601", "0000123456789"),
        "applicant_account_type": "card", "applicant_occupation": "Үй шаруасында",
        "consent_personal_data": True, "consent_income_reconciliation": True,
        "consent_protected_information": True,
    }


def fill_applicant(session: IntakeSession, first: tuple[str, str, Sex, str, str]) -> None:
    """The applicant's fields that the session's service asks for (a service's own
    application has fewer than АСП's)."""
    for field_id, value in applicant_values(first).items():
        try:
            session.field(field_id)
        except KeyError:
            continue
        session.set_value(field_id, value)


def fill_family(session: IntakeSession, size: int = 5, *, incomes: bool = True,
                documents: bool = True, seed: int = 0) -> None:
    """Type a whole family: header, members, incomes of the quarter, a cow, documents."""
    family = people(size, session.application_date, seed)
    fill_applicant(session, family[0])
    for relationship, name, sex, _birth, number in family[1:]:
        row = session.add_row(MEMBERS)
        for column, value in (("member_iin", number), ("member_surname", SURNAME[sex]),
                              ("member_first_name", name), ("member_relationship", relationship)):
            session.set_cell(MEMBERS, row, column, value)
    if incomes:
        months = session.income_quarter.months
        for member in session.rows(MEMBERS)[:2]:
            for month in months:
                row = session.add_row(INCOMES, income_member=member["row_id"])
                session.set_cell(INCOMES, row, "income_kind", "employment")
                session.set_cell(INCOMES, row, "income_month", str(month))
                session.set_cell(INCOMES, row, "income_amount", "45000")
        for member in session.rows(MEMBERS)[2:]:
            row = session.add_row(INCOMES, income_member=member["row_id"])
            session.set_cell(INCOMES, row, "income_kind", "pensions_and_benefits")
            session.set_cell(INCOMES, row, "income_amount", "18000")
    row = session.add_row(LIVESTOCK)
    session.set_cell(LIVESTOCK, row, "livestock_kind", "cow")
    session.set_cell(LIVESTOCK, row, "livestock_age", "4")
    session.set_cell(LIVESTOCK, row, "livestock_heads", "1")
    if documents:
        present_documents(session)


def present_documents(session: IntakeSession, *, skip: tuple[str, ...] = ()) -> None:
    """Tick every required document of the checklist as shown, except ``skip``."""
    for row in session.rows("documents[]"):
        kind = row["document_kind"]
        item = next((i for i in session.checklist() if i.document == kind), None)
        if item is None:  # a document no longer listed (another kind of aid was chosen)
            continue
        shown = kind not in skip and session.document_required(item)
        session.set_cell("documents[]", row["row_id"], "document_original_shown", shown)


def write_test_overlay(folder: Path, region: str, quarters: list[Quarter],
                       tenge: int = 60_000) -> Path:
    """An administrator's overlay with invented poverty lines and farm norms (tests only:
    no real line for these quarters is shipped). Returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["poverty_lines:"]
    for quarter in quarters:
        lines += [f"  - region: {region}", f"    quarter: {quarter}", f"    amount: {tenge}",
                  '    source: {kk: "тест үшін жасалған мән", ru: "значение, созданное для теста"}',
                  "    confirmed: true"]
    (folder / "poverty_lines.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = min(quarters).previous().first_day
    norms = [
        "norms:", f"  - region: {region}", f"    from: {start.isoformat()}",
        '    source: "generated test value"', "    livestock:",
        "      - {kind: cow, min_age: 2, max_age: 99, monthly_per_head: 5000}",
        "      - {kind: sheep_goat, min_age: 1, max_age: 99, monthly_per_head: 700}",
        "    land: {household_plot: 1200, garden: 800}", "non_income_declarations: []"]
    (folder / "farm_norms.yaml").write_text("\n".join(norms) + "\n", encoding="utf-8")
    return folder

"""Issue 17: the quarter's incomes typed as a grid keep the session's rows (and drafts) as they
were: one row per amount, its month or none for the whole quarter."""

from __future__ import annotations

import datetime as dt
import json

from desktop.demo.intake_family import fill_family
from desktop.domain.draft_merge import merge_states
from desktop.domain.income_grid import LINE, QUARTER, IncomeGrid, month_column
from desktop.domain.intake_session import INCOMES, MEMBERS, IntakeSession
from desktop.domain.model import Channel, IncomeKind, Office
from desktop.formspec import load_all

DAY = dt.date(2026, 11, 20)  # the income quarter is 2026 Q3: July, August, September
FORMS = load_all()
COLUMNS = [c.id for c in next(f for f in FORMS["income"].page("income").fields
                              if f.id == "income_entries").columns]


def session_of_two() -> IntakeSession:
    session = IntakeSession(FORMS, channel=Channel.DISTRICT_OFFICE,
                            office=Office("AKT-01", "karaganda", "Актогайский район"),
                            application_date=DAY, rule_set_id="social-code-2023")
    fill_family(session, 2, incomes=False, documents=False)
    return session


def amounts(session: IntakeSession) -> list[tuple[str, str, str, str]]:
    return sorted((str(r.get("income_member")), str(r.get("income_kind")),
                   str(r.get("income_month") or ""), str(r.get("income_amount") or ""))
                  for r in session.rows(INCOMES))


def test_a_line_of_three_months_is_three_rows_of_the_session_and_three_entries():
    session = session_of_two()
    grid = IncomeGrid(session, COLUMNS)
    assert grid.months == (7, 8, 9)
    applicant = session.rows(MEMBERS)[0]["row_id"]
    line = grid.add_line(applicant)
    grid.write(line, "income_kind", "employment")
    for month in (7, 8, 9):
        grid.write(line, month_column(month), "45000")
    assert amounts(session) == [(applicant, "employment", str(m), "45000") for m in (7, 8, 9)]
    assert len({r[LINE] for r in session.rows(INCOMES)}) == 1
    (only,) = grid.lines()
    assert [grid.value(only, month_column(m)) for m in (7, 8, 9)] == ["45000"] * 3
    assert not grid.quarter_editable(only)
    entries = session.to_application().incomes
    assert [(e.month, e.amount, e.kind) for e in entries] == [
        (m, 45_000_00, IncomeKind.EMPLOYMENT) for m in (7, 8, 9)]


def test_an_attribute_is_written_to_every_month_and_emptying_a_month_keeps_the_line():
    session = session_of_two()
    grid = IncomeGrid(session, COLUMNS)
    spouse = session.rows(MEMBERS)[1]["row_id"]
    line = grid.add_line(spouse)
    for month in (7, 8, 9):
        grid.write(line, month_column(month), "30000")
    grid.write(line, "income_kind", "pensions_and_benefits")
    assert {r["income_kind"] for r in session.rows(INCOMES)} == {"pensions_and_benefits"}
    first = session.rows(INCOMES)[0]["row_id"]
    grid.write(line, month_column(7), "")  # the line's first row: it stays, with August's
    assert session.rows(INCOMES)[0]["row_id"] == first
    assert amounts(session) == [(spouse, "pensions_and_benefits", m, "30000")
                                for m in ("8", "9")]
    grid.write(line, month_column(8), "")
    grid.write(line, month_column(9), "")
    (left,) = session.rows(INCOMES)  # nothing typed: one row, no month, no amount
    assert (left["income_month"], left["income_amount"]) == ("", "")
    assert len(grid.lines()) == 1 and grid.quarter_editable(grid.lines()[0])
    grid.write(0, QUARTER, "90000")
    assert amounts(session) == [(spouse, "pensions_and_benefits", "", "90000")]


def test_a_draft_of_before_the_grid_opens_with_its_months_side_by_side():
    """An old draft: rows of one month each, no line id, and an amount for the quarter."""
    session = session_of_two()
    applicant, spouse = (r["row_id"] for r in session.rows(MEMBERS))
    for month in (7, 8, 9):
        session.add_row(INCOMES, income_member=applicant, income_kind="employment",
                        income_month=str(month), income_amount="45000")
    session.add_row(INCOMES, income_member=spouse, income_kind="alimony",
                    income_amount="60000")
    state = json.loads(json.dumps(session.to_state()))
    reopened = IntakeSession.from_state(FORMS, state)
    grid = IncomeGrid(reopened, COLUMNS)
    first, second = grid.lines()
    assert [grid.value(first, month_column(m)) for m in (7, 8, 9)] == ["45000"] * 3
    assert grid.value(second, QUARTER) == "60000" and not second.months
    grid.write(0, month_column(8), "46000")  # an edit stamps the line on its rows
    assert {r.get(LINE) for r in reopened.rows(INCOMES)[:3]} == {first.key}
    assert [(e.month, e.amount) for e in reopened.to_application().incomes] == [
        (7, 45_000_00), (8, 46_000_00), (9, 45_000_00), (None, 60_000_00)]


def test_two_desks_typing_the_same_month_of_a_line_keep_both_amounts_on_two_lines():
    session = session_of_two()
    grid = IncomeGrid(session, COLUMNS)
    line = grid.add_line(session.rows(MEMBERS)[0]["row_id"])
    grid.write(line, month_column(7), "45000")
    base = json.loads(json.dumps(session.to_state()))
    mine = IntakeSession.from_state(FORMS, base)
    mine.row_tag = "aaaaaa"
    theirs = IntakeSession.from_state(FORMS, base)
    theirs.row_tag = "bbbbbb"
    IncomeGrid(mine, COLUMNS).write(0, month_column(8), "45500")
    IncomeGrid(theirs, COLUMNS).write(0, month_column(8), "47000")
    merged = merge_states(base, mine.to_state(), theirs.to_state()).state
    result = IntakeSession.from_state(FORMS, merged)
    lines = IncomeGrid(result, COLUMNS).lines()
    august = sorted(IncomeGrid(result, COLUMNS).value(x, month_column(8)) for x in lines)
    assert [a for a in august if a] == ["45500", "47000"]  # nothing hidden, nothing lost


def test_a_month_outside_the_income_quarter_is_a_problem_at_its_row():
    session = session_of_two()
    row = session.add_row(INCOMES, income_member=session.rows(MEMBERS)[0]["row_id"],
                          income_kind="employment", income_amount="1000")
    session.set_cell(INCOMES, row, "income_month", "11")
    (problem,) = session.problems[f"{INCOMES}/{row}/income_month"]
    assert problem.code == "income.month"
    grid = IncomeGrid(session, COLUMNS)
    (line,) = grid.lines()
    assert line.stray == [row] and grid.value(line, QUARTER) == "1000"
    assert f"{INCOMES}/{row}/income_month" in grid.keys(line, QUARTER)

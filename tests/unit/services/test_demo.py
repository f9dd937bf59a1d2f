"""Generated demonstration families: valid IINs, consistent numbers and statuses."""

from __future__ import annotations

import datetime as dt
import re

from desktop.demo.generate import fill_demo
from desktop.domain.case_status import CaseStatus
from desktop.domain.model import Channel
from desktop.services.service_paths import marker as service_marker
from desktop.storage.audit import verify_audit_chain
from desktop.storage.database import Database

TODAY = dt.date(2026, 11, 20)


def _iin_is_valid(iin: str) -> bool:
    """Independent of the generator: rules-research.md §4.2–4.3."""
    if not re.fullmatch(r"\d{12}", iin) or iin[6] not in "123456":
        return False
    century = 1800 + 100 * ((int(iin[6]) - 1) // 2)
    try:
        dt.date(century + int(iin[:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return False
    digits = [int(c) for c in iin]
    check = sum(d * (i + 1) for i, d in enumerate(digits[:11])) % 11
    if check == 10:
        check = sum(d * ((i + 2) % 11 + 1) for i, d in enumerate(digits[:11])) % 11
    return check != 10 and check == digits[11]


def test_the_independent_checker_knows_the_worked_examples() -> None:
    assert _iin_is_valid("900101300126") and _iin_is_valid("061211600012")
    assert not _iin_is_valid("900101300127") and not _iin_is_valid("901301300126")


def test_fill_demo_makes_valid_unique_iins(db: Database) -> None:
    assert fill_demo(db, 300, seed=1, today=TODAY) == 300
    with db.engine.connect() as c:
        iins = c.exec_driver_sql("SELECT iin FROM members").scalars().all()
        births = c.exec_driver_sql(
            "SELECT iin, birth_date, sex, surname || ' ' || first_name FROM members").fetchall()
        per_application = c.exec_driver_sql(
            "SELECT count(*) FROM members GROUP BY application_id, iin HAVING count(*) > 1"
        ).fetchall()
    assert len(iins) > 500
    assert all(_iin_is_valid(iin) for iin in iins)
    assert not per_application  # never twice in one family
    people: dict[str, str] = {}
    for iin, birth, sex, name in births:  # the IIN encodes the birth date and sex it is given with
        # a service's own application keeps no birth date nor sex (its wizard decodes them
        # from the IIN)
        assert birth is None or iin[:6] == birth.replace("-", "")[2:]
        assert sex is None or (int(iin[6]) % 2 == 0) == (sex == "female")
        # an IIN in several applications (a certificate to the person registered as
        # unemployed) is one person
        assert people.setdefault(iin, name) == name


def test_registration_numbers_are_unique_sequential_and_dated(db: Database) -> None:
    fill_demo(db, 300, seed=2, today=TODAY)
    fill_demo(db, 50, seed=3, today=TODAY)  # a second fill continues the numbering
    with db.engine.connect() as c:
        rows = c.exec_driver_sql(
            "SELECT registration_number, registration_year, registration_seq, registered_on, "
            "status, channel, due_date, application_date, service FROM applications"
        ).fetchall()
    numbered = [r for r in rows if r[0] is not None]
    assert len({r[0] for r in numbered}) == len(numbered)
    for year, service in {(r[1], r[8]) for r in numbered}:  # each service its own journal
        seqs = sorted(r[2] for r in numbered if r[1] == year and r[8] == service)
        assert seqs == list(range(1, len(seqs) + 1))
    for number, year, seq, registered_on, status, channel, due, received, service in rows:
        assert CaseStatus(status) and Channel(channel)
        assert dt.date.fromisoformat(received).weekday() < 5
        assert dt.date.fromisoformat(received) <= TODAY
        if number is None:
            assert status in {"draft", "refused_intake"}
        else:
            marker = "" if service == "asp" else f"{service_marker(service)}-"
            assert number == f"DEMO-01-{year}-{marker}{seq:06d}"
            assert registered_on[:4] == str(year)
            assert due >= registered_on  # a certificate is due the day it is asked for


ASP_ONLY = {"asp": 1}


def test_families_look_plausible(db: Database) -> None:
    fill_demo(db, 200, seed=4, today=TODAY, mix=ASP_ONLY)
    with db.engine.connect() as c:
        people = c.exec_driver_sql(
            "SELECT surname, patronymic, sex, relationship FROM members"
        ).fetchall()
        per_app = c.exec_driver_sql(
            "SELECT a.family_size, (SELECT count(*) FROM members m WHERE m.application_id = a.id "
            "AND m.excluded IS NULL), (SELECT count(*) FROM incomes i "
            "WHERE i.application_id = a.id) FROM applications a"
        ).fetchall()
        statuses = set(c.exec_driver_sql("SELECT status FROM applications").scalars())
        farms = c.exec_driver_sql("SELECT count(*) FROM livestock_holdings").scalar()
        docs = c.exec_driver_sql("SELECT count(*) FROM presented_documents").scalar()
    for surname, patronymic, sex, _relationship in people:
        if sex == "female":
            assert not surname.endswith(("ов", "ев", "ёв", "ин"))  # Ахметова, not Ахметов
            assert patronymic.endswith(("қызы", "вна", "чна"))
        else:
            assert patronymic.endswith(("ұлы", "вич", "ич"))
    assert all(size == counted for size, counted, _ in per_app)
    assert sum(1 for *_, incomes in per_app if incomes) > 150
    assert "delivered" in statuses  # decided and notified
    assert statuses - {"assigned", "refused", "delivered", "withdrawn", "refused_intake"}
    assert farms > 50 and docs > 1000
    with db.session() as session:
        assert verify_audit_chain(session).ok


def test_the_same_seed_gives_the_same_people(tmp_path) -> None:
    names = []
    for run in range(2):
        with Database.open(tmp_path / f"{run}" / "komek.sqlite3") as db:
            fill_demo(db, 30, seed=99, today=TODAY)
            with db.engine.connect() as c:
                names.append(c.exec_driver_sql(
                    "SELECT applicant_name, applicant_iin FROM applications ORDER BY rowid"
                ).fetchall())
    assert names[0] == names[1]


def test_the_demo_office_has_decisions_and_few_overdue_cases(db: Database) -> None:
    from desktop.domain.case_status import CLOSED_STATUSES
    from desktop.services import reports

    fill_demo(db, 400, seed=5, today=TODAY, mix=ASP_ONLY)
    with db.engine.connect() as c:
        statuses = dict(c.exec_driver_sql(
            "SELECT status, count(*) FROM applications GROUP BY status").fetchall())
        outcomes = dict(c.exec_driver_sql(
            "SELECT outcome, count(*) FROM case_decisions WHERE stage = 'final' "
            "GROUP BY outcome").fetchall())
        undecided = c.exec_driver_sql(
            "SELECT count(*) FROM applications a WHERE a.status IN "
            "('assigned', 'refused', 'sent_to_akim', 'delivered', 'terminated') AND NOT EXISTS "
            "(SELECT 1 FROM case_decisions d WHERE d.application_id = a.id "
            "AND d.stage = 'final')").scalar()
        states = c.exec_driver_sql(
            "SELECT count(*) FROM applications a JOIN case_states s "
            "ON s.application_id = a.id AND s.status = a.status").scalar()
        registered = c.exec_driver_sql(
            "SELECT count(*) FROM applications WHERE registration_number IS NOT NULL"
        ).scalar()
        periods = c.exec_driver_sql(
            "SELECT d.period_start, d.period_end, d.decided_on, a.application_date "
            "FROM case_decisions d JOIN applications a ON a.id = d.application_id "
            "WHERE d.stage = 'final' AND d.outcome = 'assigned'").fetchall()
        events = c.exec_driver_sql(
            "SELECT count(*) FROM case_events WHERE on_date > ?", (TODAY.isoformat(),)).scalar()
    open_steps = {s for s in statuses if CaseStatus(s) not in CLOSED_STATUSES
                  and s != "draft"}
    assert len(open_steps) >= 6  # cases spread over the steps of the path
    assert outcomes["assigned"] > outcomes["refused"] > 10
    assert statuses.get("terminated", 0) > 0
    assert undecided == 0 and states == registered
    for start, end, decided, applied in periods:
        assert start[:7] == applied[:7] and start <= end and decided >= applied
    assert events == 0  # nothing dated after today
    board = reports.dashboard(db, TODAY)
    assert 0 < board.overdue <= max(3, board.open_cases // 5)


def test_report_totals_on_the_demo_office_match_the_database(db: Database) -> None:
    from desktop.domain.money import Money
    from desktop.services import reports

    fill_demo(db, 300, seed=6, today=TODAY, mix=ASP_ONLY)
    start = dt.date(2024, 1, 1)
    months = reports.assignments_by_month(db, start, TODAY)
    table = reports.by_status_and_channel(db, start, TODAY)
    board = reports.dashboard(db, TODAY)
    overdue = reports.overdue_steps(db, TODAY)
    with db.engine.connect() as c:
        def one(sql: str) -> int:
            return int(c.exec_driver_sql(sql).scalar() or 0)
        final = "FROM case_decisions WHERE stage = 'final' AND decided_on <= '2026-11-20'"
        assert months.totals[1] == one(f"SELECT count(*) {final} AND outcome = 'assigned'")
        assert months.totals[2] == one(f"SELECT count(*) {final} AND outcome = 'refused'")
        assert months.totals[3] == Money(one(
            f"SELECT sum(monthly_amount) {final} AND outcome = 'assigned'"))
        assert months.totals[4] == one(
            "SELECT count(*) FROM case_decisions WHERE stage = 'recalculation' "
            "AND outcome != 'terminated'") > 0
        assert months.totals[5] == one(
            "SELECT count(*) FROM case_decisions WHERE outcome = 'terminated'") > 0
        assert table.totals[-1] == one(
            "SELECT count(*) FROM applications WHERE registered_on IS NOT NULL")
        closed = "('draft', 'refused_intake', 'delivered', 'withdrawn', 'terminated')"
        assert board.open_cases == one(
            f"SELECT count(*) FROM applications WHERE status NOT IN {closed}")
        assert board.overdue == len(overdue.rows) == one(
            "SELECT count(*) FROM applications a LEFT JOIN case_states s "
            f"ON s.application_id = a.id WHERE a.status NOT IN {closed} "
            "AND coalesce(s.step_due, a.due_date) < '2026-11-20'")
        assert board.assigned_this_month == one(
            f"SELECT count(*) {final} AND outcome = 'assigned' AND decided_on >= '2026-11-01'")


def test_an_akimats_demo_takes_the_akimats_steps_alone(db: Database) -> None:
    """At an akimat's desk the generated cases go through the akimat's own steps, as far as
    the district office: no visa, decision or notification of the district's, which the
    district server would refuse from this desk."""
    from desktop.domain.case_path import STEPS, Side
    from desktop.services.workstation import WorkstationSetup, save_setup

    save_setup(db, WorkstationSetup(
        region="Карагандинская область", district="Ақтоғай ауданы", office_kind="akimat",
        office_name_kk="Абай ауылы әкімінің аппараты", office_name_ru="Аппарат акима села Абай",
        office_code="AKT-05", operator_full_name="Сейтқали Әлия Нұрланқызы",
        operator_position="бас маман"))
    fill_demo(db, 300, seed=12, today=TODAY)
    with db.engine.connect() as c:
        taken = c.exec_driver_sql(
            "SELECT DISTINCT e.action, a.channel FROM case_events e "
            "JOIN applications a ON a.id = e.application_id").fetchall()
        decisions = c.exec_driver_sql("SELECT count(*) FROM case_decisions").scalar()
        statuses = set(c.exec_driver_sql("SELECT status FROM applications").scalars())
    akimats = {(step.action.value, channel.value) for step in STEPS
               if step.side in (Side.RECEIVING, Side.ANY) for channel in step.channels}
    assert {action for action, _channel in taken} >= {
        "refer_to_commission", "record_conclusion", "send_to_district"}
    assert set(taken) <= akimats
    assert decisions == 0
    assert "sent_to_district" in statuses
    assert statuses <= {"draft", "refused_intake", "registered", "sent_to_commission",
                        "commission_concluded", "sent_to_district", "withdrawn"}

"""The waiting registers of the disability services (§11-15) over 10 000 applications.

    python benchmarks/waiting_registers.py [--count 10000] [--repeats 9] [--db PATH]

Fills a temporary database with generated families (or reuses --db), makes every application
one of the five disability services (in turn, by row; §12's and §13's kind of aid in turn
too, a group in the details), and records the aid provided on one in ten of them, as a
district office that has kept its registers for years would hold them. Prints median timings
in milliseconds, each as a ratio to baselines measured in the same run: the same applications
read as the journal reads them (its columns, in the queue's order, no register logic), and the
journal's first page with its count; a bare ``SELECT ... LIMIT 100`` is printed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import bare_page_ms, demo_database, median_ms

from desktop.services import reports
from desktop.services.journal import Journal
from desktop.services.report_export import to_pdf, to_xlsx
from desktop.storage.database import Database
from desktop.storage.ids import new_id
from desktop.storage.models import ApplicationRecord as A

SERVICES = {  # code: the kinds of aid its applications name in turn
    "prosthetic_aid": ["prosthetic_orthopaedic"],
    "hearing_vision_aids": ["hearing_aids", "vision_aids", "hygiene_aids"],
    "personal_assistant": ["personal_assistant", "sign_language"],
    "wheelchairs": ["wheelchairs"],
    "sanatorium_treatment": ["sanatorium"],
}
GROUPS = ("group_1", "group_2", "group_3", "child")
FIRST = dt.date(2015, 9, 22)




def as_disability_services(db: Database) -> tuple[int, int]:
    """Every application one of the five services, with its kind of aid and group; the aid
    provided on one in ten. The applications and the provisions made."""
    codes = list(SERVICES)
    with db.engine.begin() as c:
        rows = c.exec_driver_sql("SELECT rowid, id, registered_on FROM applications "
                                 "WHERE registered_on IS NOT NULL").fetchall()
        updates, provisions = [], []
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        for rowid, app_id, registered in rows:
            code = codes[rowid % len(codes)]
            kinds = SERVICES[code]
            details = {"aid": kinds[(rowid // len(codes)) % len(kinds)],
                       "disability_group": GROUPS[rowid % len(GROUPS)],
                       "aids_requested": "по индивидуальной программе реабилитации"}
            updates.append((code, json.dumps(details, ensure_ascii=False), rowid))
            if rowid % 10 == 0:
                provisions.append((new_id(), app_id, details["aid"], registered,
                                   "по программе", 1, "ТОО «Поставщик»", "", now, now))
        c.exec_driver_sql("DELETE FROM aid_provisions")  # a reused database: made again
        c.exec_driver_sql("UPDATE applications SET service = ?, service_details = ? "
                          "WHERE rowid = ?", updates)
        c.exec_driver_sql(
            "INSERT INTO aid_provisions (id, application_id, queue, provided_on, item, "
            "quantity, supplier, note, version, created_at, updated_at, recorded_by_name) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, '')", provisions)
        c.exec_driver_sql("ANALYZE")
    return len(rows), len(provisions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--db", type=Path, help="database to fill or reuse")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="komek-bench-")
    path = args.db or Path(folder.name) / "komek.sqlite3"
    db = demo_database(path, args.count)
    applications, provided = as_disability_services(db)
    today = dt.date.today()
    tables = reports.waiting_registers(db, FIRST, today)
    waiting = sum(len(t.rows) for t in tables)
    print(f"{applications} applications of the five services, the aid provided on "
          f"{provided}; {waiting} waiting in {len(tables)} registers")
    journal = Journal(db)
    r = args.repeats

    def plain() -> object:  # the same applications as the journal reads them, in order
        with db.engine.connect() as c:
            return c.execute(
                select(A.service, A.registration_number, A.registered_on, A.applicant_name,
                       A.applicant_iin, A.status, A.due_date)
                .where(A.service.in_(list(SERVICES)), A.registered_on >= FIRST,
                       A.registered_on <= today)
                .order_by(A.registered_at, A.registration_seq, A.registration_number)).all()

    bare_ms = bare_page_ms(db, r)
    page_ms = median_ms(lambda: (journal.count(), journal.page(0, 100)), r)
    plain_ms = median_ms(plain, r)
    print(f"\nbaselines: bare SELECT ... LIMIT 100 {bare_ms:.2f} ms; the journal's first page "
          f"with its count {page_ms:.2f} ms; the same {len(plain())} applications read as "
          f"the journal reads them, in the queue's order {plain_ms:.2f} ms")

    def line(label: str, ms: float) -> None:
        print(f"  {label:<46} {ms:9.2f} ms  x{ms / plain_ms:6.2f} the plain read  "
              f"x{ms / page_ms:8.1f} the journal's page")

    line("the registers (every queue, since 22.09.2015)",
         median_ms(lambda: reports.waiting_registers(db, FIRST, today), r))
    line("the registers, one month", median_ms(
        lambda: reports.waiting_registers(db, today.replace(day=1), today), r))
    line("the registers to Excel (ru)", median_ms(lambda: to_xlsx(tables, "ru"), max(3, r // 3)))
    line("the registers to PDF (ru)", median_ms(lambda: to_pdf(tables, "ru"), max(3, r // 3)))
    db.close()
    folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

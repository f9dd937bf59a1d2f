"""``komek print``: finds a registered application in the database and writes the PDF."""

from __future__ import annotations

import argparse
import datetime as dt

import pytest

from desktop.cli import print as print_command
from desktop.printing import samples


@pytest.fixture
def database(tmp_path):
    storage = pytest.importorskip("desktop.storage.database")
    from desktop.storage.models import ApplicationRecord, OfficeRecord, StaffRecord
    from desktop.storage.repositories.applications import store_application

    path = tmp_path / "komek.sqlite"
    db = storage.Database.open(path)
    app = samples.sample_application()
    with db.session() as session:
        office = OfficeRecord(code="AKT-05", kind="district_office", region="karaganda",
                              name_kk=samples.OFFICE.name.kk, name_ru=samples.OFFICE.name.ru,
                              address_kk=samples.OFFICE.address.kk,
                              address_ru=samples.OFFICE.address.ru, phone=samples.OFFICE.phone)
        session.add(office)
        session.flush()
        staff = StaffRecord(office_id=office.id, full_name="Сейітова Гүлмира Қайратқызы",
                            position="главный специалист")
        session.add(staff)
        session.flush()
        stored = store_application(session, app)
        record = session.get(ApplicationRecord, stored.application_id)
        record.registered_at = dt.datetime(2026, 3, 17, 5, 25, tzinfo=dt.UTC)
        record.registered_on = dt.date(2026, 3, 17)
        record.registered_by = staff.id
        record.due_date = dt.date(2026, 3, 27)
        record.status = "registered"
    db.close()
    return path


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="komek")
    parser.add_argument("--db")
    subparsers = parser.add_subparsers(dest="command")
    print_command.add_parser(subparsers)
    return parser.parse_args(argv)


@pytest.mark.parametrize("document", ["coupon", "application", "family", "income", "farm"])
def test_print_writes_the_pdf(pdf, database, tmp_path, document):
    out = tmp_path / f"{document}.pdf"
    args = _parse(["--db", str(database), "print", document, "akt-05-2026-000123",
                   "--out", str(out), "--lang", "ru"])
    assert print_command.run(args) == print_command.EXIT_OK
    doc = pdf(out.read_bytes())
    assert doc.has("AKT-05-2026-000123")
    assert doc.has("Асқарова Айгүл Бақытқызы")
    if document == "coupon":
        assert doc.has("Сейітова Г. Қ., главный специалист")
        assert doc.has("27.03.2026")


def test_unknown_number(database, tmp_path):
    args = _parse(["print", "coupon", "AKT-05-2026-999999", "--out",
                   str(tmp_path / "x.pdf"), "--db", str(database)])
    assert print_command.run(args) == print_command.EXIT_NOT_FOUND
    assert not (tmp_path / "x.pdf").exists()


def test_db_given_before_the_sub_command_is_kept(database, tmp_path):
    args = _parse(["--db", str(database), "print", "coupon", "AKT-05-2026-000123", "--out",
                   str(tmp_path / "c.pdf")])
    assert args.db == str(database)

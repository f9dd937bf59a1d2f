"""The journal: search as you type by IIN or name prefix, sort by any column, page."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from desktop.demo.generate import fill_demo
from desktop.demo.identity import random_iin
from desktop.demo.samples import sample_application
from desktop.domain.model import Sex
from desktop.services.journal import SORT_COLUMNS, Journal
from desktop.storage.database import Database
from desktop.storage.repositories.applications import save_draft

NAMES = ["Әбдіров", "Абдуллин", "Яковлев", "Ұзақов", "Үсенов", "Қасымов", "Кенжебаев",
         "Іскаков", "Ыбыраев", "Ғалиев", "Ершов", "Ёлкин", "Әбдірахманов", "Оспанов", "Өтегенов"]
KAZAKH_ORDER = ["Абдуллин", "Әбдірахманов", "Әбдіров", "Ғалиев", "Ершов", "Ёлкин", "Кенжебаев",
                "Қасымов", "Оспанов", "Өтегенов", "Ұзақов", "Үсенов", "Ыбыраев", "Іскаков",
                "Яковлев"]


@pytest.fixture
def journal(db: Database) -> Journal:
    rng = random.Random(5)
    used: set[str] = set()
    for name in NAMES:
        iin = random_iin(rng, dt.date(1980 + len(name), 1 + len(name) % 12, 15), Sex.MALE, used)
        save_draft(db, sample_application(surname=name, iin=iin))
    return Journal(db)


def surnames(rows: list) -> list[str]:
    return [row.applicant_name.split()[0] for row in rows]


def test_count_and_page_without_search(journal: Journal) -> None:
    assert journal.count() == len(NAMES)
    rows = journal.page(0, 100)
    assert len(rows) == len(NAMES)
    assert {r.status for r in rows} == {"draft"}
    assert all(r.registration_number is None and r.family_size == 3 for r in rows)


@pytest.mark.parametrize("typed", ["ӘБДІ", "әбді", "Әбді", "әБДІ", "Әбдi"])  # last: Latin i
def test_kazakh_surname_prefix_in_any_case(journal: Journal, typed: str) -> None:
    found = surnames(journal.page(0, 50, typed, sort="applicant_name", descending=False))
    assert found == ["Әбдірахманов", "Әбдіров"]
    assert journal.count(typed) == 2


@pytest.mark.parametrize("sort", SORT_COLUMNS)
def test_either_spelling_of_a_kazakh_name_is_found(journal: Journal, sort: str) -> None:
    """Issue 17: surnames are written both ways (і/и, ә/а, ұ/ү/у, …): either finds both."""
    def found(typed: str) -> set[str]:
        rows = journal.page(0, 50, typed, sort=sort, descending=False)
        assert len(rows) == journal.count(typed)
        return set(surnames(rows))

    assert found("аб") == found("ӘБ") == {"Абдуллин", "Әбдірахманов", "Әбдіров"}
    assert found("абди") == found("ӘБДІ") == {"Әбдірахманов", "Әбдіров"}
    assert found("УЗ") == found("ұз") == {"Ұзақов"}
    assert found("узак") == found("ұзақ") == {"Ұзақов"}
    assert found("ус") == found("үс") == {"Үсенов"}
    assert found("ис") == found("Іс") == {"Іскаков"}
    assert found("касы") == found("ҚАСЫ") == {"Қасымов"}
    assert found("галиев") == {"Ғалиев"}
    assert found("отег") == {"Өтегенов"}
    assert found("ЕЛК") == {"Ёлкин"}  # ё is found by е
    assert found("ыб") == {"Ыбыраев"}  # a letter of one spelling only
    assert found("кен") == {"Кенжебаев"}


def test_full_name_prefix(journal: Journal) -> None:
    assert surnames(journal.page(0, 50, "үсенов ерлан")) == ["Үсенов"]
    assert journal.count("үсенов ерланх") == 0


def test_iin_prefix(journal: Journal) -> None:
    target = journal.page(0, 1, "Ыбыр")[0]
    for length in (1, 4, 6, 12):
        rows = journal.page(0, 100, target.iin[:length])
        assert target.application_id in {r.application_id for r in rows}
        assert all(r.iin.startswith(target.iin[:length]) for r in rows)
    assert journal.count(target.iin) == 1
    assert journal.count("999999999999") == 0


def test_sorting_by_name_follows_the_kazakh_alphabet(journal: Journal) -> None:
    assert surnames(journal.page(0, 100, sort="applicant_name", descending=False)) == KAZAKH_ORDER
    assert surnames(journal.page(0, 100, sort="applicant_name")) == KAZAKH_ORDER[::-1]


def test_paging_walks_the_whole_order_once(journal: Journal) -> None:
    pages = [journal.page(offset, 4, sort="applicant_name", descending=False)
             for offset in range(0, 16, 4)]
    assert [name for page in pages for name in surnames(page)] == KAZAKH_ORDER


def test_search_results_are_the_same_whichever_way_the_page_is_found(db: Database) -> None:
    fill_demo(db, 400, seed=8, today=dt.date(2026, 11, 20))
    journal = Journal(db)
    for typed in ("а", "Е", "қ", "9", "90", "DEMO-01", "DEMO-01-2025", "ЯКО"):
        expected = journal.count(typed)
        for column in SORT_COLUMNS:
            for descending in (False, True):
                rows = journal.page(0, 1000, typed, sort=column, descending=descending)
                assert len(rows) == expected, (typed, column)
                paged = [r for offset in range(0, expected, 7)
                         for r in journal.page(offset, 7, typed, sort=column,
                                               descending=descending)]
                assert [r.application_id for r in paged] == [r.application_id for r in rows]


@pytest.mark.parametrize("column", SORT_COLUMNS)
def test_every_sort_column_works_both_ways(db: Database, column: str) -> None:
    fill_demo(db, 120, seed=3, today=dt.date(2026, 11, 20))
    journal = Journal(db)
    attr = {"iin": "iin", "applicant_name": "applicant_name"}.get(column, column)
    for descending in (False, True):
        rows = journal.page(0, 200, sort=column, descending=descending)
        assert len(rows) == 120
        values = [getattr(r, attr) for r in rows]
        present = [v for v in values if v is not None]
        if column != "applicant_name":
            assert present == sorted(present, reverse=descending)


def test_an_unknown_sort_column_is_an_error(journal: Journal) -> None:
    with pytest.raises(ValueError):
        journal.page(0, 10, sort="applicant_name; DROP TABLE applications")


def test_registration_number_search(db: Database) -> None:
    fill_demo(db, 60, seed=11, today=dt.date(2026, 11, 20))
    journal = Journal(db)
    numbered = [r for r in journal.page(0, 100) if r.registration_number]
    target = numbered[0].registration_number
    assert target is not None
    assert [r.registration_number for r in journal.page(0, 10, target.lower())] == [target]
    assert journal.count(target[:-3]) >= 1
    assert journal.count("demo") == journal.count("DEMO-01") == journal.count() - sum(
        1 for r in journal.page(0, 100) if r.registration_number is None
    )
    printed_seq = target.rsplit("-", 1)[1]  # e.g. "000024": the digits as on the coupon
    assert target in {r.registration_number for r in journal.page(0, 100, printed_seq)}
    assert journal.count(printed_seq) == len(journal.page(0, 500, printed_seq))


def test_a_count_reused_for_planning_never_changes_the_results(db: Database) -> None:
    fill_demo(db, 50, seed=12, today=dt.date(2026, 11, 20))
    journal = Journal(db)
    numbered = journal.count("DEMO")
    save_draft(db, sample_application(surname="Жаңаев"))  # a draft: no number
    rows = journal.page(0, 100, "DEMO")  # planned with the count from before the save
    assert len(rows) == numbered
    assert all(r.registration_number for r in rows)


@pytest.mark.parametrize("sort", SORT_COLUMNS)
@pytest.mark.parametrize("descending", [True, False])
def test_a_page_is_the_page_the_orm_model_reads(db: Database, sort: str,
                                                descending: bool) -> None:
    """The journal's Core query shows exactly the rows, in the order, that the same page read
    through the ORM model (how the journal read it before the first page came before the ORM)
    gives: the first page and the next, every sort column, both directions."""
    from sqlalchemy import literal_column, select

    from desktop.storage.models import ApplicationRecord as A

    fill_demo(db, count=260, seed=9)
    key = {"applicant_name": "applicant_sort", "iin": "applicant_iin"}.get(sort, sort)
    rowid = literal_column("applications.rowid")
    column = getattr(A, key)
    order = (column.desc(), rowid.desc()) if descending else (column.asc(), rowid.asc())
    with db.session() as session:
        records = session.execute(select(A).order_by(*order)).scalars().all()
        expected = [(r.id, r.registration_number, r.registered_on, r.applicant_name,
                     r.applicant_iin, r.family_size, r.channel, r.status, r.due_date,
                     r.service) for r in records]
    journal = Journal(db)
    shown = journal.page(0, 200, sort=sort, descending=descending) + \
        journal.page(200, 200, sort=sort, descending=descending)
    assert [(r.application_id, r.registration_number, r.registered_on, r.applicant_name,
             r.iin, r.family_size, r.channel, r.status, r.due_date, r.service)
            for r in shown] == expected


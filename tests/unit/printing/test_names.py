"""Names in the dative for the certificate's sentence (i18n/glossary.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.iin import make_iin
from desktop.domain.model import FamilyMember, PersonName, Relationship, Sex
from desktop.printing.names import dative, member_sex


@pytest.mark.parametrize(("surname", "first", "patronymic", "sex", "expected"), [
    ("Серикбаева", "Дана", "Ерлановна", Sex.FEMALE, "Серикбаевой Дане Ерлановне"),
    ("Асқаров", "Нұрлан", "Бақытұлы", Sex.MALE, "Асқарову Нұрлану Бақытұлы"),
    ("Жұмабаева", "Гүлназ", "Серікқызы", Sex.FEMALE, "Жұмабаевой Гүлназ Серікқызы"),
    ("Ким", "Айгуль", "", Sex.FEMALE, "Ким Айгули"),
    ("Ким", "Сергей", "Петрович", Sex.MALE, "Киму Сергею Петровичу"),
    ("Ковальская", "Мария", "Ивановна", Sex.FEMALE, "Ковальской Марии Ивановне"),
    ("Бойко", "Илья", "", Sex.MALE, "Бойко Илье"),
    ("Иванова-Петрова", "Сәуле", "", Sex.FEMALE, "Ивановой-Петровой Сәуле"),
])
def test_russian_dative(surname, first, patronymic, sex, expected):
    assert dative(PersonName(surname, first, patronymic), sex, "ru") == expected


@pytest.mark.parametrize(("full", "expected"), [
    (("Серікбаева", "Дана", "Ерланқызы"), "Серікбаева Дана Ерланқызына"),
    (("Асқаров", "Нұрлан", "Бақытұлы"), "Асқаров Нұрлан Бақытұлына"),
    (("Асқаров", "Нұрлан", ""), "Асқаров Нұрланға"),
    (("Өтепова", "Әйгерім", ""), "Өтепова Әйгерімге"),
    (("Ким", "Айнұр", "Ертісқызы"), "Ким Айнұр Ертісқызына"),
    (("Құрманов", "Қайрат", ""), "Құрманов Қайратқа"),
    (("Үсенова", "Сәуле", ""), "Үсенова Сәулеге"),
    (("Ким", "Сергей", "Петрович"), "Ким Сергей Петровичке"),
])
def test_kazakh_dative_ends_the_last_word(full, expected):
    assert dative(PersonName(*full), None, "kk") == expected


def test_the_sex_comes_from_the_iin_when_not_entered():
    woman = FamilyMember(member_id="m1", name=PersonName("Серикбаева", "Дана"),
                         relationship=Relationship.APPLICANT,
                         iin=make_iin(dt.date(1990, 5, 4), Sex.FEMALE, 7))
    assert member_sex(woman) is Sex.FEMALE
    assert dative(woman.name, member_sex(woman), "ru") == "Серикбаевой Дане"


def test_a_date_that_says_when_takes_the_kazakh_locative():
    from desktop.printing.words import long_date

    day = dt.date(2026, 12, 6)
    assert long_date(day, "kk", when=True) == "2026 жылғы «6» желтоқсанда"
    assert long_date(day, "kk") == "2026 жылғы «6» желтоқсан"
    assert long_date(day, "ru", when=True) == "«6» декабря 2026 года"
    assert long_date(dt.date(2026, 4, 21), "kk", when=True) == "2026 жылғы «21» сәуірде"


def test_a_letterhead_quotes_with_guillemets_and_starts_with_a_capital():
    from desktop.printing.words import official_name

    assert official_name('государственное учреждение "Аппарат акима села Актогай"') == \
        "Государственное учреждение «Аппарат акима села Актогай»"
    assert official_name("«Ақтоғай ауылы әкімінің аппараты» мемлекеттік мекемесі") == \
        "«Ақтоғай ауылы әкімінің аппараты» мемлекеттік мекемесі"

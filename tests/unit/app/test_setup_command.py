"""``komek setup``: an administrator writes the workstation's office without the dialog."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.__main__ import main
from desktop.services.workstation import get_setting, load_setup, reference_offices
from desktop.startup import LANGUAGE_SETTING, ExitCode
from desktop.storage.database import Database


def _setup_of(path: Path):
    db = Database.open(path)
    try:
        return load_setup(db), get_setting(db, LANGUAGE_SETTING)
    finally:
        db.close()


def test_offices_are_numbered_and_searchable(capsys):
    assert main(["--lang", "ru", "setup", "offices", "--search", "актогай"]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines and all("Актогайский район" in line for line in lines)
    numbers = [int(line.split(".")[0]) for line in lines]
    offices = reference_offices()
    for number in numbers:
        assert "Актогай" in offices[number - 1].district


def test_save_a_reference_office_then_show_it_in_kazakh(tmp_path, capsys):
    path = tmp_path / "komek.sqlite3"
    offices = reference_offices()
    number = next(i for i, office in enumerate(offices, 1) if office.kind == "akimat")
    code = main(["--db", str(path), "--lang", "ru", "setup", "save", "--office", str(number),
                 "--code", "AKT-05", "--operator", "Сейітова Әлия Нұрланқызы",
                 "--position", "бас маман", "--interface", "kk"])
    assert code == ExitCode.OK
    setup, language = _setup_of(path)
    assert setup is not None
    assert (setup.office_kind, setup.office_code) == ("akimat", "AKT-05")
    assert setup.office_name_ru == offices[number - 1].name_ru
    assert setup.operator_full_name == "Сейітова Әлия Нұрланқызы"
    assert language == "kk"
    capsys.readouterr()
    assert main(["--db", str(path), "--lang", "kk", "setup", "show"]) == ExitCode.OK
    shown = capsys.readouterr().out
    assert "Мекеме коды: AKT-05" in shown
    assert "Ауыл, ауылдық округ әкімінің аппараты" in shown


def test_a_new_office_needs_its_region_and_district(tmp_path, capsys):
    path = tmp_path / "komek.sqlite3"
    code = main(["--db", str(path), "--lang", "ru", "setup", "save", "--kind", "akimat",
                 "--region", "Абайская область", "--name-ru", "Аппарат акима села Новое",
                 "--code", "NOV-01", "--operator", "Петров П. П."])
    assert code == ExitCode.BAD_ARGUMENTS
    assert capsys.readouterr().err.startswith("--district: ")
    assert _setup_of(path)[0] is None
    code = main(["--db", str(path), "--lang", "ru", "setup", "save", "--kind", "akimat",
                 "--region", "Абайская область", "--district", "Аягозский район",
                 "--name-ru", "Аппарат акима села Новое", "--code", "NOV-01",
                 "--operator", "Петров П. П."])
    assert code == ExitCode.OK
    assert _setup_of(path)[0].district == "Аягозский район"


@pytest.mark.parametrize(("args", "option", "words"), [
    (["--office", "1", "--code", "akt 5", "--operator", "Петров П."], "--code",
     "заглавные латинские буквы"),
    (["--office", "100000", "--code", "AKT-05", "--operator", "Петров П."], "--office",
     "100000"),
    (["--office", "1", "--code", "AKT-05", "--operator", "  "], "--operator",
     "фамилию, имя, отчество"),
])
def test_bad_values_are_refused_at_their_option_in_the_users_language(
        tmp_path, capsys, args, option, words):
    path = tmp_path / "komek.sqlite3"
    assert main(["--db", str(path), "--lang", "ru", "setup", "save", *args]) \
        == ExitCode.BAD_ARGUMENTS
    error = capsys.readouterr().err
    assert error.startswith(f"{option}: ") and words in error
    assert _setup_of(path)[0] is None


def test_a_damaged_database_is_reported_not_traced(tmp_path, capsys):
    path = tmp_path / "komek.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    assert main(["--db", str(path), "--lang", "ru", "setup", "show"]) \
        == ExitCode.DATABASE_CORRUPT
    assert str(path) in capsys.readouterr().err

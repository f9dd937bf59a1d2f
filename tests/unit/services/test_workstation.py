"""First-run setup of the workstation, the reference offices and settings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.domain.text import Text
from desktop.services.workstation import (
    SetupInvalidError,
    WorkstationSetup,
    current_office_and_staff,
    get_setting,
    load_setup,
    reference_offices,
    save_setup,
    set_setting,
    validate_office_code,
)
from desktop.storage.audit import verify_audit_chain
from desktop.storage.database import Database
from desktop.storage.ids import office_id

SETUP = WorkstationSetup(
    region="Карагандинская область",
    district="Актогайский район",
    office_kind="akimat",
    office_name_kk="Абай ауылы әкімінің аппараты",
    office_name_ru="Аппарат акима села Абай",
    office_code="AKT-05",
    operator_full_name="Сейітова Гүлнар Асқарқызы",
    operator_position="маман",
)


def test_no_setup_before_the_first_run(db: Database) -> None:
    assert load_setup(db) is None


def test_setup_is_saved_and_loaded(db: Database) -> None:
    save_setup(db, SETUP)
    assert load_setup(db) == SETUP
    db.close()
    with Database.open(db.path) as again:
        assert load_setup(again) == SETUP


def test_changing_the_setup_updates_the_same_office_and_audits_it(db: Database) -> None:
    save_setup(db, SETUP)
    save_setup(db, replace(SETUP, office_code="AKT-06", operator_position="бас маман"))
    save_setup(db, replace(SETUP, office_code="AKT-06", operator_full_name="Иванов Иван"))
    assert load_setup(db) == replace(
        SETUP, office_code="AKT-06", operator_full_name="Иванов Иван"
    )
    with db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM offices").scalar() == 1
        assert c.exec_driver_sql("SELECT count(*) FROM staff WHERE active").scalar() == 1
        actions = c.exec_driver_sql("SELECT action FROM audit_log ORDER BY seq").scalars().all()
    assert actions == ["office.create", "staff.create", "office.update", "staff.update",
                       "staff.create"]
    with db.session() as session:
        assert verify_audit_chain(session).ok


def test_saving_the_same_setup_twice_changes_nothing(db: Database) -> None:
    save_setup(db, SETUP)
    save_setup(db, SETUP)
    with db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() == 2


@pytest.mark.parametrize("code", ["AKT-05", "A1", "ABCDEFGHIJ12", "SKO-AIYR-01"])
def test_good_office_codes(code: str) -> None:
    assert validate_office_code(code) is None


@pytest.mark.parametrize("code", ["", "A", "ABCDEFGHIJ123", "akt-05", "АКТ-05", "AKT--5",
                                  "-AKT", "AKT-", "AKT 05", "AKT_05"])
def test_bad_office_codes_get_a_message(code: str) -> None:
    message = validate_office_code(code)
    assert isinstance(message, Text) and message.msgid


def test_an_invalid_setup_is_refused_with_a_message(db: Database) -> None:
    with pytest.raises(SetupInvalidError) as caught:
        save_setup(db, replace(SETUP, office_code="akt"))
    assert isinstance(caught.value.message, Text)
    with pytest.raises(SetupInvalidError):
        save_setup(db, replace(SETUP, operator_full_name="  "))
    assert load_setup(db) is None


def test_reference_offices_hold_district_offices_and_akimats() -> None:
    offices = reference_offices()
    kinds = {o.kind for o in offices}
    assert kinds == {"district_office", "akimat"}
    aktogay = [o for o in offices if o.district == "Актогайский район"]
    assert any(o.kind == "district_office" for o in aktogay)
    assert all(o.region and o.name_ru for o in offices)
    # the seed's Latin "i" inside Kazakh words is mended to "і"
    assert not any("i" in o.name_kk for o in offices if o.name_kk)


def test_settings_are_stored_and_removed(db: Database) -> None:
    assert get_setting(db, "ui.language") is None
    assert get_setting(db, "ui.language", "kk") == "kk"
    set_setting(db, "ui.language", "ru")
    set_setting(db, "ui.language", "ru")
    assert get_setting(db, "ui.language") == "ru"
    set_setting(db, "ui.language", None)
    assert get_setting(db, "ui.language") is None


def test_the_office_id_is_derived_from_its_code(db: Database, tmp_path) -> None:
    save_setup(db, SETUP)
    with Database.open(tmp_path / "other" / "komek.sqlite3") as other:
        save_setup(other, replace(SETUP, operator_full_name="Иванов Иван"))
        assert current_office_and_staff(other)[0] == current_office_and_staff(db)[0] == \
            office_id("AKT-05")  # another desk of the office makes the same record
        assert current_office_and_staff(other)[1] != current_office_and_staff(db)[1]


def test_a_new_code_is_another_office_the_former_stays_when_the_district_had_it(
        db: Database) -> None:
    save_setup(db, SETUP)
    with db.engine.begin() as c:  # as if synced: the district holds the office
        c.exec_driver_sql("INSERT INTO sync_known (table_name, record_id, version) "
                          "VALUES ('offices', ?, 1)", (office_id("AKT-05"),))
    save_setup(db, replace(SETUP, office_code="AKT-06"))
    office, staff = current_office_and_staff(db)
    assert office == office_id("AKT-06")
    with db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT code FROM offices ORDER BY code").scalars().all() == \
            ["AKT-05", "AKT-06"]
        assert c.exec_driver_sql("SELECT office_id FROM staff WHERE id = ?",
                                 (staff,)).scalar() == office_id("AKT-06")
        names = c.exec_driver_sql("SELECT name_kk FROM offices").scalars().all()
    assert names == [SETUP.office_name_kk] * 2


def test_every_reference_place_has_its_name_in_both_languages():
    """Each region and district of the reference offices is known under both its names, and
    the Kazakh one is not the Russian one (the forms' Kazakh lines print it)."""
    from desktop.services.workstation import place_name, reference_offices

    for office in reference_offices():
        for name in (office.region, office.district):
            both = place_name(name)
            assert both.ru == name and both.kk != name, both
            assert place_name(both.kk) == both  # found under its Kazakh name too
    assert place_name("Северо-Казахстанская область").kk == "Солтүстік Қазақстан облысы"


def test_an_area_line_is_joined_per_language_and_a_name_typed_at_setup_kept_as_is():
    from desktop.formspec.model import LocalizedText
    from desktop.services.workstation import area_line

    assert area_line("Актогайский район", "Карагандинская область") == LocalizedText(
        "Ақтоғай ауданы, Қарағанды облысы", "Актогайский район, Карагандинская область")
    assert area_line("", "Шетский район") == LocalizedText("Шетский район", "Шетский район")
    assert area_line("", "") == ""

"""The conflicts view names records and fields as the forms do, in the user's language."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.ui.sync.record_labels import column_label, record_title, table_label, value_label


@pytest.mark.parametrize(("lang", "expected"), [
    ("kk", ["Телефон", "Қызмет түрі", "Тіркелуі бойынша: көше", "Баласы", "Сомасы, теңге",
            "Жауапты орындаушы", "Отбасы мүшесі"]),
    ("ru", ["Телефон", "Род занятий", "По регистрации: улица", "Сын, дочь", "Сумма, тенге",
            "Ответственный исполнитель", "Член семьи"]),
])
def test_columns_and_choices_read_as_on_the_forms(lang: str, expected: list[str]) -> None:
    i18n.set_language(lang)
    shown = [column_label("applications", "applicant_phone"),
             column_label("applications", "applicant_occupation"),
             column_label("members", "reg_street"),  # member_registered_street on the form
             value_label("members", "relationship", "child"),
             column_label("incomes", "amount"),
             column_label("case_states", "executor_name"),  # not on a form: the catalog
             table_label("members")]
    assert shown == expected


def test_unknown_names_fall_back_to_the_database_name() -> None:
    assert column_label("applications", "no_such_column") == "no_such_column"
    assert table_label("no_such_table") == "no_such_table"
    assert value_label("members", "relationship", "no-such-choice") is None
    assert value_label("applications", "applicant_phone", "8 701") is None


def test_a_record_is_named_by_its_number_or_its_person() -> None:
    i18n.set_language("ru")
    assert record_title("applications", {"registration_number": "AKT-05-2026-2-000001",
                                         "applicant_name": "X"}) == "AKT-05-2026-2-000001"
    assert record_title("members", {"surname": "Әбенова", "first_name": "Гүлнар"}) == \
        "Әбенова Гүлнар"
    assert record_title("offices", {"name_ru": "Отдел", "name_kk": "Бөлім"}) == "Отдел"
    assert record_title("case_states", None) == ""


def test_case_statuses_and_channels_by_their_names() -> None:
    i18n.set_language("ru")
    assert value_label("case_states", "status", "registered") == "Зарегистрировано"
    assert value_label("applications", "channel", "akim") == "Аким"
    assert value_label("case_states", "status", "no-such-status") is None

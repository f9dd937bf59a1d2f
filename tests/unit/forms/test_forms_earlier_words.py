"""A choice in the words of the application's time: «оралман» for 2013–2020, «қандас» after."""

from __future__ import annotations

import datetime as dt

from desktop.formspec import load_all
from desktop.printing.values import format_value


def test_kandas_was_oralman_until_2020():
    forms = load_all()
    status = forms["family"].field("member_residence_status")
    kandas = status.choice("kandas")
    assert kandas.label_on(dt.date(2015, 10, 1)).kk == "Оралман"
    assert kandas.label_on(dt.date(2020, 12, 31)).ru == "Оралман"
    assert kandas.label_on(dt.date(2021, 1, 4)).kk == "Қандас"
    assert kandas.label_on(None).ru == "Кандас"
    assert format_value(status, "kandas", "ru", dt.date(2018, 9, 3)) == "Оралман"
    assert format_value(status, "kandas", "ru", dt.date(2024, 9, 3)) == "Кандас"
    document = forms["application"].field("applicant_id_kind").choice("kandas_certificate")
    assert document.label_on(dt.date(2013, 4, 1)).kk == "Оралман куәлігі"

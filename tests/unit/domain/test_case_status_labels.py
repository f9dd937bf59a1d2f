"""Where an application was taken, in the words of its regime (seed 000:50 for 2018)."""

from __future__ import annotations

import datetime as dt

from desktop.domain.case_status import channel_label
from desktop.domain.model import Channel
from desktop.i18n import render


def test_a_2018_case_was_taken_at_the_employment_centre():
    label = channel_label(Channel.DISTRICT_OFFICE, dt.date(2018, 9, 3))
    assert render(label, "kk") == "Халықты жұмыспен қамту орталығы"
    assert render(label, "ru") == "Центр занятости населения"


def test_other_years_and_channels_keep_their_names():
    assert render(channel_label(Channel.DISTRICT_OFFICE, dt.date(2024, 2, 1)), "ru") == \
        "Районный отдел"
    assert render(channel_label(Channel.DISTRICT_OFFICE, dt.date(2016, 1, 5)), "ru") == \
        "Районный отдел"
    assert render(channel_label(Channel.AKIM, dt.date(2018, 9, 3)), "ru") == "Аким"
    assert render(channel_label(Channel.DISTRICT_OFFICE, dt.date(2000, 1, 1)), "kk") == \
        "Аудандық бөлім"
    assert render(channel_label(Channel.DISTRICT_OFFICE), "kk") == "Аудандық бөлім"


def test_a_result_sent_for_delivery_names_where_it_went():
    """"Sent to the centre or to the akim of the rural district" (seed 002 RU 7395): a case
    taken at the ЦОН has its notification sent to the centre, not to an akim."""
    from desktop.domain.case_status import CaseStatus, status_label

    sent = CaseStatus.SENT_TO_AKIM
    assert render(status_label(sent, Channel.STATE_CORPORATION), "ru") == \
        "Уведомление направлено в центр обслуживания населения"
    assert render(status_label(sent, "state_corporation"), "kk") == \
        "Хабарлама халыққа қызмет көрсету орталығына жіберілді"
    for channel in (Channel.AKIM, None):
        assert render(status_label(sent, channel), "ru") == "Уведомление направлено акиму"
    assert render(status_label(CaseStatus.DELIVERED, Channel.STATE_CORPORATION), "ru") == \
        render(status_label(CaseStatus.DELIVERED), "ru")

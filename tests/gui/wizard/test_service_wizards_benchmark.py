"""The benchmark of every service's page switches keeps working: one service that is not АСП,
one repeat, a figure for every page of its wizard."""

from __future__ import annotations

import datetime as dt
import math

from benchmarks.service_wizards import measure_service, wizard_services


def test_the_benchmark_times_every_page_of_a_service_wizard(qtbot, tmp_path):
    services = dict((s.code, (s, day)) for s, day in wizard_services(dt.date.today()))
    assert "asp" in services and len(services) > 2  # the catalogue's services, not АСП alone
    service, day = services["unemployed_registration"]

    switches = measure_service(tmp_path, service, day, members=4, repeat=1)

    assert [s.step for s in switches] == [step.id for step in service.wizard]
    for switch in switches[:-1]:
        assert switch.back is not None
        assert all(0 < ms < math.inf for ms in (*switch.forward, *switch.back))
    assert switches[-1].back is None  # nothing after the last page to come back from
    assert switches[0].first is None  # the page the wizard opens on
    assert all(0 < s.first < math.inf for s in switches[1:] if s.first is not None)
    assert None not in [s.first for s in switches[1:]]
    assert 0 < switches[-1].forward[0] < math.inf


def test_a_service_no_longer_in_force_is_opened_on_a_day_it_was():
    services = {s.code: day for s, day in wizard_services(dt.date(2026, 12, 7))}
    assert dt.date(2015, 9, 22) <= services["child_benefit"] <= dt.date(2017, 12, 31)
    assert services["unemployed_registration"] == dt.date(2026, 12, 7)

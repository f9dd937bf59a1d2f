"""The dashboard's first counts at the window's start are made in the background and shown
when they are in: the same counts as counted at once."""

from __future__ import annotations

import datetime as dt

from desktop.demo.generate import fill_demo
from desktop.services.reports import dashboard
from desktop.storage.database import Database
from desktop.ui.cases.dashboard import DashboardWidget


def test_counts_made_in_the_background_are_the_counts(qtbot, configured_db: Database):
    fill_demo(configured_db, count=120, seed=4)
    expected = dashboard(configured_db, dt.date.today())
    assert expected.open_cases > 0

    later = DashboardWidget(configured_db, counted_later=True)
    qtbot.addWidget(later)
    with qtbot.waitSignal(later.counted_late, timeout=10_000):  # the dock is sized by it
        later.wait_for_counts()
    assert later.data == expected
    assert later.counts["open"].text().endswith(f": {expected.open_cases}")

    at_once = DashboardWidget(configured_db)
    qtbot.addWidget(at_once)
    assert at_once.data == expected
    assert at_once.counts["open"].text() == later.counts["open"].text()


def test_a_refresh_before_the_background_counts_are_in_is_kept(qtbot, configured_db: Database):
    """The counts of a refresh are newer than those the start's thread began with."""
    fill_demo(configured_db, count=40, seed=6)
    widget = DashboardWidget(configured_db, counted_later=True)
    qtbot.addWidget(widget)
    widget.refresh()
    refreshed = widget.data
    widget.wait_for_counts()
    with qtbot.assertNotEmitted(widget.counted_late, wait=100):
        pass  # the thread's counts, delivered to this thread, are dropped
    assert widget.data is refreshed

"""Pages sized to the link (desktop.sync.client.engine.Pages): on a fast link a page grows
to the largest at once, on a slow one by about twice, and it shrinks when one takes long or
is cut."""

from __future__ import annotations

from desktop.sync.client.engine import FIRST_BATCH, PAGE_SECONDS, SMALLEST_PAGE, Pages


def test_on_a_lan_the_second_batch_is_the_largest():
    pages = Pages(FIRST_BATCH, 5_000)
    pages.delivered(0.08, cut=False)  # 500 records in 80 ms
    assert pages.size == 5_000


def test_growth_follows_what_the_link_carried_within_twice_and_ten_times():
    pages = Pages(500, 5_000)
    pages.delivered(PAGE_SECONDS / 2 * 0.9, cut=False)  # just under half: twice
    assert pages.size == 1_000
    pages.delivered(PAGE_SECONDS / 2 / 3, cut=False)  # a third of half: three times
    assert pages.size == 3_000
    small = Pages(50, 5_000)
    small.delivered(0.0001, cut=False)  # never more than ten times at once
    assert small.size == 500


def test_a_slow_page_or_a_cut_halves_it():
    pages = Pages(4_000, 5_000)
    pages.delivered(PAGE_SECONDS * 1.5, cut=False)
    assert pages.size == 2_000
    pages.delivered(0.01, cut=True)
    assert pages.size == 1_000
    for _ in range(10):
        pages.delivered(PAGE_SECONDS * 2, cut=False)
    assert pages.size == SMALLEST_PAGE

"""The waiting registers' PDF (and every report's) sets its columns to fit their text in both
languages: a registration number, an IIN or a date on one line, no word out of its column,
nothing outside the page or drawn over other text."""

from __future__ import annotations

import datetime as dt
from itertools import accumulate, pairwise

import pytest

from desktop.i18n import render
from desktop.printing.document import BOTTOM, LANDSCAPE_WIDTH, LEFT
from desktop.services import reports
from desktop.services.report_export import cell_text, column_widths, to_pdf
from tests.support.case_world import DAY, World, case_parameters, world
from tests.unit.services.cases.test_service_cases import record, register_as

__all__ = ["case_parameters", "world"]

ASKED = {
    "wheelchairs": ("wheelchairs", "кресло-коляска комнатная с ручным приводом и съемными "
                    "подлокотниками, ширина сиденья 46 см"),
    "hearing_vision_aids": ("hearing_aids", "слуховой аппарат заушный сверхмощный, 2 шт."),
    "prosthetic_aid": ("prosthetic_orthopaedic", "протез голени модульный, ортопедическая обувь"),
    "sanatorium_treatment": ("sanatorium", ""),
    "personal_assistant": ("personal_assistant", ""),
}


def _registers(world: World) -> list[reports.Table]:
    start = world.clock()
    for i, (code, (aid, asked)) in enumerate(ASKED.items()):
        for j in range(2):
            details = {"aid": aid, "disability_group": ("group_1", "child")[j],
                       "aids_requested": asked}
            if code == "personal_assistant":
                details["hours_per_year"] = "960"
            register_as(world, code, seed=10 * i + j, details=details,
                        when=start + dt.timedelta(minutes=5 * (2 * i + j)))
    return reports.waiting_registers(world.db, DAY, DAY)


def _outside_columns(pdf, table: reports.Table, lang: str) -> list[str]:
    """Words of the table that cross a column's edge (the title and the footer aside)."""
    headers = [render(h, lang) for h in table.headers]
    rows = [[cell_text(v, lang) for v in row] for row in (*table.rows, table.totals)]
    edges = [LEFT + x for x in accumulate(column_widths(headers, rows, LANDSCAPE_WIDTH),
                                           initial=0)]
    words = pdf.words()
    first = headers[0].split()[0]
    top = min(w.y0 for w in words if w.page == 1 and w.text == first)
    _width, height = pdf.page_size()
    found = []
    for word in words:
        if (word.page == 1 and word.y0 < top - 1) or word.y0 > height - BOTTOM:
            continue
        inside = any(a - 0.5 <= word.x0 and word.x1 <= b + 0.5
                     for a, b in pairwise(edges))
        if not inside:
            found.append(f"p{word.page} {word.text!r} ({word.x0:.1f}..{word.x1:.1f})")
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_each_register_fits_its_columns(world: World, lang, pdf, layout, tmp_path):
    tables = _registers(world)
    whole = pdf(to_pdf(tables, lang))
    assert layout(whole) == []
    whole.png(tmp_path, f"registers-{lang}")
    chairs = next(t for t in tables if t.rows and str(t.title.params["title"].ru)
                  == "Очередь на кресло-коляску")
    one = pdf(to_pdf([chairs], lang))
    assert _outside_columns(one, chairs, lang) == []
    number = chairs.rows[0][1]
    assert isinstance(number, str)
    # the number and the IIN each on one line: found whole among the words
    texts = [w.text for w in one.words()]
    assert number in texts and record(world, _first(world)).applicant_iin in texts


def _first(world: World) -> str:
    with world.db.engine.connect() as c:
        return c.exec_driver_sql("SELECT id FROM applications WHERE service = 'wheelchairs' "
                                 "ORDER BY registered_at LIMIT 1").scalar_one()

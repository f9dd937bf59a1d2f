"""The calculation sheet names the region and the line's source in the reader's language."""

from __future__ import annotations

import pytest

from desktop.printing import samples as s
from desktop.printing.calculation import render_calculation

ASSESSED = s.assessed_application()
ASSESSMENT = s.sample_assessment(ASSESSED)
REGION = {"kk": "Қарағанды облысы", "ru": "Карагандинская область"}
SOURCE = {"kk": "social-balkhash.gov.kz мемлекеттік сайты, 838-мақала",
          "ru": "государственный сайт social-balkhash.gov.kz, статья 838"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_region_by_its_name_and_the_source_as_the_publication_it_is(pdf, lang):
    doc = pdf(render_calculation(ASSESSED, ASSESSMENT, lang))
    text = " ".join(doc.text().split())
    assert REGION[lang] in text
    assert SOURCE[lang] in text
    assert "karaganda" not in text
    for english in ("of PM", "regional government site", "article 838"):
        assert english not in text

"""Every text the catalogue quotes is in its seed, at the lines it cites.

The seeds (the legal texts the project is built from) are not part of the repository; point
``KOMEK_SEEDS`` at their folder to run this check. A quote is compared as the forms' texts
are normalised (glossary.md C.1: a Latin "i" inside a Kazakh word is the Cyrillic "і"), with
runs of spaces made one; a quote whose source names no lines, or no seed, is a paraphrase
that says so in its note, and is not checked here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.catalog import load_catalogue
from desktop.catalog.model import Quote
from desktop.formspec.model import LocalizedText, SourceRef

SEEDS = os.environ.get("KOMEK_SEEDS")
pytestmark = pytest.mark.skipif(not SEEDS, reason="KOMEK_SEEDS (the seeds' folder) is not set")
_LATIN_I = re.compile(r"(?<=[\u0400-\u04FF])[iI]|[iI](?=[\u0400-\u04FF])")


def _normal(text: str, lang: str) -> str:
    text = " ".join(text.split())
    if lang == "kk":
        previous = None
        while previous != text:
            previous = text
            text = _LATIN_I.sub(lambda m: "і" if m.group() == "i" else "І", text)
    return text


def _quotes() -> Iterator[tuple[str, LocalizedText, SourceRef]]:
    for service in load_catalogue():
        pairs: list[tuple[str, LocalizedText | None, SourceRef | None]] = []
        for name in ("provider", "applicants"):
            quote = getattr(service, name)
            if isinstance(quote, Quote):
                pairs.append((name, quote.text, quote.source))
        for channel in service.channels:
            if channel.text is not None:
                pairs.append((f"channel {channel.channel.value}", channel.text.text,
                              channel.text.source))
        for document in service.documents:
            pairs.append((f"document {document.id}", document.name, document.source))
        for result in service.results:
            pairs.append((f"result {result.id}", result.title, result.source))
            if result.text is not None:
                pairs.append((f"result {result.id} text", result.text, result.source))
        for ground in (*service.acceptance_refusals, *service.service_refusals):
            pairs.append((f"refusal {ground.id}", ground.text, ground.source))
        for regulation in service.regulations:
            pairs.append((f"regulation {regulation.id}", regulation.act, regulation.source))
        coupon = service.coupon
        if coupon is not None and coupon.text is not None:
            pairs.append(("coupon", coupon.text, coupon.source))
        for name, text, source in pairs:
            if text is not None and source is not None and source.seed and source.lines:
                yield f"{service.code}: {name}", text, source


def _seed_lines(seed: str) -> list[str]:
    return (Path(SEEDS or "") / seed).read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize(("where", "text", "source"), list(_quotes()) if SEEDS else [],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_a_quote_is_at_the_lines_it_cites(where: str, text: LocalizedText,
                                          source: SourceRef) -> None:
    lines = _seed_lines(source.seed)
    for lang, (first, last) in source.lines.items():
        cited = _normal(" ".join(lines[first - 1:last]), lang)
        wanted = text.kk if lang == "kk" else text.ru
        for part in wanted.split("\n"):
            part = _normal(part, lang)
            assert part in cited, f"{where} ({lang}): {part[:80]!r} is not at lines {first}-{last}"


def test_the_check_finds_quotes_to_check() -> None:
    assert len(list(_quotes())) > 80

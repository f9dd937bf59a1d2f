"""The shipped fonts cover every letter the documents print, and every PDF embeds them."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from desktop.formspec import load_all
from desktop.paths import i18n_dir
from desktop.printing import fonts
from desktop.printing.coupon import render_coupon


@pytest.mark.parametrize("face", list(fonts.FILES))
def test_faces_cover_kazakh_letters_and_tenge(face):
    assert fonts.missing_characters(fonts.REQUIRED_CHARACTERS, face) == set()


def test_licence_is_shipped():
    licence = fonts.fonts_dir() / "LICENSE-DejaVu.txt"
    assert "Bitstream" in licence.read_text(encoding="utf-8")


def _texts_of_forms() -> str:
    chunks: list[str] = []
    for spec in load_all().values():
        for block in spec.blocks:
            for statement in block.statements:
                chunks += [statement.text.kk, statement.text.ru]
        for field in spec.fields():
            chunks += [field.label.kk, field.label.ru]
            chunks += [c.label.kk + c.label.ru for c in field.choices]
    return "".join(chunks)


def _texts_of_catalogs() -> str:
    chunks: list[str] = []
    for lang in ("kk", "ru"):
        with (i18n_dir() / lang / "LC_MESSAGES" / "printing.po").open("rb") as handle:
            chunks += [str(message.string) for message in read_po(handle) if message.id]
    return "".join(chunks)


def test_every_character_of_forms_and_catalog_is_in_the_font():
    assert fonts.missing_characters(_texts_of_forms() + _texts_of_catalogs()) == set()


def test_fonts_are_embedded(pdf, app, registration):
    used = pdf(render_coupon(app, registration, "kk")).fonts()
    assert used, "no fonts found"
    assert all(used.values()), used
    assert not any("Helvetica" in name or "Times" in name for name in used), used

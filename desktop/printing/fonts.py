"""The TTF fonts every document embeds (DejaVu, from resources/fonts), registered once."""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.paths import resources_dir

# Font names as documents use them; the files are shipped with their licence.
REGULAR = "KomekSans"
BOLD = "KomekSans-Bold"
CONDENSED = "KomekSansCondensed"
CONDENSED_BOLD = "KomekSansCondensed-Bold"

FILES: dict[str, str] = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
}

# The letters a printed form must show (glossary C.1 rule 6) and the tenge sign.
REQUIRED_CHARACTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі₸№«»–—"

_lock = threading.Lock()
_registered = False


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> None:
    """Register the four faces with reportlab (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, file_name in FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / file_name)))
        # <b> inside a Paragraph picks the bold face of the same family.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        addMapping(CONDENSED, 0, 0, CONDENSED)
        addMapping(CONDENSED, 1, 0, CONDENSED_BOLD)
        addMapping(CONDENSED, 0, 1, CONDENSED)
        addMapping(CONDENSED, 1, 1, CONDENSED_BOLD)
        _registered = True


def missing_characters(text: str, font_name: str = REGULAR) -> set[str]:
    """The characters of ``text`` that the font has no glyph for (whitespace ignored)."""
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    char_map = font.face.charToGlyph  # type: ignore[attr-defined]
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in char_map}

"""Fixtures for the printed documents: generated records and a PDF inspector (poppler, pypdf)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.printing import samples
from desktop.printing.document import BOTTOM, LEFT, RIGHT, TOP

MM = 72 / 25.4
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext) is not installed")


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float  # from the top of the page, as poppler gives it
    x1: float
    y1: float
    text: str

    def overlap(self, other: Word) -> float:
        """The share of the smaller box covered by the other box."""
        width = min(self.x1, other.x1) - max(self.x0, other.x0)
        height = min(self.y1, other.y1) - max(self.y0, other.y0)
        if width <= 0 or height <= 0:
            return 0.0
        smaller = min((self.x1 - self.x0) * (self.y1 - self.y0),
                      (other.x1 - other.x0) * (other.y1 - other.y0))
        return width * height / smaller if smaller > 0 else 0.0


@dataclass
class Pdf:
    """One rendered document and what poppler and pypdf read from it."""

    data: bytes

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data))

    def text(self) -> str:
        """All text, pages joined, whitespace runs made single spaces."""
        return " ".join(_poppler(self.data, ["pdftotext", "-raw", "-enc", "UTF-8"]).split())

    def flat(self) -> str:
        """All text with no whitespace at all (values wrapped over lines still match)."""
        return re.sub(r"\s+", "", self.text())

    def has(self, value: str) -> bool:
        return re.sub(r"\s+", "", value) in self.flat()

    def pages(self) -> int:
        return len(self.reader.pages)

    def page_texts(self) -> list[str]:
        return [" ".join((page.extract_text() or "").split()) for page in self.reader.pages]

    def words(self) -> list[Word]:
        html = _poppler(self.data, ["pdftotext", "-bbox", "-enc", "UTF-8"])
        found: list[Word] = []
        for number, page in enumerate(html.split("<page ")[1:], start=1):
            for match in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                     r'yMax="([\d.]+)">(.*?)</word>', page):
                x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
                found.append(Word(number, x0, y0, x1, y1, unescape(match.group(5))))
        return found

    def page_size(self) -> tuple[float, float]:
        box = self.reader.pages[0].mediabox
        return float(box.width), float(box.height)

    def fonts(self) -> dict[str, bool]:
        """Every font used, by base name, and whether its program is embedded."""
        fonts: dict[str, bool] = {}
        for page in self.reader.pages:
            resources = page.get("/Resources") or {}
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2",
                                                             "/FontFile3"))
                fonts[str(font.get("/BaseFont"))] = embedded
        return fonts

    def metadata(self) -> dict[str, str]:
        meta = self.reader.metadata or {}
        return {key: str(value) for key, value in meta.items()}

    def png(self, folder: Path, name: str, dpi: int = 70) -> list[Path]:
        pdf_path = folder / f"{name}.pdf"
        pdf_path.write_bytes(self.data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf_path), str(folder / name)],
                       check=True)
        return sorted(folder.glob(f"{name}-*.png"))


def _poppler(data: bytes, command: list[str]) -> str:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        target = Path(folder) / "out.txt"
        subprocess.run([*command, str(source), str(target)], check=True, capture_output=True)
        return target.read_text(encoding="utf-8")




def layout_problems(pdf: Pdf, cut_captions: tuple[str, ...] = ("(қию", "(линия")) -> list[str]:
    """Text outside the page frame, words drawn over each other, words across the cut line."""
    width, height = pdf.page_size()
    words = pdf.words()
    problems: list[str] = []
    slack = 1.5
    for word in words:
        in_footer = word.y0 > height - BOTTOM and word.y1 < height - 4 * MM
        in_stamp = word.y1 < TOP and word.y0 > 2 * MM
        if word.x0 < LEFT - slack or word.x1 > width - RIGHT + slack:
            problems.append(f"p{word.page} {word.text!r} runs outside the frame sideways "
                            f"({word.x0:.1f}..{word.x1:.1f})")
        if (word.y0 < TOP - slack or word.y1 > height - BOTTOM + slack) and not (
                in_footer or in_stamp):
            problems.append(f"p{word.page} {word.text!r} runs outside the frame vertically "
                            f"({word.y0:.1f}..{word.y1:.1f})")
    by_page: dict[int, list[Word]] = {}
    for word in words:
        by_page.setdefault(word.page, []).append(word)
    for page_words in by_page.values():
        ordered = sorted(page_words, key=lambda w: w.y0)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1:]:
                if second.y0 > first.y1:
                    break
                if first.overlap(second) > 0.15:
                    problems.append(f"p{first.page} {first.text!r} overlaps {second.text!r}")
        for caption in (w for w in page_words if w.text in cut_captions):
            line_y = caption.y0 - 3.9  # the dashed line is drawn 3.2 mm above the caption
            for word in page_words:
                if word.y0 - 0.5 < line_y < word.y1 + 0.5:
                    problems.append(f"p{word.page} {word.text!r} crosses the cut line")
    return problems


@pytest.fixture
def app():
    return samples.sample_application()


@pytest.fixture
def registration(app):
    return samples.sample_registration(app)


@pytest.fixture
def refusal():
    return samples.sample_refusal()


@pytest.fixture
def pdf():
    """``pdf(data)`` wraps rendered bytes for inspection (skips without poppler)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    return Pdf


@pytest.fixture
def layout():
    """``layout(Pdf)`` lists text outside its box, overlapping, or across the cut line."""
    return layout_problems

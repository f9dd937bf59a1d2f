"""Time to render printed documents, against a bare reportlab page in the same run.

    python benchmarks/printing.py [--runs 20]

Targets: a coupon in under 100 ms, the full intake packet (application with coupon, family,
income and farm sheets, calculation) in under 500 ms. Fonts, form files and catalogs are
loaded once before timing (a desk does that once per session); each figure is the median of
``--runs`` renders in one process. The bare page is one A4 page with one line of text in
reportlab's built-in Helvetica: what reportlab costs with nothing of ours.

Then the packet's pages as images with PDFium (desktop/ui/printing/pages.py): at 96 dpi, what
the print preview draws on the UI thread (target under 250 ms, so no worker thread is needed),
and at 300 dpi, what goes to the printer (reported only: the printer is slower anyway).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from timing import median_ms  # noqa: E402

from desktop.printing import samples  # noqa: E402
from desktop.printing.coupon import render_coupon  # noqa: E402
from desktop.printing.packet import render_packet  # noqa: E402

TARGETS_MS = {"coupon": 100.0, "packet": 500.0, "packet at 96 dpi": 250.0}


def bare_page() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.drawString(72, 760, "Hello")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    app = samples.sample_application(members=5)
    registration = samples.sample_registration(app)
    assessment = samples.sample_assessment(samples.assessed_application(members=5))
    packet_app = samples.sample_application(members=5)
    render_coupon(app, registration, "kk")
    print(f"first-use set-up (fonts, forms, catalogs, parameters): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    bare = median_ms(bare_page, args.runs)
    figures: dict[tuple[str, str], float] = {}
    for lang in ("kk", "ru"):
        figures[("coupon", lang)] = median_ms(
            lambda lang=lang: render_coupon(app, registration, lang), args.runs)
        figures[("packet", lang)] = median_ms(
            lambda lang=lang: render_packet(packet_app, registration, assessment, lang),
            args.runs)
    print(f"bare reportlab page: {bare:7.1f} ms")
    failed = False
    for (document, lang), value in figures.items():
        name = f"{document} ({lang})"
        target = TARGETS_MS[document]
        verdict = "ok" if value < target else "SLOW"
        failed |= value >= target
        print(f"{name:>19}: {value:7.1f} ms  ({value / bare:5.1f} × bare page; "
              f"target < {target:.0f} ms: {verdict})")
    failed |= rasterize(render_packet(packet_app, registration, assessment, "kk"), args.runs)
    return 1 if failed else 0


def rasterize(pdf: bytes, runs: int) -> bool:
    """The print preview's and the printer's page images of ``pdf``; True if too slow."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from desktop.ui.printing.pages import PREVIEW_DPI, PRINT_DPI, page_count, render_pages

    _app = QGuiApplication.instance() or QGuiApplication([])
    pages = page_count(pdf)
    preview = median_ms(lambda: render_pages(pdf, PREVIEW_DPI), runs)
    printer = median_ms(lambda: render_pages(pdf, PRINT_DPI), max(3, runs // 5))
    target = TARGETS_MS["packet at 96 dpi"]
    verdict = "ok" if preview < target else "SLOW"
    print(f"packet, {pages} pages as images at {PREVIEW_DPI} dpi (preview): {preview:7.1f} ms "
          f"(target < {target:.0f} ms: {verdict})")
    print(f"packet, {pages} pages as images at {PRINT_DPI} dpi (printer): {printer:7.1f} ms")
    return preview >= target


if __name__ == "__main__":
    sys.exit(main())

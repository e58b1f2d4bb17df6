"""Issue 12 (PDF text from other producers): a Chromium-printed PDF reads and redacts like a
generated one.

The HTML is printed by headless Chromium (playwright ``page.pdf``) at test time: CID (Type0,
Identity-H) fonts, every table cell its own text block, a value split over two spans (bold part),
letter-spacing (kerning splits) and ligatures. Every value must be gone from every channel; the
labels, the invoice number and the total stay in the text layer; the page is not rebuilt.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pdf_channels import leaks

from redactor import redact

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
VALUES = ("Jonas Petraitis", "38703181745", "jonas.petraitis@gmail.com", "LT601010012345678901",
          "+370 612 34567", "Rūta Kazlauskienė")
KEEP = ("HD-2026-0042", "Apmokėjimo sąlygos", "Iš viso", "125,00", "official", "Vardas, pavardė")

HTML = """<!doctype html><html><head><meta charset="utf-8"><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; margin: 30px; }
table { border-collapse: collapse; margin-top: 12px; }
td, th { border: 1px solid #999; padding: 4px 8px; }
th { background: #eef; }
.sp { letter-spacing: 0.6px; }
</style></head><body>
<h2>Užklausa HD-2026-0042</h2>
<p>Vardas, pavardė: <b>Jonas</b> <span class="sp">Petraitis</span></p>
<p>Asmens kodas: <span class="sp">38703181745</span></p>
<p>El. paštas: jonas.petraitis@<i>gmail.com</i></p>
<table><tr><th>Vardas</th><th>Pavardė</th><th>Tel.</th><th>Sąskaita</th></tr>
<tr><td>Rūta</td><td>Kazlauskienė</td><td>+370 612 34567</td><td>LT601010012345678901</td></tr></table>
<p>Apmokėjimo sąlygos: official fixed fee. Iš viso: 125,00 EUR</p>
</body></html>"""


@pytest.fixture(scope="module")
def chromium_pdf() -> bytes:
    sync = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    with sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page()
            page.set_content(HTML)
            data = page.pdf(format="A4", print_background=True)
        finally:
            browser.close()
    return data


def test_chromium_pdf_has_cid_fonts(chromium_pdf: bytes) -> None:
    doc = pymupdf.open(stream=chromium_pdf)
    assert {f[2] for f in doc[0].get_fonts()} == {"Type0"}
    text = doc[0].get_text()
    assert all(v in text for v in VALUES[1:4])  # the values really are in the text layer


def test_chromium_pdf_is_redacted_in_every_channel(chromium_pdf: bytes) -> None:
    res = redact(chromium_pdf, lang="lt")
    assert res.ocr_pages == 0 and not res.warnings  # trusted text layer: no OCR, no rebuild
    for v in VALUES:
        assert leaks(res.data, v) == [], v
    text = pymupdf.open(stream=res.data)[0].get_text()
    for k in KEEP:
        assert k in text, k

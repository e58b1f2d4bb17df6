"""Downscaled screenshots: a 9-10 px UI font scaled to two thirds (a 3-4 px x-height), rendered in
the machine's Chromium, scaled as a user's screenshot tool does, redacted, and the OUTPUT pixels
read again: the values are gone, the labels beside them are still there.
"""

from __future__ import annotations

import io
import re

import pytest
import screens
from PIL import Image

from redactor import redact
from redactor.ocr import ocr_regions

MAIL = "zdenisova@gmail.com"
MAIL_B = "ruta.kaz@pastas.lt"

_HTML = f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{margin:0;background:#fbf8f3;font-family:'DejaVu Sans',sans-serif;width:640px}}
.toast{{margin:14px;padding:8px 14px;border-radius:6px;background:#9a6700;color:#fff;font-size:11px;
 width:300px}}
.row{{margin:8px 14px;font-size:11px;color:#222}}
</style></head><body>
<div class="toast"><b>WARN</b><br>Эл. почта: {MAIL}</div>
<div class="row">Kontaktas: {MAIL_B} &nbsp; Būsena: Aktyvus</div>
</body></html>"""


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text).lower()


@pytest.fixture(scope="module")
def downscaled() -> bytes:
    png = screens.shot_or_skip(_HTML, width=640)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    small = img.resize((round(img.width * 0.67), round(img.height * 0.67)), Image.LANCZOS)
    buf = io.BytesIO()
    small.save(buf, format="PNG")
    return buf.getvalue()


def test_downscaled_mail_gone_from_output_pixels_labels_survive(downscaled: bytes) -> None:
    before = " ".join(w.text for w in ocr_regions(Image.open(io.BytesIO(downscaled))))
    for value in (MAIL, MAIL_B):  # the input really shows them: this OCR reads their local parts
        assert value.split("@")[0].split(".")[0] in before.lower(), f"{value} not read: {before!r}"
    out = Image.open(io.BytesIO(redact(downscaled).data))
    out.load()
    after = " ".join(w.text for w in ocr_regions(out))
    for value in (MAIL, MAIL_B):
        local = value.split("@")[0].split(".")[0]
        assert local not in after.lower(), f"{value} still readable after redaction: {after!r}"
    for label in ("WARN", "почта", "Kontaktas", "Aktyvus"):
        assert label.lower() in after.lower(), f"label {label} lost: {after!r}"


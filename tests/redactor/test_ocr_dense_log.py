"""A dense dark log viewer saved as JPEG: every line's values are read and gone from the output.

JPEG ringing around light text on a dark background closes the few pixels between the lines of a
log, so the located text blob of the whole log was taller than any line and was dropped: none of
its values was read (our second corpus: three console JPEGs, 45 values, none read). The screen is
rendered in the machine's Chromium at test time; the output pixels are read again by both OCR
passes and must show none of the values, while the log's own words survive.
"""

from __future__ import annotations

import io
import re

import screens
from PIL import Image

from redactor import redact
from redactor.ocr import ocr_image, ocr_regions, ocr_words
from redactor.regions import as_rgb, locate

VALUES = [screens.CODE_A, screens.IBAN_A, screens.MAIL_B, screens.CODE_B, screens.MAIL_C]
KEEP = ["journalctl", "billing", "payment", "result"]


def _jpeg() -> bytes:
    rows = [f"INFO kyc check value={VALUES[i % len(VALUES)]} payment result=OK" for i in range(24)]
    html = screens.log_html(rows, background="#0d0d0d", ink="#d0d0d0", line=15, width=900,
                             bar="#333;color:#eee", numbers="#777")
    return screens.jpeg_screenshot(html, width=900, quality=72)


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text).lower()


def test_dense_dark_log_in_jpeg_is_read_line_by_line() -> None:
    data = _jpeg()
    img = Image.open(io.BytesIO(data))
    lines = locate(as_rgb(img))
    assert all(ln.box[3] - ln.box[1] <= 140 for ln in lines)
    read = _flat(" ".join(w.text for w in ocr_image(img)))
    assert all(_flat(v) in read for v in (screens.CODE_A, screens.CODE_B, screens.IBAN_A)), "not read"
    out = Image.open(io.BytesIO(redact(data).data))
    out.load()
    after = " ".join(w.text for w in ocr_regions(out)) + " " + " ".join(w.text for w in ocr_words(out))
    for v in VALUES:
        assert _flat(v) not in _flat(after), "value still readable after redaction"
    for word in KEEP:
        assert word in after.lower(), f"{word!r} was lost"

"""Names whose descenders end on their located box's bottom row, in a Chromium-rendered ticket list.

The locator's edge threshold misses the faint anti-aliased tail of a 'g', 'j', 'p' or 'y'; the
box then ends on that tail, and normalising the box took every faint-ink component touching its
edge for a border: the 'g' of "Mindaugas" went, its neighbour with it, and Tesseract read
"Mindau" (the tail, "gas", stayed readable next to the black bar). A glyph reaching down from the
box's middle row is kept (:func:`redactor.region_norm._foreign`). Each name must be read whole from
the input, and no part of it be readable in the output; the ticket numbers and statuses survive.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
import screens
from PIL import Image

from redactor import redact
from redactor.ocr import ocr_regions

NAMES = ["Mindaugas Jarusevičius", "Gytis Pagojus", "Egija Jaunzeme", "Jurgita Gylienė"]
KEPT = ["HD-40211", "HD-40212", "HD-40213", "HD-40214", "Atvira"]


def _html(font: str) -> str:
    rows = "".join(
        f"<tr><td>HD-4021{i + 1}</td><td>{n}</td><td>2026-03-0{i + 1}</td><td>Atvira</td></tr>"
        for i, n in enumerate(NAMES)
    )
    style = (
        f"body{{margin:0;font:13px {font};color:#222;background:#fff}}"
        "table{border-collapse:collapse;width:70%;margin:14px}"
        "td{padding:6px;border-bottom:1px solid #d0d7de}"
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{style}</style></head>"
        f"<body><table>{rows}</table></body></html>"
    )


def _fold(text: str) -> str:
    """Lower case, letters and digits only, no diacritics (OCR reads 'ė' as 'ē')."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"\W", "", bare).lower()


def _words(img: Image.Image) -> list[str]:
    return [_fold(w.text) for w in ocr_regions(img)]


@pytest.fixture(scope="module", params=["'DejaVu Sans',sans-serif", "'DejaVu Serif',serif"])
def shot(request: pytest.FixtureRequest) -> tuple[list[str], list[str]]:
    png = screens.shot_or_skip(_html(request.param), width=1000)
    out = Image.open(io.BytesIO(redact(png).data))
    out.load()
    return _words(Image.open(io.BytesIO(png))), _words(out)


def test_names_with_descenders_are_read_whole(shot: tuple[list[str], list[str]]) -> None:
    before = shot[0]
    for name in NAMES:
        for part in map(_fold, name.split()):
            assert part in before, f"{part!r} not read whole"


def test_no_part_of_a_name_is_readable_after_redaction(shot: tuple[list[str], list[str]]) -> None:
    after = shot[1]
    for name in NAMES:
        for part in map(_fold, name.split()):
            tails = {part[i:] for i in range(len(part) - 2)} | {part[:i] for i in range(3, len(part) + 1)}
            assert not tails & set(after), f"part of {part!r} still readable: {sorted(tails & set(after))}"


def test_ticket_numbers_and_statuses_survive(shot: tuple[list[str], list[str]]) -> None:
    after = shot[1]
    for kept in KEPT:
        assert _fold(kept) in after, f"{kept!r} was lost"

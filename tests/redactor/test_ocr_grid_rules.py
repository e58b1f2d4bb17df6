"""A spreadsheet's grid, an active cell's outline and a badge under a header name, redacted and read again.

Where a table's rules cross, their gradient vanishes, so each column rule is cut at every row rule
into pieces one row tall: too short to be taken for rules, they joined the first-name cells of
several rows into one box that was never read (:func:`redactor.regions.edges`). A faint rule left
inside a box that spans two cells was read as a quote glued to the header ('"Vardas'), and the
column lost its label (:func:`redactor.region_norm._rules`); the active cell's 2 px outline set
the line's x-height (:func:`redactor.region_norm._frames`). A header name's descenders touching
the top of a badge below were dropped with it as ink from beyond the box's edge
(:func:`redactor.region_norm._edge_strips`). The output pixels, read again, must show none of the
names; the column headers and the badge must survive.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
import screens
from PIL import Image

from redactor import redact, region_norm, regions
from redactor.ocr import ocr_regions

FIRST = ["Kristina", "Gustas", "Liepa", "Indrė", "Mantas", "Rūta"]
LAST = ["Kazlauskienė", "Petrauskas", "Jankauskaitė", "Stankevičius", "Vaitkutė", "Žukauskas"]
LABELS = ["Vardas", "Pavardė", "Miestas"]
CITIES = ["Vilnius", "Kaunas", "Klaipėda", "Šiauliai", "Panevėžys", "Alytus"]


def _sheet_html() -> str:
    rows = "".join(
        f"<tr><th>{i + 2}</th><td>{f}</td><td{' class=act' if i == 0 else ''}>{s}</td><td>{c}</td></tr>"
        for i, (f, s, c) in enumerate(zip(FIRST, LAST, CITIES, strict=True))
    )
    style = (
        "body{margin:0;background:#fbf8f3;color:#222;font:15px 'DejaVu Sans',sans-serif}"
        "table{border-collapse:collapse;margin:8px}th{background:#f1ebe2;color:#777;font-weight:normal;"
        "border:1px solid #e2d9cd;padding:2px 6px}td{border:1px solid #e2d9cd;padding:2px 6px}"
        "td.h{font-weight:600;background:#f1ebe2}td.act{outline:2px solid #c2410c;outline-offset:-2px}"
        ".nm{font:600 26px 'DejaVu Sans',sans-serif;margin:12px 8px 0}"
        ".b{background:#e36209;color:#fff;border-radius:4px;padding:2px 6px;font-weight:600;margin-left:8px}"
    )
    head = "".join(f"<td class=h>{h}</td>" for h in LABELS)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{style}</style></head><body>"
        f"<div class=nm>Kęstutis Bagdonavičius</div><div><span class=b>B2C</span></div>"
        f"<table><tr><th>1</th>{head}</tr>{rows}</table></body></html>"
    )


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text).lower()


@pytest.fixture(scope="module")
def sheet() -> tuple[Image.Image, str, str]:
    png = screens.shot_or_skip(_sheet_html(), scale=1.25, width=560)
    img = Image.open(io.BytesIO(png))
    img.load()
    out = Image.open(io.BytesIO(redact(png).data))
    out.load()
    before = " ".join(w.text for w in ocr_regions(img))
    after = " ".join(w.text for w in ocr_regions(out))
    return img, before, after


def test_no_located_box_spans_rows_of_the_grid(sheet: tuple[Image.Image, str, str]) -> None:
    rgb = regions.as_rgb(sheet[0])
    row = 2 * 1.25 * 15  # a grid row is about 1.4 of its 15 px font; two rows are more
    top = 80  # the grid starts below the header name and its badge (about 75 CSS px)
    tall = [ln.box for ln in regions.locate(rgb) if ln.box[1] > top and ln.box[3] - ln.box[1] > row]
    assert tall == [], tall


def test_the_active_cells_outline_does_not_set_its_x_height(sheet: tuple[Image.Image, str, str]) -> None:
    rgb = regions.as_rgb(sheet[0])
    heights = []
    for ln in regions.locate(rgb):
        got = region_norm.normalise(rgb, ln.box)
        if got is not None and ln.box[3] - ln.box[1] < 40:
            heights.append(got[1])
    assert min(heights) >= 6, heights  # 15 px at 1.25: an x-height of about 10 px, never the frame's 2-3


def test_names_are_gone_from_output_pixels(sheet: tuple[Image.Image, str, str]) -> None:
    _, before, after = sheet
    for name in [*FIRST, *LAST, "Bagdonavičius"]:
        assert _flat(name) in _flat(before), f"{name} not readable in the input"
        assert _flat(name) not in _flat(after), f"{name} still readable after redaction"


def test_headers_and_badge_survive(sheet: tuple[Image.Image, str, str]) -> None:
    words = sheet[2].split()
    for label in LABELS:
        assert label in words, f"{label!r} was lost: {sheet[2]}"
    img, _, _ = sheet
    out = np.asarray(Image.open(io.BytesIO(redact(_png(img)).data)).convert("RGB")).astype(int)
    rgb = np.asarray(img.convert("RGB")).astype(int)
    badge = (rgb[..., 0] > 190) & (rgb[..., 1] < 140) & (rgb[..., 2] < 80)  # the orange badge
    rows = np.flatnonzero(badge.any(axis=1))
    badge[: rows[0] + (rows[-1] - rows[0]) // 3] = False  # its top may lie under the name's box
    assert badge.sum() > 300
    kept = (out[badge] == rgb[badge]).all(axis=1).mean()
    assert kept > 0.95, kept  # the badge is not painted over with the name above it


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()

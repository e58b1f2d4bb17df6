"""Fills inside located text boxes (:mod:`redactor.fills`): a chip joined to its label by a
downscaled JPEG is cut from it and read on its own; plain dark text is never taken for a fill.

The screens are drawn with PIL (no browser): a label, a gap of a few pixels, a rounded green chip
with white text, then saved as JPEG the way a 0.75x recompressed screenshot arrives.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import screens
from PIL import Image, ImageDraw, ImageFont
from redactor_docs import font

from redactor import fills
from redactor.ocr import ocr_regions
from redactor.regions import as_rgb, locate


def _jpeg(img: Image.Image, quality: int = 70) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality)
    out = Image.open(io.BytesIO(buf.getvalue()))
    out.load()
    return out


def _chip_line() -> tuple[Image.Image, int, int]:
    """'Kontaktas:' and a green chip 4 px to its right; returns the image and the chip's x span."""
    img = Image.new("RGB", (460, 40), "white")
    d = ImageDraw.Draw(img)
    d.text((8, 12), "Kontaktas:", fill=(34, 34, 34), font=font(10))
    left = 8 + round(d.textlength("Kontaktas:", font=font(10))) + 4
    right = left + round(d.textlength(screens.MAIL_B, font=font(10))) + 16
    d.rounded_rectangle((left, 8, right, 26), radius=8, fill=(46, 125, 50))
    d.text((left + 8, 11), screens.MAIL_B, fill="white", font=font(10))
    return _jpeg(img), left, right


def test_chip_joined_to_its_label_is_cut_from_it() -> None:
    img, left, right = _chip_line()
    boxes = [ln.box for ln in locate(as_rgb(img))]
    # one box holds the chip and not the label, another the label (before: one box for both)
    chip = [b for b in boxes if b[0] >= left - 3 and b[2] <= right + 3 and b[2] - b[0] > 0.8 * (right - left)]
    assert chip, boxes
    assert any(b[2] <= left + 1 for b in boxes), boxes
    text = " ".join(w.text for w in ocr_regions(img))
    assert "Kontaktas" in text and screens.MAIL_B in text, text


def test_a_jpeg_chip_is_a_fill_though_its_colour_is_spread_over_many_bins() -> None:
    img, left, right = _chip_line()
    rgb = as_rgb(img).astype(np.int16)
    crop = rgb[6:29, 4:right + 4]
    _, _, found = fills.find(crop, fills.box_k(crop.shape[0]))
    assert len(found) == 1
    cols = np.flatnonzero(found[0].region.any(axis=0)) + 4
    assert abs(int(cols[0]) - left) <= 2 and abs(int(cols[-1]) - right) <= 2


def test_dark_bold_text_on_white_is_no_fill_and_is_not_cut() -> None:
    """A bold IBAN and a bold word, small and JPEG-smeared: their blots are glyphs, not fills (a
    fill rule that took them cut 'LT79...' into 'L' and '79...')."""
    bold = font(11)
    img = Image.new("RGB", (420, 34), "white")
    d = ImageDraw.Draw(img)
    for dx in (0, 1):  # a poor man's bold: the glyphs drawn twice, one pixel apart
        d.text((8 + dx, 10), "Sąskaita: " + screens.IBAN_A + "  Mokėtojas", fill=(10, 10, 10), font=bold)
    small = _jpeg(img.resize((315, 26), Image.LANCZOS), 60)
    rgb = as_rgb(small)
    lines = locate(rgb)
    for ln in lines:
        x0, y0, x1, y1 = ln.box
        crop = rgb[y0:y1, x0:x1].astype(np.int16)
        assert fills.find(crop, fills.box_k(y1 - y0))[2] == [], ln.box
    assert len(lines) == 1, [ln.box for ln in lines]


@pytest.mark.parametrize("size", [12, 13, 14])
def test_a_bold_name_on_grey_keeps_every_glyph(size: int) -> None:
    """Bold dark text in a PNG: its ink is a frequent colour and the grey anti-aliasing around a
    bold 'м' is far from the page, so a core of far pixels sat in the glyph; the glyph is no fill
    (it lacks a solid square of its own colour) and stays ink (it was blanked: 'Макси ов')."""
    bold = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    if not bold.exists():
        pytest.skip("DejaVu Sans Bold is not installed")
    img = Image.new("RGB", (200, 24), (243, 244, 246))
    ImageDraw.Draw(img).text((6, 4), "Максимов Степан", fill=(21, 21, 21),
                             font=ImageFont.truetype(str(bold), size))
    rgb = as_rgb(img)
    for ln in locate(rgb):
        x0, y0, x1, y1 = ln.box
        crop = rgb[y0:y1, x0:x1].astype(np.int16)
        assert fills.find(crop, fills.box_k(y1 - y0))[2] == [], (size, ln.box)


def test_a_lone_narrow_glyph_beside_a_chip_stays_in_a_box() -> None:
    """'1' right of a chip is too narrow to be a part of its own: the box is not cut, so no
    located box loses the digit."""
    img = Image.new("RGB", (260, 40), "white")
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((8, 8, 200, 26), radius=8, fill=(46, 125, 50))
    d.text((16, 11), screens.MAIL_B, fill="white", font=font(10))
    d.text((205, 11), "1", fill=(34, 34, 34), font=font(10))
    img = _jpeg(img)
    rgb = as_rgb(img)
    ink = np.flatnonzero((rgb[:, 203:215].min(axis=2) < 120).any(axis=0)) + 203
    boxes = [ln.box for ln in locate(rgb)]
    assert all(any(b[0] <= x < b[2] for b in boxes) for x in ink), (boxes, ink)

"""Values on coloured chips and bubbles of a Chromium-rendered card, redacted and read again.

A caption in small capitals right over its chip makes one located box two lines tall: a dim chip
on a dark panel ("TĀLR." over "+371 28182827") has margins thinner than the fill square that box
expects, so its letters stayed light on a dark block and were never read
(:func:`redactor.fills.low_chip`). Green chat bubbles' rounded ends are located as narrow boxes of
anti-aliased specks and dropped (:data:`redactor.region_norm.ARC_TALL`). The output pixels, read
again, must show none of the values; the captions and neighbouring words must survive.
"""

from __future__ import annotations

import difflib
import io
import re

import numpy as np
import pytest
import screens
from PIL import Image

from redactor import redact, region_norm, regions
from redactor.ocr import ocr_regions, ocr_words

VALUES = [screens.CHIP_PHONE, screens.CHIP_IBAN, screens.BUBBLE_MAIL]


def _flat(text: str) -> str:
    return re.sub(r"[\s\u2009\u202f]", "", text).lower()


@pytest.fixture(scope="module")
def card() -> tuple[bytes, str, str]:
    png = screens.shot_or_skip(screens.colour_card_html(), scale=1.0, width=720)
    out = Image.open(io.BytesIO(redact(png).data))
    out.load()
    before = " ".join(w.text for w in ocr_regions(Image.open(io.BytesIO(png))))
    after = " ".join(w.text for w in ocr_regions(out)) + " " + " ".join(w.text for w in ocr_words(out))
    return png, before, after


@pytest.mark.parametrize("value", VALUES)
def test_chip_and_bubble_values_are_gone_from_output_pixels(card: tuple[bytes, str, str], value: str) -> None:
    _, before, after = card
    assert _flat(value) in _flat(before), "value not readable in the input"
    assert _flat(value) not in _flat(after), "value still readable after redaction"
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 8:
        assert digits not in re.sub(r"\D", "", after), "digits still readable"


def test_captions_and_neighbours_survive(card: tuple[bytes, str, str]) -> None:
    words = card[2].lower().split()
    for label in [*screens.COLOUR_LABELS, "Tālr.", "Konts", "Paldies!"]:
        best = max(difflib.SequenceMatcher(None, label.lower(), w).ratio() for w in words)
        assert best >= 0.8, f"label {label!r} was lost"


def test_a_bubbles_rounded_end_is_no_text_line(card: tuple[bytes, str, str]) -> None:
    """The narrow boxes located at the bubbles' rounded ends hold only anti-aliased specks once
    the bubble's green is background: they never reach the composed page."""
    rgb = regions.as_rgb(Image.open(io.BytesIO(card[0])))
    green = np.all(np.abs(rgb.astype(int) - (46, 125, 50)) < 12, axis=-1)
    ends = [ln.box for ln in regions.locate(rgb)
            if ln.box[3] - ln.box[1] > region_norm.ARC_TALL * (ln.box[2] - ln.box[0])
            and green[ln.box[1]:ln.box[3], ln.box[0]:ln.box[2]].any()]
    assert ends, "the bubbles' ends are located"  # the case exists in this screen
    assert all(region_norm.normalise(rgb, b) is None for b in ends)

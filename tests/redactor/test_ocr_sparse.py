"""The sparse pass of scanned pages reads only what the layout pass left (redactor.sparse).

A page whose text the layout pass reads fully costs one tesseract process (the old code ran a second,
full-page sparse pass on every scanned page); a word the layout pass dropped is still read, by a
sparse pass over a canvas smaller than the page; a layout word holding a blank as wide as a space
is read again (the sparse pass splits it).
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw
from redactor_docs import font

from redactor import ocr, sparse


def _page(lines: list[tuple[int, int, str]]) -> Image.Image:
    """A white A4 page at 150 dpi with dark text, a little grey like a scan."""
    img = Image.new("RGB", (1240, 1754), (246, 246, 244))
    draw = ImageDraw.Draw(img)
    for x, y, text in lines:
        draw.text((x, y), text, fill=(30, 30, 30), font=font(26))
    return img


def test_fully_read_page_runs_one_tesseract(calls: list[tuple[int, tuple[int, int]]]) -> None:
    page = _page([(120, 200, "Quarterly warehouse report"), (120, 260, "Shipping notes follow below")])
    words = ocr.ocr_words_thorough(page, lang="en")
    assert {"warehouse", "report", "Shipping"} <= {w.text for w in words}
    assert [psm for psm, _ in calls] == [3]


def test_word_the_layout_pass_drops_is_read_by_a_sparse_crop(
        monkeypatch: pytest.MonkeyPatch, calls: list[tuple[int, tuple[int, int]]]) -> None:
    page = _page([(120, 200, "Quarterly warehouse report"), (820, 900, "Tangerine")])
    counting = ocr.run_tesseract

    def layout_drops_the_cell(img: Image.Image, langs: str, timeout: float, psm: int = 3,
                              extra: tuple[str, ...] = ()) -> list[dict[str, str]]:
        rows = counting(img, langs, timeout, psm=psm, extra=extra)
        if psm == 3:  # the layout pass "drops" the lone cell far right, as it does next to borders
            rows = [r for r in rows if r.get("level") != "5" or int(r["left"]) < img.width // 2]
        return rows

    monkeypatch.setattr(ocr, "run_tesseract", layout_drops_the_cell)
    words = ocr.ocr_words_thorough(page, lang="en")
    found = [w for w in words if w.text == "Tangerine"]
    assert found and 800 <= found[0].box[0] <= 840 and 890 <= found[0].box[1] <= 920
    assert [psm for psm, _ in calls] == [3, 11]
    (_, (cw, ch)) = calls[1]
    assert cw * ch < 0.05 * 1240 * 1754 * 1.5 ** 2  # a crop, not the page


def test_blank_inside_a_word_is_a_lost_space() -> None:
    grey = np.full((200, 600), 255, np.uint8)
    img = Image.fromarray(grey)
    ImageDraw.Draw(img).text((20, 50), "Tangerine", fill=0, font=font(40))
    ImageDraw.Draw(img).text((280, 50), "Harbour", fill=0, font=font(40))
    ImageDraw.Draw(img).text((20, 120), "Tangerines", fill=0, font=font(40))
    a = np.asarray(img)
    glued = ((16, 46, 450, 100), "TangerineHarbour")
    whole = ((16, 116, 260, 170), "Tangerines")
    assert sparse.areas(a, [glued, whole]) == [glued[0]]


def test_rules_and_fills_are_not_text() -> None:
    grey = np.full((400, 800), 255, np.uint8)
    grey[100:103, 50:750] = 0  # a table rule
    grey[150:350, 400:402] = 0  # a column rule
    grey[20:70, 0:800] = 20  # a dark header bar
    assert sparse.areas(grey, []) == []

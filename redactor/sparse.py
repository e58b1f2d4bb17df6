"""Where a scanned page's layout pass read nothing: the ink it left uncovered, composed for one
sparse-text pass.

Tesseract's layout analysis (``--psm 3``) sometimes drops whole table cells of a scan (the last
row of a ruled table, a cell next to a border). A sparse-text pass (``--psm 11``) finds them, but
run over the whole page it costs as much as the layout pass again although it only ever adds the
few words the layout pass missed. So the sparse pass reads only the ink no layout word covers:

* :func:`areas` binarises the prepared page at half size, removes ruled lines (long unbroken runs
  of ink) and solid fills (dark bars, a scan's black border), blanks every layout word's box (grown
  by a few pixels) and groups what ink is left into word-sized areas (specks, rule stubs and lone
  bars are ignored); a layout word whose ink holds a blank as wide as a space is an area too;
* :func:`compose` copies those areas (with a margin of context) onto one white canvas, one under
  the other with gaps, so one tesseract process reads them all;
* :func:`to_page` maps the words read on the canvas back to page coordinates.

How it fails: ink the layout pass covered with a wrong word is not read again (the full-page
sparse pass it replaces did not add words there either: its words overlapping a layout word were
dropped); a dropped glyph smaller than :data:`MIN_INK_H` pixels (a lone full stop) and light text
on a solid fill (a dark header bar) are not read again.
Pure array arithmetic: nothing here raises for odd input (a blank page has no areas).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from redactor.types import Box
from redactor.words import Word

INK = 128  # prepared page: darker than this is ink (the prepared page is stretched dark-on-light)
GROW = 4  # px (prepared page) a layout word's box is grown by before its ink counts as covered
MIN_INK_H = 8  # px: an uncovered ink group lower than this is a speck, not text
MIN_INK_PX = 40  # px of ink an uncovered group needs to be read (a glyph at scan resolution has more)
RULE = 20  # px (half size): an unbroken ink run this long is a ruled line, not text
SOLID = 8  # px (half size): ink holding a square this big is a fill, not a glyph stroke
GAP_SPACE = 0.3  # a blank column run this share of a word's height inside it is a lost space
MARGIN = 12  # px of context copied around every area
GAP = 24  # px of white between areas on the canvas


@dataclass(slots=True)
class Placed:
    """One area of the page copied to the canvas: its page box and where its top-left went."""

    box: tuple[int, int, int, int]
    x: int
    y: int


def _kernel(w: int, h: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_RECT, (w, h))


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Ink of the (half-size) prepared page without ruled lines and solid fills (a dark header
    bar, a scan's black border, a grey table head): uint8, 255 = ink."""
    ink = np.where(grey < INK, 255, 0).astype(np.uint8)
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, _kernel(RULE, 1))
    rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, _kernel(1, RULE))
    solid = cv2.dilate(cv2.morphologyEx(ink, cv2.MORPH_OPEN, _kernel(SOLID, SOLID)), _kernel(5, 5))
    return ink & ~cv2.dilate(rules, _kernel(3, 3)) & ~solid


def areas(grey: np.ndarray, words: list[tuple[Box, str]]) -> list[tuple[int, int, int, int]]:
    """Boxes (prepared-page pixels) to read again: the word-sized ink groups no layout word's box
    (``words``: box in prepared-page pixels, text) holds, and every layout word whose ink has a
    blank gap as wide as a space inside it (two words read as one, "AllenLorraine"; the sparse
    pass splits it, see :func:`redactor.ocr.merge_sparse`). Computed at half size (a few ms)."""
    half = (max(1, grey.shape[1] // 2), max(1, grey.shape[0] // 2))
    small = cv2.resize(grey, half, interpolation=cv2.INTER_AREA)
    ink = ink_mask(small)
    h, w = ink.shape
    out = [b for b in (_glued(ink, box, text) for box, text in words) if b is not None]
    g = GROW // 2
    for (x0, y0, x1, y1), _ in words:
        ink[max(0, int(y0) // 2 - g):min(h, int(y1) // 2 + g + 1),
            max(0, int(x0) // 2 - g):min(w, int(x1) // 2 + g + 1)] = 0
    if ink.any():
        joined = cv2.dilate(ink, _kernel(9, 3))  # letters into words
        n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
        for i in range(1, n):
            x, y, bw, bh, _ = (int(v) for v in stats[i])
            x0, y0, x1, y1 = x + 4, y + 1, x + bw - 4, y + bh - 1  # undo the dilation
            if (y1 - y0 < MIN_INK_H // 2 or x1 - x0 < MIN_INK_H // 2
                    or int(np.count_nonzero(ink[y0:y1, x0:x1])) < MIN_INK_PX // 4):
                continue  # a speck, a rule's stub or a lone bar ('|', '1'): no value
            out.append((2 * x0, 2 * y0, 2 * x1, 2 * y1))
    return out


def _glued(ink: np.ndarray, box: Box, text: str) -> tuple[int, int, int, int] | None:
    """``box`` (prepared-page pixels) when the word ``text`` of at least 6 letters has a blank
    column run of :data:`GAP_SPACE` x its height between its first and last ink, else None."""
    if len(text) < 6 or sum(c.isalpha() for c in text) < 6:
        return None
    x0, y0, x1, y1 = (int(v) // 2 for v in box)
    cols = ink[y0:y1 + 1, x0:x1 + 1].any(axis=0)
    inked = np.flatnonzero(cols)
    if inked.size < 2:
        return None
    run = best = 0
    for c in cols[inked[0]:inked[-1] + 1]:
        run = 0 if c else run + 1
        best = max(best, run)
    return tuple(int(v) for v in box) if best >= GAP_SPACE * (y1 - y0) else None


def compose(grey: np.ndarray, areas: list[tuple[int, int, int, int]]) -> tuple[np.ndarray, list[Placed]]:
    """One white canvas holding every area (with :data:`MARGIN` of context), stacked with gaps."""
    h, w = grey.shape
    boxes = [(max(0, x0 - MARGIN), max(0, y0 - MARGIN), min(w, x1 + MARGIN), min(h, y1 + MARGIN))
             for x0, y0, x1, y1 in areas]
    width = max(b[2] - b[0] for b in boxes) + 2 * GAP
    height = sum(b[3] - b[1] + GAP for b in boxes) + GAP
    canvas = np.full((height, width), 255, np.uint8)
    placed, y = [], GAP
    for b in boxes:
        canvas[y:y + b[3] - b[1], GAP:GAP + b[2] - b[0]] = grey[b[1]:b[3], b[0]:b[2]]
        placed.append(Placed(b, GAP, y))
        y += b[3] - b[1] + GAP
    return canvas, placed


def place(box: tuple[int, int, int, int], placed: list[Placed]) -> Box | None:
    """Page box (prepared-page pixels) of a canvas box; None when it lies in no area."""
    cy = (box[1] + box[3]) / 2
    for p in placed:
        bw, bh = p.box[2] - p.box[0], p.box[3] - p.box[1]
        if p.y <= cy < p.y + bh:
            dx, dy = p.box[0] - p.x, p.box[1] - p.y
            x0, x1 = max(box[0], p.x) + dx, min(box[2], p.x + bw) + dx
            if x1 <= x0:
                return None
            return (x0, max(box[1], p.y) + dy, x1, min(box[3], p.y + bh) + dy)
    return None


def to_page(words: list[Word], placed: list[Placed], scale: float) -> list[Word]:
    """The words read on the canvas (canvas pixels) in the input raster's coordinates (the
    prepared page was scaled by ``scale``); words outside every area are dropped."""
    out = []
    for w in words:
        box = place(tuple(int(v) for v in w.box), placed)  # type: ignore[arg-type]
        if box is not None:
            out.append(Word(w.text, tuple(v / scale for v in box), w.line, w.conf))  # type: ignore[arg-type]
    return out

"""Normalise one located text box for Tesseract: dark-on-white grey, its x-height and baseline.

:mod:`redactor.regions` locates text boxes whatever their colour; each is normalised here on its
own. Ink is the colour distance from the crop's background (inside a fill from the fill's colour,
:func:`redactor.fills.ink_distance`), so white-on-blue, red-on-white and grey-on-grey all become
dark-on-white; ink touching the crop's edge (a border, the page beyond a panel) and solid ink wider
than a stroke (a chip's fill) are background, except a small solid blot inside a larger glyph (an
'@' at a 4 px x-height). So are a table's faint rules crossing the whole crop, an outline drawn
around the text (an active cell) and a strip of a chip or panel lying in the box's padding (the
glyphs touching it are kept). A narrow tall box holding only anti-aliased specks (a bubble's
rounded end) holds no text.

Nothing here raises: a box with no ink left yields None and is simply not read.
"""

from __future__ import annotations

import cv2
import numpy as np

from redactor import fills
from redactor.fills import INK_MIN

__all__ = ["ARC_TALL", "SPECK", "normalise"]

ARC_TALL, SPECK = 1.2, 0.06  # a box this much taller than wide whose largest ink blob is under
# SPECK x height^2 pixels holds no text (a glyph of its height is larger)


def normalise(rgb: np.ndarray, box: tuple[int, int, int, int]) -> tuple[np.ndarray, int, int] | None:
    """Dark-on-white grey crop of ``box`` with its x-height and baseline row, or None (no ink).

    Ink is the colour distance from the crop's background; solid areas (a chip's fill, a slice of
    a neighbouring panel: wider than any glyph stroke) are background too.
    """
    x0, y0, x1, y1 = box
    crop = rgb[y0:y1, x0:x1].astype(np.int16)
    k = fills.box_k(y1 - y0)
    dist = fills.ink_distance(crop, k)
    hi = float(np.percentile(dist, 99))
    if hi < INK_MIN:
        return None
    ink = (dist > 0.5 * hi).astype(np.uint8)
    # ink touching the crop's edge is not a glyph (glyphs keep a margin): a field's or panel's
    # border or the page beyond it; solid ink wider than any stroke is a fill
    faint = (dist > 0.2 * hi).astype(np.uint8)
    # a JPEG's ringing (no flat background) fills the padding with faint runs of its neighbours'
    # ink too (a dense log's lines): strips only in a lossless crop
    strips = _edge_strips(faint) if (dist < FLAT).mean() >= 0.5 else np.zeros_like(faint)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(faint & (strips == 0), connectivity=8)
    h, w = ink.shape
    # ... and ink that meets such a strip along more than a stroke's width (the page around an
    # avatar's disc, the disc then the crop's background) is beyond the edge too
    touch = np.bincount(lab[(cv2.dilate(strips, np.ones((3, 3), np.uint8)) > 0) & (strips == 0)], minlength=n)
    foreign = [i for i in range(1, n) if _foreign(stats[i], w, h) or touch[i] > k]
    drop = np.isin(lab, foreign).astype(np.uint8) if foreign else np.zeros_like(ink)
    drop |= _solid_ink(ink, k) | strips
    drop |= _frames(lab, stats, ink)
    rules = _rules(dist, hi)  # not widened: only faint pixels, and the glyphs beside stay whole
    if drop.any() or rules.any():
        drop = cv2.dilate(drop, np.ones((3, 3), np.uint8)) | rules
        dist[drop > 0] = 0
        ink[drop > 0] = 0
        if not ink.any():
            return None
    if h > ARC_TALL * w and _specks_only(ink):
        return None  # a bubble's or chip's rounded end: on the composed page a tall dotted arc
        # that Tesseract reads as a letter ("f"), losing the next word of the row ("@Emma")
    grey = 255 - np.clip(dist * (255.0 / (0.75 * hi)), 0, 255)
    # the rows where ink is dense are the x-height band (lower case) or the cap height (digits,
    # capitals): ascenders and descenders are sparse
    prof = ink.sum(axis=1)
    core = np.flatnonzero(prof >= 0.25 * prof.max())
    breaks = np.flatnonzero(np.diff(core) > 2)  # several text lines in one box: one band each
    starts, ends = np.r_[core[0], core[breaks + 1]], np.r_[core[breaks], core[-1]] + 1
    longest = int(np.argmax(ends - starts))
    xh, base = int(ends[longest] - starts[longest]), int(ends[longest])
    return grey.astype(np.uint8), max(xh, 3), base


def _foreign(st: np.ndarray, w: int, h: int) -> bool:
    """A faint-ink component (its ``stats`` row) that is no glyph of the crop: it touches the
    crop's left or right edge, or its top or bottom edge without being glyph-shaped there. A
    descender whose faint anti-aliased tail the locator's edge threshold missed ends on the box's
    bottom row ('g', 'j' of "Mindaugas", "Straujītis" in a table row): it reaches down from the
    crop's middle row and is narrower than twice the crop's height (with the letter its
    anti-aliasing joins), where a border or a rule beneath is flat and the ends of a neighbouring
    line's glyphs stay near the edge they touch. Dropped, such a glyph took its neighbour with it
    and Tesseract read "Mindau s"."""
    x, y, cw, ch = (int(v) for v in st[:4])
    if x == 0 or x + cw >= w:
        return True
    if y > 0 and y + ch < h:
        return False
    return not (y <= h // 2 < y + ch and cw < 2 * h)


FLAT = 2  # a lossless crop's background pixels lie this close to its background colour
PAD = 2  # every located box is padded by this many pixels beyond its glyphs' edges (regions)


def _edge_strips(faint: np.ndarray) -> np.ndarray:
    """Ink lying along the crop's edge in its padding, in a run longer than the crop is tall: the
    top of a chip or badge below the line, a panel's edge beside it. No glyph reaches the padding
    that far; but a descender touching such a strip ('щ' and 'р' of a header name above its
    'B2C' badge) made one component with it that touches the edge, and was dropped as foreign
    ink ('Мещерякова' read 'Me e якова')."""
    h, w = faint.shape
    out = np.zeros_like(faint)
    if h <= 3 * PAD or w <= 3 * PAD:
        return out
    run = max(h, 8)
    for band, kernel in (
        ((slice(0, PAD), slice(None)), (1, run)),
        ((slice(h - PAD, h), slice(None)), (1, run)),
        ((slice(None), slice(0, PAD)), (run, 1)),
        ((slice(None), slice(w - PAD, w)), (run, 1)),
    ):
        out[band] |= cv2.morphologyEx(faint[band], cv2.MORPH_OPEN, np.ones(kernel, np.uint8))
    return out


def _rules(dist: np.ndarray, hi: float) -> np.ndarray:
    """Column rules crossing the crop: faint thin lines running its full height. A box whose
    text was joined across a cell's border (a row number and the header beside it) holds the
    rule, too pale to be ink but still grey once stretched: Tesseract read it as a quote glued to
    the label ('"Vardas'), and the label no longer named its column. A glyph never reaches both
    ends of the crop (the box is padded around the text's edges). Only the rule's faint pixels,
    and no full-width line: the faint bottom row of a JPEG's white-on-blue selected row, taken
    away, had its code read '18805121008' for '38805121008'."""
    low = (dist >= max(INK_MIN / 2, 0.08 * hi)).astype(np.uint8)
    line = cv2.morphologyEx(low, cv2.MORPH_OPEN, np.ones((low.shape[0], 1), np.uint8))
    thick = cv2.morphologyEx(line, cv2.MORPH_OPEN, np.ones((1, 4), np.uint8))
    return line & (thick == 0) & (dist <= 0.5 * hi)


FRAME_W, FRAME_H, FRAME_RIM = 0.8, 0.6, 0.9  # a frame spans this share of the crop's width and
# height and has this share of its pixels on its rim (within an eighth of its height of its edge)


def _frames(lab: np.ndarray, stats: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """Outlines drawn around the text inside the crop: a spreadsheet's active cell, a focused
    field, an outlined chip. Such a frame is as tall as the box, so its rows set the x-height
    (3 px: the line was enlarged 5x and read as 'St di'). A frame is one ink component spanning
    most of the crop whose pixels lie on the rim of its bounding box, with other ink inside it;
    a glyph ('O', '@': round, its rim pixels far from the box's corners) is not one."""
    h, w = lab.shape
    out = np.zeros(lab.shape, np.uint8)
    for i in range(1, len(stats)):
        x, y, cw, ch, area = (int(v) for v in stats[i])
        if cw < FRAME_W * w or ch < FRAME_H * h:
            continue
        m = max(2, round(ch / 8))
        mine = lab[y : y + ch, x : x + cw] == i
        inner = mine[m:-m, m:-m]
        if inner.size == 0 or area - int(inner.sum()) < FRAME_RIM * area:
            continue
        inside = ink[y + m : y + ch - m, x + m : x + cw - m] & ~inner
        if inside.any():
            out[lab == i] = 1
    return out


def _solid_ink(ink: np.ndarray, k: int) -> np.ndarray:
    """The ink of ``ink`` (a crop's binary ink) that is a fill, not a glyph: its ``k`` x ``k``
    solid parts, except a small blot (under :data:`fills.FILL_CORE` squares) that is only a part
    of a larger glyph stroke: in text downscaled to a 4 px x-height an '@', an 'm' or a bold 'W'
    is solid ink a square wide, and dropping it read 'zdenisova@gmail.com' as two words."""
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    if not solid.any():
        return solid
    n, lab, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    _, ink_lab, ink_stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    for i in range(1, n):
        area = int(stats[i, cv2.CC_STAT_AREA])
        if area >= fills.FILL_CORE * k * k:
            continue
        mine = lab == i
        around = int(ink_stats[np.unique(ink_lab[mine]), cv2.CC_STAT_AREA].sum())
        if around > 2 * area:
            solid[mine] = 0
    return solid


def _specks_only(ink: np.ndarray) -> bool:
    """No ink component of the crop is as large as a glyph of its height: anti-aliased dots along a
    fill's rounded outline (the specks a bubble's corner leaves once the fill is background)."""
    n, _, st, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return n < 2 or int(st[1:, cv2.CC_STAT_AREA].max()) < SPECK * ink.shape[0] ** 2

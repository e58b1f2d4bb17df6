"""Solid fills inside a located text box: a chip, a badge, a selected row, a chat bubble.

A fill is found by its *shape*, not by the share of its colour: a solid area far from the box's
background (its most frequent colour) that holds a square ``k`` pixels wide (``k`` is about a
third of the box's height, thicker than any glyph stroke). JPEG recompression spreads a fill's
colour over many colour bins, so counting one colour's pixels misses a chip that a downscaled
screenshot joined to its label; its solid core is still there. A chip under its caption in one
box (two lines tall, so ``k`` is thicker than the chip's margins) is found by its dense wide blob
instead (:func:`low_chip`), or its letters stay light on a dark block and are never read.

:func:`ink_distance` is the colour distance that :func:`redactor.regions.normalise` stretches into
dark-on-white ink: inside every fill it is the distance from the fill's colour, so the chip's
letters are ink and its fill is background. :func:`split` cuts a box at the sides of a fill that
holds text and has text beside it on its line (the label a few pixels left of a chip), so each
part is normalised, scaled and read on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

FRAME_SHARE = 0.85  # a second colour whose filled area covers more of a crop surrounds the first
FILL_CORE = 3  # a fill's solid core covers at least this many k x k squares (a bold glyph's blot: 1-2)
FREQUENT = 0.12  # ... or its colour (one 4-bit bin) covers this share of the crop (a fill in a PNG)
INK_MIN = 28  # a box whose ink differs less than this from its background holds no text
LINE_SHARE = 0.6  # a fill cut from the text beside it is at least this share of its box's height
CHIP_LINE = 0.75  # a chip under its caption is at most this share of its box's height
CHIP_EDGE = 0.8  # ... and its two top and two bottom rows each this share (rounded ends aside)
CHIP_SOLID = 0.88  # ... or, a bubble's JPEG-frayed rounded margins aside, covers this share of it
CHIP_DENSE = 0.82  # a chip's blob covers this share of its bounding box (joined bold glyphs: up to 0.77)
FAR, NEAR = 60, 40  # a fill's colour differs this much from the background; its pixels this little from it


@dataclass(slots=True)
class Fill:
    """One fill of a crop: its pixels (its holes, the letters, included) and its colour."""

    region: np.ndarray  # bool, crop-sized
    colour: np.ndarray  # mean RGB
    edge: bool  # it reaches the crop's edge (a slice of a row, a panel, the page beyond a panel)


def box_k(height: int) -> int:
    """The side of the square a fill's core holds in a box ``height`` pixels tall."""
    return max(4, round(0.3 * height))


def channel_max(a: np.ndarray) -> np.ndarray:
    """The largest of the three colour channels of every pixel of ``a`` (``... x 3``): what
    ``a.max(axis=-1)`` gives, which numpy computes 10-20x slower over a last axis of three (77 ms
    instead of 4 ms for a 1080 x 2400 phone screenshot)."""
    return np.maximum(np.maximum(a[..., 0], a[..., 1]), a[..., 2])


def colour_codes(crop: np.ndarray) -> np.ndarray:
    """Each pixel's colour with 4 bits a channel, as one code (0-4095)."""
    return (crop[..., 0] >> 4) * 256 + (crop[..., 1] >> 4) * 16 + (crop[..., 2] >> 4)


def background(crop: np.ndarray, q: np.ndarray | None = None) -> np.ndarray:
    """The most frequent colour of ``crop`` (int16 RGB; ``q`` its :func:`colour_codes`), as the
    mean RGB of its pixels."""
    q = colour_codes(crop) if q is None else q
    return crop[q == int(np.bincount(q.ravel(), minlength=4096).argmax())].mean(axis=0)


def find(crop: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, list[Fill]]:
    """Background colour of ``crop`` (int16 RGB), the distance of every pixel from it, and the
    fills of the crop, largest core first.

    A fill is the part of its colour connected to a solid core (an opening by a ``k`` x ``k``
    square of the pixels far from the background; in a box of two text lines, a chat bubble
    joined to its caption, a long bar half as thick, :func:`thin_fill`, when there is no such
    square), grown in its own colour and solid in it (:func:`_solid`: not a bold glyph smeared
    by JPEG; an avatar's disc, its ring around the initials thinner than ``k``, is a frequent
    colour). Not a fill either: a second colour that rings the first (:data:`FRAME_SHARE`: the
    page around a chip in a box padded past the chip's edge; filling its holes would swallow the
    chip, whose fill is then the background)."""
    q = colour_codes(crop)
    bg1 = background(crop, q)
    dist = channel_max(np.abs(crop - bg1))
    far = (dist >= NEAR).astype(np.uint8)
    core = cv2.morphologyEx(far, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    if not core.any() and k >= 12:
        core = thin_fill(far, k)
    found = _grow(crop, q, bg1, core, k)
    if not found and (chip := low_chip(far, k)).any():
        found = _grow(crop, q, bg1, chip, max(2, k // 3), NEAR)
    return bg1, dist, found


def _grow(crop: np.ndarray, q: np.ndarray, bg1: np.ndarray, core: np.ndarray, k: int,
          far: int = FAR) -> list[Fill]:
    """The fills of ``crop`` (4-bit colour codes ``q``, background ``bg1``) grown from the solid
    ``core`` of the pixels far from ``bg1``, largest core first. A core only proposes a colour:
    the fill is the area of that colour connected to it, and it must be solid in that colour
    itself (a bold glyph's anti-aliased edge is far from the page but not of the glyph's colour,
    so it makes a core the glyph alone lacks): :func:`_solid`. A fill's colour differs ``far``
    from ``bg1``."""
    if not core.any():
        return []
    n, lab, stats, _ = cv2.connectedComponentsWithStats(core, connectivity=8)
    done = np.zeros(q.shape, bool)  # core pixels already judged
    fills: list[Fill] = []
    for i in sorted(range(1, n), key=lambda j: -int(stats[j, cv2.CC_STAT_AREA])):
        mine = lab == i
        if done[mine].mean() > 0.5:
            continue  # a piece of a fill already found (its letters cut the core in parts)
        done |= mine
        code = int(np.bincount(q[mine], minlength=4096).argmax())
        bg2 = crop[q == code].mean(axis=0)  # as bg1
        if np.abs(bg2 - bg1).max() < far:
            continue
        near = (channel_max(np.abs(crop - bg2)) < NEAR).astype(np.uint8)
        _, nlab = cv2.connectedComponents(near, connectivity=8)
        keep = np.unique(nlab[mine & (near > 0)])
        region = np.isin(nlab, keep[keep > 0]).astype(np.uint8)
        edge = region[0].any() or region[-1].any() or region[:, 0].any() or region[:, -1].any()
        if not _solid(region, k, bool(edge) or (q == code).mean() >= FREQUENT):
            continue
        # the area's holes (its letters) belong to it
        contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        cv2.drawContours(region, contours, -1, 1, thickness=-1)
        if region.mean() > FRAME_SHARE:
            continue
        fills.append(Fill(region > 0, bg2, bool(edge)))
        done |= region > 0
    return fills


def _solid(region: np.ndarray, k: int, likely: bool) -> bool:
    """Whether the area ``region`` of one colour is a fill, not a glyph: it holds
    :data:`FILL_CORE` ``k`` x ``k`` squares, or a bar half as thick and ``4 k`` long (the margin of
    a chip or bubble around its text; for ``k`` >= 6, a bold glyph's stroke is thinner), or, when
    it reaches the crop's edge or its colour is :data:`FREQUENT` (``likely``), one such square."""
    sq = cv2.morphologyEx(region, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    if int(sq.sum()) >= FILL_CORE * k * k or (likely and sq.any()):
        return True
    return k >= 6 and bool(thin_fill(region, k).any())


def ink_distance(crop: np.ndarray, k: int) -> np.ndarray:
    """Per-pixel colour distance from the local background of ``crop`` (int16 RGB): from the
    crop's background, inside each fill from the fill's colour (the first fill found keeps a
    pixel). The anti-aliased outline of a fill inside the crop, a blend of its colour and the
    background's, is no ink either."""
    return _against_fills(crop, *find(crop, k))


def _against_fills(crop: np.ndarray, bg1: np.ndarray, dist: np.ndarray, fills: list[Fill]) -> np.ndarray:
    if not fills:
        return dist
    dist = dist.copy()
    taken = np.zeros(dist.shape, bool)
    for f in fills:
        inside = f.region & ~taken
        dist[inside] = channel_max(np.abs(crop[inside] - f.colour))
        taken |= f.region
        if f.edge:  # its outline at the crop's edge is dropped as foreign ink (regions.normalise)
            continue
        rim = (cv2.dilate(f.region.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0) & ~f.region & ~taken
        dist[rim] = np.minimum(dist[rim], blend_distance(crop[rim], bg1, f.colour))
    return dist


def split(rgb: np.ndarray, box: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """``box`` cut at the sides of its fills that hold text and stand on its line (as tall as
    :data:`LINE_SHARE` of it) when text stands beside them: a chip joined to its label across the
    few pixels a downscaled JPEG left between them becomes a box of its own, the label another.
    Ink beside a fill is text-like when it is wider than a third of the line and at least a
    quarter as tall; a speck (a quarter of the line's height in pixels: ringing, a rounded end's
    last pixels) is no text. The box is returned whole when nothing beside a fill is text-like,
    and when any ink beside a fill is neither text-like nor a speck (a lone narrow glyph, a '1' or
    a '|', is never cut from its line)."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    crop = rgb[y0:y1, x0:x1].astype(np.int16)
    bg1, dist, fills = find(crop, box_k(h))
    fills = [f for f in fills if f.region.any(axis=1).sum() >= LINE_SHARE * h]
    if not fills:
        return [box]
    ink_d = _against_fills(crop, bg1, dist, fills)
    hi = float(np.percentile(ink_d, 99))
    ink = ink_d > 0.5 * hi
    spans = []
    for f in fills:
        if (ink & f.region).sum() >= h:  # it holds text
            cols = np.flatnonzero(f.region.any(axis=0))
            spans.append((int(cols[0]), int(cols[-1]) + 1))
    if not spans or hi < INK_MIN:
        return [box]
    spans.sort()
    around = np.zeros(ink.shape, np.uint8)
    for f in fills:
        around |= f.region
    beside = ink & (cv2.dilate(around, np.ones((5, 5), np.uint8)) == 0)
    out, text, start = [], False, 0
    for a, b in [*spans, (ink.shape[1], ink.shape[1])]:
        part = beside[:, start:max(start, a)]
        if part.sum() > h / 4:
            rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
            if cols[-1] - cols[0] + 1 < h / 3 or rows[-1] - rows[0] + 1 < h / 4:
                return [box]
            text = True
            out.append((x0 + max(start, start + int(cols[0]) - 2), y0 + max(0, int(rows[0]) - 2),
                        x0 + min(a, start + int(cols[-1]) + 3), y0 + min(h, int(rows[-1]) + 3)))
        if a < ink.shape[1]:
            out.append((x0 + max(0, a - 1), y0, x0 + min(ink.shape[1], b + 1), y1))
        start = max(start, b)
    return out if text else [box]


def blend_distance(px: np.ndarray, c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
    """Colour distance of the pixels ``px`` (N x 3) from the nearest blend of ``c1`` and ``c2``."""
    d = c2 - c1
    t = np.clip((px - c1) @ d / max(1.0, float(d @ d)), 0.0, 1.0)
    return channel_max(np.abs(px - (c1 + t[:, None] * d)))


def low_chip(far: np.ndarray, k: int) -> np.ndarray:
    """A chip under a caption in one box ("СЧЁТ" over a red IBAN chip): the box is two lines tall,
    so ``k`` is thicker than the chip's margins and no square or bar of it fits. Such a chip is a
    wide blob far from the page (at least ``3 k`` wide, ``k`` tall, and leaving the box's other
    line: at most :data:`CHIP_LINE` of its height; a one-line box's bold JPEG glyphs, their
    ringing joining them, are as tall as the box) that it fills densely
    (:data:`CHIP_DENSE`; its letters, page-coloured or not, are holes or part of it) and solidly
    along its top and bottom (:func:`_edged`), or fills it almost wholly (:data:`CHIP_SOLID`: a
    low-contrast bubble in a JPEG, its margins frayed). Bold JPEG glyphs joined by their ringing
    (a dark header's "лов": 0.76, feet only at its bottom) are neither. Empty when there is none."""
    n, lab, st, _ = cv2.connectedComponentsWithStats(far, connectivity=8)
    keep = [i for i in range(1, n) if st[i, 2] >= 3 * k and k <= st[i, 3] <= CHIP_LINE * far.shape[0]
            and (dense := st[i, cv2.CC_STAT_AREA] / (st[i, 2] * st[i, 3])) >= CHIP_DENSE
            and (dense >= CHIP_SOLID or _edged(lab, st[i], i))]
    return np.isin(lab, keep).astype(np.uint8) if keep else np.zeros_like(far)


def _edged(lab: np.ndarray, st: np.ndarray, i: int) -> bool:
    """Blob ``i`` (stats ``st``) runs solid along its top and bottom: a chip's margin above and
    below its letters (its rounded ends aside). Bold glyphs joined by JPEG ringing have only their
    tops and feet there."""
    x, y, w, h = (int(v) for v in st[:4])
    m = lab[y:y + h, x:x + w] == i
    return min(float(m[:2].mean()), float(m[-2:].mean())) >= CHIP_EDGE


def thin_fill(near: np.ndarray, k: int) -> np.ndarray:
    """The core of a fill only half as thick as ``k``: a box of two text lines (a chat bubble
    joined to the caption above it) is twice a line's height, so ``k`` is twice the fill's margin
    around its text. Accepted only as a long bar (at least ``4 k`` wide): a bold glyph's stroke at
    a high device scale is as thick, never as long. Empty when there is none."""
    half = cv2.morphologyEx(near, cv2.MORPH_OPEN, np.ones((k // 2, k // 2), np.uint8))
    n, lab, stats, _ = cv2.connectedComponentsWithStats(half, connectivity=8)
    keep = [i for i in range(1, n) if stats[i, 2] >= 4 * k]
    return np.isin(lab, keep).astype(np.uint8) if keep else np.zeros_like(near)

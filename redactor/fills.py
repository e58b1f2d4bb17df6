"""Solid fills inside a located text box: chips, badges, chat bubbles, selected cells.

A located box (:mod:`redactor.regions`) can hold text on more than one background: a chip on a
dark card, a chat bubble with its sender caption above it (JPEG ringing and downscaling close the
few pixels between them, so the edge blobs join). Such a background is found by its *shape*, not
by how many rows or columns of the box it fills: a fill is a connected area of one colour, thicker
than any glyph stroke (it survives an opening with a ``k/3 x 2k`` bar), which, once the thin holes
its letters leave are filled, covers most of its own bounding rectangle (a rectangle, rounded or
not) and holds text (edges inside it, away from its outline: a blacked-out box holds none). A
ring of page colour around a chip is no fill (the chip is a thick hole, left open), and neither
are bold letters (their strokes are thinner than ``k``). A fill whose colour is also the box's
colour outside it (cells of one grid, split by rules) does not cut the box.

:func:`split` cuts a box into the fill's rectangle and the text beside it; :func:`ink_distance`
measures ink against the colour of a thick fill inside it (the old chip rule, now leaving thick
holes open) and against the box's main colour elsewhere.
"""

from __future__ import annotations

import cv2
import numpy as np

Box = tuple[int, int, int, int]

NEAR = 40  # colour distance within which a pixel belongs to a fill (JPEG noise, anti-aliasing)
FILL_DIFF = 45  # fill colours differ at least this much from the colours already taken (JPEG
# chroma noise splits one fill into 4-bit colours up to ~35 apart)
SOLID = 0.8  # a fill covers at least this share of its bounding rectangle (holes filled)
RIM = 5  # edge pixels this close to a fill are its outline
SHARE = 0.12  # a fill colour holds at least this share of the crop


def _quantised(crop: np.ndarray) -> np.ndarray:
    return (crop[..., 0] >> 4) * 256 + (crop[..., 1] >> 4) * 16 + (crop[..., 2] >> 4)


def colours(crop: np.ndarray, most: int = 6) -> list[np.ndarray]:
    """Frequent colours of ``crop`` (int16 RGB), most frequent first, each at least
    :data:`FILL_DIFF` from the ones before it."""
    q = _quantised(crop)
    counts = np.bincount(q.ravel(), minlength=4096)
    out: list[np.ndarray] = []
    for c in np.argsort(counts)[::-1][:most]:
        if counts[c] < 0.02 * q.size:
            break
        col = crop[q == c].mean(axis=0)
        if all(np.abs(col - t).max() >= FILL_DIFF for t in out):
            out.append(col)
    return out


def _fill_thin_holes(comp: np.ndarray, k: int) -> np.ndarray:
    """``comp`` with its enclosed holes filled where they are thin (letters), not where they are
    solid themselves (a chip inside a ring of page colour)."""
    n, lab, stats, _ = cv2.connectedComponentsWithStats(1 - comp, connectivity=4)
    h, w = comp.shape
    out = comp.copy()
    kernel = np.ones((k, k), np.uint8)
    for i in range(1, n):
        x, y, bw, bh, _a = (int(v) for v in stats[i])
        if x == 0 or y == 0 or x + bw >= w or y + bh >= h:
            continue
        hole = (lab[y:y + bh, x:x + bw] == i).astype(np.uint8)
        if bw >= k and bh >= k and cv2.morphologyEx(hole, cv2.MORPH_OPEN, kernel).any():
            continue
        out[y:y + bh, x:x + bw][hole > 0] = 1
    return out


def solid_areas(crop: np.ndarray, col: np.ndarray, k: int, tol: float = NEAR, *,
                solid: bool = True) -> list[np.ndarray]:
    """Masks of the thick areas of colour ``col`` in ``crop``, letters inside them included; with
    ``solid`` only those that fill :data:`SOLID` of their bounding rectangle."""
    near = (np.abs(crop - col).max(axis=2) < tol).astype(np.uint8)
    if near.mean() < SHARE:
        return []
    # thicker than a stroke: a run of 2k columns, k/3 rows deep (letters interrupt a fill's
    # middle rows, so a bubble only a little taller than its text has no k x k square)
    core = cv2.morphologyEx(near, cv2.MORPH_OPEN, np.ones((max(3, k // 3), 2 * k), np.uint8))
    if not core.any():
        return []
    _, lab, stats, _ = cv2.connectedComponentsWithStats(near, connectivity=8)
    out = []
    for i in np.unique(lab[core > 0]):
        if i == 0:
            continue
        x, y, w, h = (int(v) for v in stats[i][:4])
        filled = _fill_thin_holes((lab == i).astype(np.uint8), k)
        if not solid or filled[y:y + h, x:x + w].sum() >= SOLID * w * h:
            out.append(filled)
    return out


def ink_distance(crop: np.ndarray, k: int) -> np.ndarray:
    """Per-pixel colour distance from the local background of ``crop`` (int16 RGB).

    The background is the crop's most frequent colour; a second frequent colour far from it that
    forms a thick area (a chip, badge or avatar fill) is the background inside that area, its thin
    holes (the letters) included; a thick hole (a chip inside a ring of page colour) is not.
    """
    q = _quantised(crop)
    counts = np.bincount(q.ravel(), minlength=4096)
    order = np.argsort(counts)[::-1][:4]
    bg1 = crop[q == order[0]].mean(axis=0)
    dist = np.abs(crop - bg1).max(axis=2)
    for c in order[1:]:
        if counts[c] < SHARE * q.size:
            break
        col = crop[q == c].mean(axis=0)
        if np.abs(col - bg1).max() < 60:
            continue
        regions = solid_areas(crop, col, k, solid=False)
        if not regions:
            continue
        inside = np.any(regions, axis=0)
        dist[inside] = np.abs(crop[inside] - col).max(axis=1)
        break
    return dist


def _holds_text(ee: np.ndarray, fb: Box, k: int) -> bool:
    """A chip, badge or bubble holds text: edge pixels inside its rectangle, away from its
    outline, and it is wider than ``2 k`` (a solid bar or a blacked-out box holds none)."""
    fx0, fy0, fx1, fy1 = fb
    return fx1 - fx0 >= 2 * k and int(ee[fy0 + 3:fy1 - 3, fx0 + 3:fx1 - 3].sum()) >= 8


def _same_outside(crop: np.ndarray, fb: Box, col: np.ndarray) -> bool:
    """True when the box beyond the fill rectangle ``fb`` has the fill's colour as its own
    background (cells of one grid, split by rules): then nothing is gained by a cut."""
    out = np.ones(crop.shape[:2], bool)
    out[max(0, fb[1] - RIM):fb[3] + RIM, max(0, fb[0] - RIM):fb[2] + RIM] = False
    if out.sum() < 16:
        return True
    rest = colours(crop[out].reshape(-1, 1, 3), most=1)
    return not rest or float(np.abs(rest[0] - col).max()) < FILL_DIFF


def split(rgb: np.ndarray, e: np.ndarray, box: Box, min_h: int) -> list[Box]:
    """``box`` cut into the rectangle of the largest solid fill it holds and the text beside that
    fill (tight boxes around the edge pixels ``e`` outside it), or ``[box]`` when no fill leaves
    text outside it."""
    x0, y0, x1, y1 = box
    crop = rgb[y0:y1, x0:x1].astype(np.int16)
    h, w = crop.shape[:2]
    k = max(4, round(0.3 * h))
    if h < 2 * min_h or w < 2 * k:
        return [box]
    cols = colours(crop)
    if len(cols) < 2:
        return [box]  # one colour: no fill that differs from what is around it
    best = None
    for col in cols:
        tol = min([NEAR, *(float(np.abs(col - o).max()) / 2 for o in cols if o is not col)])
        for region in solid_areas(crop, col, k, tol):
            ys, xs = np.nonzero(region)
            fb = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
            area = (fb[2] - fb[0]) * (fb[3] - fb[1])
            if (best is None or area > best[0]) and _holds_text(e[y0:y1, x0:x1], fb, k) \
                    and not _same_outside(crop, fb, col):
                best = (area, fb)
    if best is None:
        return [box]
    fx0, fy0, fx1, fy1 = best[1]
    if fx0 <= 3 and fy0 <= 3 and fx1 >= w - 3 and fy1 >= h - 3:
        return [box]  # the fill is the box's own background
    ee = e[y0:y1, x0:x1]
    g = 2  # the fill's anti-aliased rim and drop shadow stay out of the pieces
    strips = [(0, 0, w, fy0 - g), (0, fy1 + g, w, h), (0, fy0, fx0 - g, fy1), (fx1 + g, fy0, w, fy1)]
    pieces: list[Box] = []
    for sx0, sy0, sx1, sy1 in strips:
        if sx1 - sx0 < 4 or sy1 - sy0 < 3:
            continue
        # the fill's own border, anti-aliasing and JPEG ringing lie within a few px of it: not text
        ys, xs = np.nonzero(ee[sy0:sy1, sx0:sx1])
        ay, ax = sy0 + ys, sx0 + xs
        rim = (ay >= fy0 - RIM) & (ay < fy1 + RIM) & (ax >= fx0 - RIM) & (ax < fx1 + RIM)
        ys, xs = ys[~rim], xs[~rim]
        if ys.size < 8:
            continue
        ph, pw = int(ys.max() - ys.min()) + 1, int(xs.max() - xs.min()) + 1
        if ph < min_h - 2 or pw < max(6, 0.35 * ph):
            continue
        pieces.append((x0 + max(sx0, int(xs.min()) + sx0 - 2), y0 + max(sy0, int(ys.min()) + sy0 - 2),
                       x0 + min(sx1, int(xs.max()) + sx0 + 3), y0 + min(sy1, int(ys.max()) + sy0 + 3)))
    if not pieces:
        return [box]
    return [(x0 + fx0, y0 + fy0, x0 + fx1, y0 + fy1), *pieces]

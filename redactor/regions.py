"""Find text in a raster independently of reading it, and normalise each text line for Tesseract.

A single grey Tesseract pass only reads text whose polarity matches the page: white text on a blue
selected row, a chip, a dark panel inside a light page are never seen. Here text is *located*
first, whatever its colour: the colour gradient (the largest of the three channels' morphological
gradients) marks glyph edges; long straight runs (table rules, box borders) are removed; the edge
pixels are joined sideways into word/line blobs whose connected components are the text boxes.
A blob taller than a line (the dense lines of a log whose gaps JPEG ringing closed) is cut into
its lines at the rows without ink, never dropped.
Neighbouring boxes of one line are joined only when they share a background (a chip stays apart
from its label); where JPEG ringing or downscaling closes the few pixels between them, the box is
cut at the sides of the chip's fill when text stands beside it (:func:`redactor.fills.split`).

Each box is then *normalised* on its own: its background is the most frequent colour of the crop,
ink is the colour distance from it, inside a fill from the fill's colour (so white-on-blue,
red-on-white and grey-on-grey all become dark-on-white; :func:`redactor.fills.ink_distance`), the
contrast is stretched (a narrow box holding only anti-aliased specks, a bubble's rounded end, is
dropped: :mod:`redactor.region_norm`), and the crop is scaled so its x-height is :data:`TARGET_XH` pixels. The
normalised lines are packed, baselines aligned, into one composed page that Tesseract reads in
one pass (``--psm 6``), and every word is mapped back to the input raster. One pass keeps the CPU
cost near a plain page pass: only text pixels are recognised.

Nothing here raises for odd input: an image without edges yields no boxes (the caller then has
no words, which the engine treats as "no text found").
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from redactor import fills
from redactor.fills import INK_MIN
from redactor.region_norm import PAD, normalise
from redactor.words import covered_share

EDGE_MIN = 22  # colour gradient that counts as a glyph edge (pale grey on white is ~60)
RULE_LEN = 48  # straight edge runs at least this long are rules/borders, not glyphs
MIN_H, MAX_H = 5, 140  # text box heights kept, in input pixels
TARGET_XH = 15  # x-height of the composed page, pixels
MAX_SCALE = 5.0  # a line is enlarged at most this much (a downscaled 9 px font has a 3 px x-height)
DOT_MAX = 6  # height (px of the edge map) of a rule's dots and dashes; letters are taller


@dataclass(slots=True)
class Line:
    """One located text box and how it was placed on the composed page."""

    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the input raster
    scale: float = 1.0
    at: tuple[int, int] = (0, 0)  # top-left on the composed page
    size: tuple[int, int] = (0, 0)  # width, height on the composed page
    row: int = 0  # visual row in the input (boxes sharing a baseline band)


def as_rgb(img) -> np.ndarray:  # noqa: ANN001 - a PIL image
    """An ``H x W x 3`` uint8 array; transparency is composed onto white."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        from PIL import Image

        rgba = img.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(bg, rgba)
    return np.asarray(img.convert("RGB"))


def edges(rgb: np.ndarray) -> np.ndarray:
    """Binary map of glyph edges: the strongest channel gradient, thin rules and borders removed."""
    k = np.ones((3, 3), np.uint8)
    grad = cv2.morphologyEx(rgb, cv2.MORPH_GRADIENT, k)
    g = fills.channel_max(grad) if grad.ndim == 3 else grad
    e = (g >= EDGE_MIN).astype(np.uint8)
    flat = _thin_runs(e, (1, RULE_LEN), (6, 1))
    # where a table's rules cross, the pixels around the crossing are all rule-coloured: no
    # gradient, so each column rule is cut at every row rule into pieces one row tall (under
    # RULE_LEN) that joined the cells' text across rows (a spreadsheet's first-name column read
    # as one box three rows tall, never normalised). The row rules bridge those gaps.
    upright = _thin_runs(e | cv2.dilate(flat, np.ones((3, 1), np.uint8)), (RULE_LEN, 1), (1, 6))
    flat |= _thin_runs(e | cv2.dilate(upright, np.ones((1, 3), np.uint8)), (1, RULE_LEN), (6, 1))
    e[((flat | upright) > 0)] = 0
    return e


def _thin_runs(e: np.ndarray, run: tuple[int, int], across: tuple[int, int]) -> np.ndarray:
    """The straight runs of ``e`` at least ``run`` long that are thin (a band of small dense text is
    long too, but thicker than ``across``): rules."""
    straight = cv2.morphologyEx(e, cv2.MORPH_OPEN, np.ones(run, np.uint8))
    thick = cv2.morphologyEx(straight, cv2.MORPH_OPEN, np.ones(across, np.uint8))
    return ((straight > 0) & (thick == 0)).astype(np.uint8)


def flat_share(rgb: np.ndarray) -> float:
    """Share of pixels in flat colour (no gradient above 3): about 0.9 for a rendered screen,
    0.6 and more after JPEG recompression, about 0.25 for a camera photo of a page."""
    grad = cv2.morphologyEx(rgb, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    return float((fills.channel_max(grad) <= 3).mean())


def locate(rgb: np.ndarray) -> list[Line]:
    """Text boxes of ``rgb`` in reading order, each tagged with its visual row."""
    e = edges(rgb)
    # join letters into words and words into phrases; a gap of a few pixels is a word space
    joined = cv2.dilate(e, np.ones((1, 7), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    hh, ww = rgb.shape[:2]
    boxes = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if h > MAX_H or (h > 2 * MIN_H and h > 1.6 * w):
            # lines joined top to bottom (JPEG ringing between the dense lines of a log or a
            # table closes their gaps): cut the block at its quiet rows, never drop its text
            boxes.extend(_split_block(rgb, joined, (x, y, x + w, y + h), labels == i))
            continue
        if w >= 15 * h and _dotted(e[y : y + h, x : x + w]):
            continue  # a dotted or dashed rule (a form field's underline), not text
        if (b := _text_box(x, y, w, h, ww, hh)) is not None:
            boxes.append(b)
    return _rows([part for b in _merge_lines(rgb, boxes) for part in fills.split(rgb, b)])


def _dotted(e: np.ndarray) -> bool:
    """A long flat blob of the same small mark repeated at a fixed pitch: a dotted or dashed rule.
    Letters differ in width and spacing; these dots do not (widths, heights and gaps all within
    a quarter of their mean). Left in, such a rule is scaled up like tiny text and costs the
    composed page's OCR several times a whole screen's (a phone form: 14 s instead of 1.3 s)."""
    n, _, st, _ = cv2.connectedComponentsWithStats(e.astype(np.uint8), connectivity=8)
    if n - 1 < 12:
        return False
    st = st[1:][np.argsort(st[1:, 0])]
    if float(np.median(st[:, 3])) > DOT_MAX:
        return False  # marks as tall as letters: a run of equal glyphs ("0000…") is text
    gaps = np.diff(st[:, 0])
    return all(float(np.std(v)) <= 0.25 * max(float(np.mean(v)), 1e-6)
               for v in (st[:, 2].astype(float), st[:, 3].astype(float), gaps.astype(float)))


def _text_box(x: int, y: int, w: int, h: int, ww: int, hh: int) -> tuple[int, int, int, int] | None:
    """A blob's box padded by :data:`PAD` px (clipped to the ``ww`` x ``hh`` raster), or None when it is too
    small or too narrow to be text."""
    if h < MIN_H or w < 4 or w < 0.35 * h:
        return None
    return max(0, x - PAD), max(0, y - PAD), min(ww, x + w + PAD), min(hh, y + h + PAD)


def _split_block(rgb: np.ndarray, joined: np.ndarray, box: tuple[int, int, int, int], mine: np.ndarray,
                 depth: int = 0) -> list[tuple[int, int, int, int]]:
    """Text boxes of a blob too tall for one line. The gaps between its lines are the rows with
    (almost) no ink: ink is the colour distance from the blob's background, as in
    :func:`normalise`, so JPEG ringing (faint) does not fill them. Every band between two gaps is
    located again on its own; a band still too tall is cut at its quietest row (depth-limited)."""
    x0, y0, x1, y1 = box
    crop = rgb[y0:y1, x0:x1].astype(np.int16)
    dist = fills.channel_max(np.abs(crop - _background(rgb, box)))
    hi = float(np.percentile(dist, 99))
    if hi < INK_MIN or depth > 6:
        return []
    prof = (dist > 0.5 * hi).sum(axis=1)
    quiet = prof <= 0.1 * max(1.0, float(np.percentile(prof, 90)))
    bands, start = [], None
    for r, q in enumerate([*quiet.tolist(), True]):
        if not q and start is None:
            start = r
        elif q and start is not None:
            bands.append((start, r))
            start = None
    # descenders and accents are sparse rows too: each line reaches to the emptiest row of the
    # quiet run between it and the next line
    cuts = [b + int(np.argmin(prof[b:a2])) for (_, b), (a2, _) in zip(bands, bands[1:], strict=False)]
    bands = list(zip([0, *(c + 1 for c in cuts)], [*cuts, len(prof)], strict=True)) if bands else []
    if len(bands) == 1 and bands[0][1] - bands[0][0] > MAX_H:
        a, b = bands[0]  # no quiet row: cut at the quietest row of the middle half
        q0, q1 = a + (b - a) // 4, b - (b - a) // 4
        mid = q0 + int(np.argmin(prof[q0:q1]))
        bands = [(a, mid), (mid + 1, b)]
    hh, ww = joined.shape[:2]
    sub = ((joined[y0:y1, x0:x1] > 0) & mine[y0:y1, x0:x1]).astype(np.uint8)
    out: list[tuple[int, int, int, int]] = []
    for a, b in bands:
        band = np.zeros_like(sub)
        band[a:b] = sub[a:b]
        n, _, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
        for i in range(1, n):
            x, y, w, h, _area = (int(v) for v in stats[i])
            gx, gy = x0 + x, y0 + y
            if h > MAX_H:
                inner = np.zeros_like(mine)
                inner[gy:gy + h, gx:gx + w] = mine[gy:gy + h, gx:gx + w]
                out.extend(_split_block(rgb, joined, (gx, gy, gx + w, gy + h), inner, depth + 1))
                continue
            if (tb := _text_box(gx, gy, w, h, ww, hh)) is not None:
                out.append(tb)
    return out


def _background(rgb: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """Most frequent colour (4 bits a channel) of the crop, as its mean RGB."""
    return fills.background(rgb[box[1]:box[3], box[0]:box[2]].astype(np.int16))


def _union_overlapping(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Boxes that share more than a third of the smaller one's area are one box (a chip's rounded
    end and its text, a glyph split from its word)."""
    out = [list(b) for b in boxes]
    changed = True
    while changed:
        changed = False
        out.sort(key=lambda b: b[0])
        i = 0
        while i < len(out):
            a = out[i]
            j = i + 1
            while j < len(out) and out[j][0] < a[2]:
                b = out[j]
                w = min(a[2], b[2]) - max(a[0], b[0])
                h = min(a[3], b[3]) - max(a[1], b[1])
                small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
                if w > 0 and h > 0 and w * h > small / 3:
                    a[:] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                    del out[j]
                    changed = True
                else:
                    j += 1
            i += 1
    return [tuple(b) for b in out]  # type: ignore[misc]


def _merge_lines(rgb: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Join boxes of one text line that a wider word gap split: same band, gap under 1.2 heights,
    the same background colour (a chip next to its label stays a box of its own)."""
    boxes = _union_overlapping(boxes)
    boxes = sorted(boxes, key=lambda b: (b[0], b[1]))
    out: list[list] = []
    for b in boxes:
        h = b[3] - b[1]
        bg = _background(rgb, b)
        for o in out:
            ob = o[0]
            oh = ob[3] - ob[1]
            overlap = min(ob[3], b[3]) - max(ob[1], b[1])
            if (overlap > 0.7 * min(h, oh) and max(h, oh) < 1.5 * min(h, oh) and b[0] >= ob[0]
                    and b[0] - ob[2] < 1.2 * max(h, oh) and np.abs(o[1] - bg).max() < 40):
                o[0] = [ob[0], min(ob[1], b[1]), max(ob[2], b[2]), max(ob[3], b[3])]
                break
        else:
            out.append([list(b), bg])
    # a box the joined line now holds on the same background (a dash, a shorter word the height
    # test kept apart) would be read twice; a chip inside a line has a background of its own
    return [tuple(o[0]) for o in out  # type: ignore[misc]
            if not any(p is not o and _within(o[0], p[0]) and np.abs(o[1] - p[1]).max() < 40 for p in out)]


def _within(a: list[int], b: list[int]) -> bool:
    """``a`` lies (almost) wholly inside ``b``, and is the smaller of the two."""
    return covered_share(a, b) >= 0.9 and (a[2] - a[0]) * (a[3] - a[1]) < (b[2] - b[0]) * (b[3] - b[1])


def word_row(lines: list[Line], owner: Line, box: tuple[float, float, float, float]) -> int:
    """The visual row of a word read in the located box ``owner``: its row, unless ``owner`` holds
    stacked text lines (JPEG ringing around a dark log's light text closes the few pixels between
    its lines, so one box spans two or three) and a one-line box of another row (under 0.6 of its
    height) holds the word: the word is on that row ("6 ... 132C-63, 92117 Klaipėda" and the middle of
    the same log line, read in a taller box, were two lines; the address was cut in two)."""
    wh = max(box[3] - box[1], 1.0)
    if owner.box[3] - owner.box[1] < 2 * wh:
        return owner.row
    c, tol = (box[1] + box[3]) / 2, 0.25 * wh  # the word lies within that box (not a speck beside it)
    near = [(abs((ln.box[1] + ln.box[3]) / 2 - c), ln.row) for ln in lines
            if ln is not owner and ln.box[1] - tol <= box[1] and box[3] <= ln.box[3] + tol
            and ln.box[3] - ln.box[1] <= 0.6 * (owner.box[3] - owner.box[1])]
    return min(near)[1] if near else owner.row


def _rows(boxes: list[tuple[int, int, int, int]]) -> list[Line]:
    """Order boxes top-down in visual rows (centre inside the row's band so far), then by x."""
    boxes = sorted(boxes, key=lambda b: (b[1] + b[3]) / 2)
    lines: list[Line] = []
    row, band, first = -1, (0.0, -1.0), 0
    for b in boxes:
        c, h = (b[1] + b[3]) / 2, b[3] - b[1]
        if not band[0] <= c <= band[1]:
            row += 1
            band, first = (b[1], b[3]), h
        elif h <= 1.5 * first:  # a row grows with its own boxes, not with taller neighbours
            band = (min(band[0], b[1]), max(band[1], b[3]))
        lines.append(Line(b, row=row))
    lines.sort(key=lambda ln: (ln.row, ln.box[0]))
    return lines


PORTRAIT = 1.5  # a raster this many times taller than wide is a phone's screen: one column of lines


def compose(rgb: np.ndarray, lines: list[Line], width: int = 1800) -> np.ndarray:
    """Pack the normalised lines into one white page, baselines of a packed row aligned.

    A phone's screen (a portrait raster, :data:`PORTRAIT`) is one column of short lines, each a
    visual row of its own: packed side by side they made textlines no screen has (a label, a
    value, the next label, a bubble's corner), and Tesseract read their capitals and digits as
    small letters of another script ("LT78" as "1178", "RIKO" as "ВКО", "@" as "G"). There every
    line gets a composed row of its own, on a page only as wide as the widest: measured on the
    19 phone screenshots of s1-s3, values read 0.880 -> 0.924 (bench/read_detect detected
    0.946 -> 0.980) and the OCR pass 28 % cheaper. Desktop screens keep the packed rows (one
    row per line lost values there)."""
    normal = [(ln, got) for ln in lines if (got := normalise(rgb, ln.box)) is not None]
    placed: list[tuple[Line, np.ndarray, int]] = []
    for ln, (grey, xh, base) in normal:
        s = float(np.clip(TARGET_XH / xh, 0.6, MAX_SCALE))
        h, w = grey.shape
        sw, sh = max(1, round(w * s)), max(1, round(h * s))
        interp = cv2.INTER_CUBIC if s > 1 else cv2.INTER_AREA
        placed.append((ln, cv2.resize(grey, (sw, sh), interpolation=interp), round(base * s)))
        ln.scale = s
    gap, margin = 3 * TARGET_XH, 2 * TARGET_XH
    column = rgb.shape[0] >= PORTRAIT * rgb.shape[1]
    width = max([1 if column else width, *(p[1].shape[1] + 2 * margin for p in placed)])
    rows: list[list[tuple[Line, np.ndarray, int]]] = [[]]
    x = margin
    for p in placed:
        if rows[-1] and (column or x + p[1].shape[1] > width - margin):
            rows.append([])
            x = margin
        rows[-1].append(p)
        x += p[1].shape[1] + gap
    height = margin
    layout = []
    for r in rows:
        above = max((b for _, _, b in r), default=0)
        below = max((im.shape[0] - b for _, im, b in r), default=0)
        layout.append((height, above))
        height += above + below + 2 * TARGET_XH
    page = np.full((height + margin, width), 255, np.uint8)
    for r, (top, above) in zip(rows, layout, strict=True):
        x = margin
        for ln, im, b in r:
            y = top + above - b
            page[y:y + im.shape[0], x:x + im.shape[1]] = im
            ln.at, ln.size = (x, y), (im.shape[1], im.shape[0])
            x += im.shape[1] + gap
    return page


def owner(lines: list[Line], box: tuple[float, float, float, float]) -> Line | None:
    """The placed line whose composed-page area holds the centre of ``box``."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for ln in lines:
        (x, y), (w, h) = ln.at, ln.size
        if w and x <= cx <= x + w and y <= cy <= y + h:
            return ln
    return None


def to_input(ln: Line, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Map a composed-page box of ``ln`` back to input raster coordinates (clipped to the line)."""
    (x, y), s = ln.at, ln.scale
    bx0, by0, bx1, by1 = ln.box
    return (max(bx0, bx0 + (box[0] - x) / s), max(by0, by0 + (box[1] - y) / s),
            min(bx1, bx0 + (box[2] - x) / s), min(by1, by0 + (box[3] - y) / s))

"""Straighten a camera photo or a scanned page before OCR, and map word boxes back.

A phone photo or a scan is rarely level: at 1.5 degrees a text line of a 1500 px wide page drifts
by 40 px, a table row's height, and Tesseract's layout analysis then builds lines out of the words
of two rows (a name read with the next row's surname, a code split between two lines). The skew is
estimated from the text itself: the page is made dark-on-light locally (:func:`local_polarity`, so a
dark panel's light text counts as ink too), binarised, and the ink pixels are projected onto the
vertical axis along lines of every candidate angle; the angle whose projection profile is sharpest
(sum of squared differences between adjacent rows: text lines and ruled lines become narrow, dense
peaks separated by blank rows) is the page's skew. A coarse search (0.25 degree steps within
:data:`MAX_DEG`) is refined in 0.025 degree steps; on the own corpus's photos and scans the
estimate is within 0.05 degrees of the generated rotation, and costs some 0.1 s.

The page is then rotated level (the canvas grown so no corner is cut, new border pixels copied from
the edge) and read; every word box is mapped back to the input raster as the axis-aligned box of
the rotated rectangle, so it covers the tilted word wholly (the corners of that box are background).

Under :data:`MIN_DEG` the page is read as it is: a drift of a few pixels mixes no rows, and the
rotation's resampling then only cost values (own-corpus scans at 0.24-0.25 degrees: two NI numbers
lost, one keep string hit; nothing gained at 0.2-0.3 degrees).

How it fails: a page with little text or several differently tilted parts (a photo of two sheets)
gets a wrong or no angle, and is read as before when the estimate is under :data:`MIN_DEG`; a
page tilted by more than :data:`MAX_DEG` is straightened only up to it. A level sheet is read row
by row, the row number glued to the first cell (see :func:`redactor.textmap._after_gutter`).
Pure array arithmetic: nothing here raises for odd input (a blank or tiny page has angle 0).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image

from redactor.pageprep import STRETCH, local_polarity
from redactor.words import Word

MAX_DEG = 5.0  # largest skew searched for (degrees either way)
MIN_DEG = 0.3  # a smaller estimated skew is left alone: under 8 px of drift across a 1500 px page
SIDE = 1500  # px: the estimate works on a copy whose longest side is at most this
MIN_INK = 500  # ink pixels below which there is no text to measure an angle from
INK = 128  # darker than this (after local polarity and stretch) is ink


def estimate(grey: np.ndarray) -> float:
    """Skew of the text of ``grey`` (uint8), in degrees counter-clockwise (PIL's sense: rotating
    the page by minus this makes its lines level); 0.0 when there is too little ink."""
    h, w = grey.shape
    f = max(1.0, max(h, w) / SIDE)
    small = grey if f == 1.0 else cv2.resize(grey, (round(w / f), round(h / f)), interpolation=cv2.INTER_AREA)
    flat = local_polarity(small)
    lo, hi = STRETCH
    ys, xs = np.nonzero(flat < lo + INK * (hi - lo) / 255)  # dark after the stretch the OCR applies
    if ys.size < MIN_INK:
        return 0.0
    xs = xs.astype(np.float64) - small.shape[1] / 2
    ys = ys.astype(np.float64)

    def sharpness(deg: float) -> float:
        rows = np.round(ys + xs * math.tan(math.radians(deg))).astype(np.int64)
        d = np.diff(np.bincount(rows - rows.min()).astype(np.float64))
        return float(np.dot(d, d))

    coarse = max(np.arange(-MAX_DEG, MAX_DEG + 1e-9, 0.25), key=sharpness)
    return float(max(np.arange(coarse - 0.25, coarse + 0.25 + 1e-9, 0.025), key=sharpness))


class Level:
    """The rotation that levels a page tilted by ``deg`` degrees, and its inverse for boxes."""

    def __init__(self, size: tuple[int, int], deg: float) -> None:
        w, h = size
        a = math.radians(deg)
        ca, sa = abs(math.cos(a)), abs(math.sin(a))
        self.size = (math.ceil(w * ca + h * sa), math.ceil(w * sa + h * ca))
        m = cv2.getRotationMatrix2D((w / 2, h / 2), -deg, 1.0)
        m[0, 2] += self.size[0] / 2 - w / 2
        m[1, 2] += self.size[1] / 2 - h / 2
        self.forward = m
        self.back = cv2.invertAffineTransform(m)
        self.bounds = (w, h)

    def apply(self, img: Image.Image) -> Image.Image:
        arr = np.asarray(img)
        out = cv2.warpAffine(arr, self.forward, self.size, flags=cv2.INTER_CUBIC,
                             borderMode=cv2.BORDER_REPLICATE)
        return Image.fromarray(out)

    def to_input(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """The axis-aligned box (input pixels) of ``box`` (levelled pixels) rotated back."""
        x0, y0, x1, y1 = box
        pts = np.array([[x0, y0, 1.0], [x1, y0, 1.0], [x0, y1, 1.0], [x1, y1, 1.0]]) @ self.back.T
        w, h = self.bounds
        return (max(0.0, float(pts[:, 0].min())), max(0.0, float(pts[:, 1].min())),
                min(float(w), float(pts[:, 0].max())), min(float(h), float(pts[:, 1].max())))


def read_level(img: Image.Image, read: Callable[[Image.Image], list[Word]]) -> list[Word]:
    """``read(img)``, or ``read`` of ``img`` levelled when its text is tilted by :data:`MIN_DEG`
    or more, the word boxes mapped back to ``img``'s pixels."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        img = Image.alpha_composite(Image.new("RGBA", img.size, (255, 255, 255, 255)), img.convert("RGBA"))
    if img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    deg = estimate(np.asarray(img.convert("L")))
    if abs(deg) < MIN_DEG:
        return read(img)
    level = Level(img.size, deg)
    words = read(level.apply(img))
    for w in words:
        w.box = level.to_input(w.box)
    return words

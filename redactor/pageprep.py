"""Grey, dark-on-light copy of a whole page for Tesseract's page pass (photos and scans).

The page pass reads a camera photo or a scanned page as one image, so text whose polarity differs
from the page's (a dark side panel, a coloured header inside a light photo) and text under uneven
light (a vignette, a grey panel) has to be made dark-on-light *locally* first: the background of
every neighbourhood is estimated (a median over a window a few text lines tall, computed on a
downscaled copy so it costs a few milliseconds), areas whose background is dark are inverted, and
each pixel is divided by its local background (a flat field: the background becomes white
everywhere, ink keeps its contrast to it). The global stretch then maps pale grey ink to dark.

Pure array arithmetic: nothing here raises for odd input (a tiny or blank image comes back as it
went in, grey).
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageOps

STRETCH = (150, 235)
DARK_BG = 120  # a local background darker than this holds light text: the area is inverted
BG_WINDOW = 11  # median window over the downscaled page (44 px at 1/4: a few text lines)
MIN_BG = 40.0  # flat field divides by at least this (an all-black area stays black, no noise blow-up)


def prepare(img: Image.Image, scale: float, stretch: tuple[int, int] | None = None,
            local: bool = False) -> Image.Image:
    """Grey, dark-on-light, upscaled copy of ``img`` for recognition.

    A dark theme (dark median) is inverted as a whole; with ``local`` (camera photos) every dark
    area left (a dark panel inside a light photo) is inverted too and the light is flattened (see
    :func:`local_polarity`). Scanned and rendered PDF pages go without: measured on the own corpus,
    it lost values there (3 documents, 16 values). ``stretch=(lo, hi)`` maps grey ``lo`` to black
    and ``hi`` to white: pale grey UI text (disabled fields, hints) on near-white backgrounds
    becomes dark enough for Tesseract's binarisation.
    """
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(bg, rgba)
    grey = img.convert("L")
    if float(np.median(np.asarray(grey))) < 110:
        grey = ImageOps.invert(grey)
    if local:
        grey = Image.fromarray(local_polarity(np.asarray(grey)))
    if stretch is not None:
        lo, hi = stretch
        grey = grey.point([min(255, max(0, round((v - lo) * 255 / (hi - lo)))) for v in range(256)])
    if scale != 1.0:
        grey = grey.resize((round(grey.width * scale), round(grey.height * scale)), Image.BICUBIC)
    return grey


def local_polarity(grey: np.ndarray) -> np.ndarray:
    """``grey`` with every dark-background area inverted and divided by its local background.

    The background is the median of a window of :data:`BG_WINDOW` pixels of a copy downscaled by
    ``max(4, longest side / 400)`` (the window follows the image's size, so it stays a few text
    lines tall and never fits inside one glyph stroke of a heading). Measured on the own corpus's
    phone photos: 52 -> 77 of 79 values read by the page pass (dark side panels, coloured headers,
    vignetted forms), dev photos 53 -> 54 of 54.
    """
    h, w = grey.shape
    f = max(4.0, max(h, w) / 400)
    sw, sh = round(w / f), round(h / f)
    if min(sw, sh) < BG_WINDOW:
        return grey
    small = cv2.resize(grey, (sw, sh), interpolation=cv2.INTER_AREA)
    bg = cv2.resize(cv2.medianBlur(small, BG_WINDOW), (w, h), interpolation=cv2.INTER_LINEAR)
    g = grey.astype(np.float32)
    b = bg.astype(np.float32)
    dark = b < DARK_BG
    g = np.where(dark, 255 - g, g)
    b = np.where(dark, 255 - b, b)
    return np.clip(g * (255.0 / np.maximum(b, MIN_BG)), 0, 255).astype(np.uint8)

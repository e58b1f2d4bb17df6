"""Pixel side of the corpus: tighten browser boxes to drawn ink, and degrade images like real files.

`tighten` shrinks a box to the pixels that differ from the box's own background (the median of its
border ring), plus one pixel; a box with no ink returns None and its label is dropped, so a label
never points at empty background. The degradations (JPEG recompression, downscaling, scan and photo
simulation with a small rotation, blur and noise) return the new image and map every box through
the same geometry (a rotated box becomes the axis-aligned box of its rotated corners).
"""

from __future__ import annotations

import io
import math
import random

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

Box = list[float]


def tighten(arr: np.ndarray, box: Box, pad: int = 1) -> Box | None:
    h, w = arr.shape[:2]
    x0, y0 = max(0, int(math.floor(box[0]))), max(0, int(math.floor(box[1])))
    x1, y1 = min(w, int(math.ceil(box[2]))), min(h, int(math.ceil(box[3])))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    crop = arr[y0:y1, x0:x1, :3].astype(np.int16)
    ring = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]])
    bg = np.median(ring, axis=0)
    diff = np.abs(crop - bg).max(axis=2)
    peak = int(diff.max())
    if peak < 24:
        return None
    ink = diff > max(18, peak * 0.3)
    ink = _drop_edge_bands(ink)
    rows, cols = np.where(ink.any(axis=1))[0], np.where(ink.any(axis=0))[0]
    if not len(rows) or not len(cols):
        return None
    return [
        float(max(0, x0 + cols[0] - pad)),
        float(max(0, y0 + rows[0] - pad)),
        float(min(w, x0 + cols[-1] + 1 + pad)),
        float(min(h, y0 + rows[-1] + 1 + pad)),
    ]


def _drop_edge_bands(ink: np.ndarray) -> np.ndarray:
    """Blank thin ink bands that touch the top/bottom edge, cut off by an empty row: they are the
    descenders / ascenders of the neighbouring line (fonts whose content area exceeds the line
    height), not this span's glyphs. A diacritic above a capital does not touch the edge."""
    on = ink.any(axis=1)
    h = len(on)
    runs, y = [], 0
    while y < h:
        if on[y]:
            y1 = y
            while y1 < h and on[y1]:
                y1 += 1
            runs.append((y, y1))
            y = y1
        else:
            y += 1
    if len(runs) < 2:
        return ink
    out = ink.copy()
    for i in (0, -1):
        y0, y1 = runs[i]
        touches = y0 == 0 if i == 0 else y1 == h
        if touches and (y1 - y0) <= 0.3 * h:
            out[y0:y1] = False
    return out


def ink_fraction(arr: np.ndarray, box: Box) -> float:
    """Share of the box's pixels that differ from its border-ring background (for the tests)."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    crop = arr[y0:y1, x0:x1, :3].astype(np.int16)
    if crop.size == 0:
        return 0.0
    ring = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]])
    return float((np.abs(crop - np.median(ring, axis=0)).max(axis=2) > 40).mean())


def scale_box(b: Box, sx: float, sy: float | None = None) -> Box:
    sy = sx if sy is None else sy
    return [round(b[0] * sx, 2), round(b[1] * sy, 2), round(b[2] * sx, 2), round(b[3] * sy, 2)]


def jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def recompress(img: Image.Image, quality: int) -> Image.Image:
    """A JPEG round trip (a screenshot that went through a chat app), returned as an image."""
    return Image.open(io.BytesIO(jpeg_bytes(img, quality))).convert("RGB")


def downscale(img: Image.Image, factor: float) -> tuple[Image.Image, float]:
    w, h = max(1, round(img.width * factor)), max(1, round(img.height * factor))
    out = img.resize((w, h), Image.LANCZOS)
    return out, w / img.width


def _rotate_box(b: Box, deg: float, cx: float, cy: float) -> Box:
    a = math.radians(-deg)  # PIL rotates counter-clockwise for positive angles (y axis down)
    ca, sa = math.cos(a), math.sin(a)
    pts = [(b[0], b[1]), (b[2], b[1]), (b[0], b[3]), (b[2], b[3])]
    xs, ys = [], []
    for x, y in pts:
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * ca - dy * sa)
        ys.append(cy + dx * sa + dy * ca)
    return [round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)]


def degrade(img: Image.Image, rng: random.Random, kind: str) -> tuple[Image.Image, float, callable]:
    """Scan ('scan') or phone photo ('photo') look. -> (image, degrees, box mapper)."""
    deg = rng.uniform(-1.2, 1.2) if kind == "scan" else rng.uniform(-2.0, 2.0)
    cx, cy = img.width / 2, img.height / 2
    fill = (250, 250, 248) if kind == "scan" else (205, 200, 190)
    out = img.convert("RGB").rotate(
        deg, resample=Image.BICUBIC, expand=False, center=(cx, cy), fillcolor=fill
    )
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    arr = np.asarray(out).astype(np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    arr += nrng.normal(0, 4.0 if kind == "scan" else 6.0, arr.shape)
    if kind == "photo":  # warm tint and a soft vignette (uneven light)
        yy, xx = np.mgrid[0 : arr.shape[0], 0 : arr.shape[1]]
        r = np.hypot((xx - cx) / cx, (yy - cy) / cy)
        arr *= (1.0 - 0.18 * np.clip(r - 0.3, 0, None))[..., None]
        arr *= np.array([1.02, 0.99, 0.93])
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if kind == "scan":
        out = ImageEnhance.Contrast(out).enhance(rng.uniform(0.9, 1.1))
    return out, deg, (lambda b: _rotate_box(b, deg, cx, cy))


def image_pdf(jpeg: bytes, width_pt: float, height_pt: float) -> bytes:
    """An image-only ("scanned") one-page PDF whose page is filled by the JPEG."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=width_pt, height=height_pt)
    page.insert_image(page.rect, stream=jpeg)
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data

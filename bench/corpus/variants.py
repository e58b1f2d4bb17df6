"""Output variants: how one rendered layout becomes a file (PNG at a DPR, JPEG, phone, PDF, scan, photo).

`produce` renders the page through render.Browser, converts the browser's CSS-px boxes into the
file's coordinate space (image pixels, or PDF points for pdf_text / pdf_scan, as score.py expects),
tightens them to ink, applies the variant's degradation and returns the file bytes plus labelled
items. Items whose span is occluded, off-screen or draws no ink are dropped (never labelled blind).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from . import ink
from .render import Browser, Shot

A4_CSS = (794, 1123)  # 210 x 297 mm at 96 css px per inch


@dataclass
class Variant:
    name: str  # png | png_down | jpg | phone | pdf_text | pdf_scan | photo
    fmt: str  # manifest format: png | jpg | pdf_text | pdf_scan
    ext: str
    width: int  # CSS viewport
    height: int
    dpr: float = 1.0
    tags: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def choose(rng: random.Random, name: str, page_like: bool) -> Variant:
    screens = [(1280, 800), (1366, 768), (1440, 900), (1024, 720), (1600, 900)]
    w, h = A4_CSS if page_like else rng.choice(screens)
    if name == "png":
        dpr = rng.choice([1.0, 1.0, 1.25, 2.0])
        if dpr >= 2:
            w, h = int(w * 0.75), int(h * 0.75)
        tags = (["hidpi"] if dpr >= 2 else []) + (["dpr125"] if dpr == 1.25 else [])
        return Variant("png", "png", "png", w, h, dpr, tags)
    if name == "png_down":
        return Variant(
            "png_down", "png", "png", w, h, 1.0, ["downscaled"], {"factor": rng.choice([0.75, 0.8, 0.67])}
        )
    if name == "jpg":
        return Variant(
            "jpg", "jpg", "jpg", w, h, rng.choice([1.0, 1.25]), ["jpeg"], {"quality": rng.randint(55, 80)}
        )
    if name == "phone":
        return Variant("phone", "png", "png", 360, 800, 3.0, ["phone_screenshot", "hidpi"])
    if name == "pdf_text":
        return Variant("pdf_text", "pdf_text", "pdf", *A4_CSS, 1.0, ["browser_pdf"])
    if name == "pdf_scan":
        return Variant("pdf_scan", "pdf_scan", "pdf", *A4_CSS, rng.choice([1.5625, 2.0833]), ["scan"])
    if name == "photo":
        return Variant("photo", "jpg", "jpg", *(A4_CSS if page_like else (1024, 720)), 1.5, ["photo"])
    raise ValueError("unknown variant %r" % name)


def _label(items: list[dict], arr: np.ndarray, scale: float) -> list[dict]:
    """CSS-px items -> items in the array's pixel space, tightened to ink; invisible ones dropped."""
    out = []
    for it in items:
        if not it["visible"] or not it["text"]:
            continue
        parts = [ink.tighten(arr, ink.scale_box(b, scale)) for b in it["parts"]]
        if not parts or any(p is None for p in parts):
            continue
        bbox = [
            min(p[0] for p in parts),
            min(p[1] for p in parts),
            max(p[2] for p in parts),
            max(p[3] for p in parts),
        ]
        tags = list(it["tags"])
        if it["font_px"] <= 11 and "small_font" not in tags:
            tags.append("small_font")
        out.append(dict(it, bbox=bbox, parts=parts, tags=tags))
    return out


def _map(items: list[dict], f) -> list[dict]:
    return [dict(it, bbox=f(it["bbox"]), parts=[f(b) for b in it["parts"]]) for it in items]


def produce(browser: Browser, html: str, v: Variant, rng: random.Random) -> tuple[bytes, list[dict], dict]:
    """-> (file bytes, labelled items in file coordinates, page info {width, height[, pages]})."""
    if v.fmt == "pdf_text":
        shot = browser.pdf(html, v.width, v.height)
        return _pdf_text(shot)
    shot = browser.shot(html, v.width, v.height, v.dpr, mobile=v.name == "phone")
    img = Image.open(io.BytesIO(shot.data)).convert("RGB")
    items = _label(shot.items, np.asarray(img), shot.dpr)
    if v.name == "png_down":
        img, f = ink.downscale(img, v.extra["factor"])
        items = _map(items, lambda b: ink.scale_box(b, f))
    if v.name == "jpg":
        return ink.jpeg_bytes(img, v.extra["quality"]), items, {"width": img.width, "height": img.height}
    if v.name in ("pdf_scan", "photo"):
        kind = "scan" if v.name == "pdf_scan" else "photo"
        img, deg, f = ink.degrade(img, rng, kind)
        items = _map(items, f)
        v.extra["rotation_deg"] = round(deg, 2)
        jpg = ink.jpeg_bytes(img, rng.randint(70, 88))
        if kind == "photo":
            return jpg, items, {"width": img.width, "height": img.height}
        wpt, hpt = v.width * 0.75, v.height * 0.75
        s = wpt / img.width
        items = _map(items, lambda b: ink.scale_box(b, s))
        return ink.image_pdf(jpg, wpt, hpt), items, {"width": wpt, "height": hpt}
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue(), items, {"width": img.width, "height": img.height}


def _pdf_text(shot: Shot) -> tuple[bytes, list[dict], dict]:
    import pymupdf

    doc = pymupdf.open(stream=shot.data, filetype="pdf")
    try:
        page = doc[0]
        wpt, hpt = page.rect.width, page.rect.height
        zoom = 2.0
        pm = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False, colorspace=pymupdf.csRGB)
        arr = np.frombuffer(pm.samples, dtype=np.uint8).reshape(pm.height, pm.width, pm.n)[:, :, :3]
        scale = wpt / shot.css_w * zoom
        items = _label(shot.items, arr, scale)
        items = _map(items, lambda b: ink.scale_box(b, 1 / zoom))
        _check_text_layer(page, items)
        if doc.page_count != 1:
            raise RuntimeError("browser PDF has %d pages; the template must fit one page" % doc.page_count)
    finally:
        doc.close()
    return shot.data, items, {"width": round(wpt, 2), "height": round(hpt, 2)}


def _check_text_layer(page, items: list[dict]) -> None:
    """Every label the PDF text layer can find must lie where the browser said (else raise)."""
    import pymupdf

    bad = found = 0
    for it in items:
        hits = page.search_for(it["text"])
        if not hits:
            continue  # ligatures / split spans: the text layer differs, the pixels decide
        found += 1
        box = pymupdf.Rect(*it["bbox"])
        if not any((h & box).get_area() > 0.3 * min(h.get_area(), box.get_area()) for h in hits):
            bad += 1
    if bad > max(1, found // 50):
        raise RuntimeError("browser PDF labels do not match its text layer (%d of %d)" % (bad, found))

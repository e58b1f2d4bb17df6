"""Trust checks for one PDF page: does its text layer tell the truth about what the page shows?

The rendered page is the ground truth. :func:`inspect_page` compares the page's structure with what
a viewer paints and returns a :class:`PageCheck`:

``rewrite`` (reasons, never content) — the structure carries text the render does not show, or
shows text the structure does not spell. Such a page is rebuilt from its redacted render (see
:mod:`redactor.formats.pdf`), so nothing unchecked survives. Reasons:

* ``hidden_layer``   optional content switched off in the document (an OCG with state OFF);
* ``off_page``       text painted (partly) outside the visible page box;
* ``invisible``      text render mode 3, text under 2.5 pt tall, text whose colour does not stand out
  from what the render shows under it (white on white), or text covered by a later image;
* ``opaque_font``    a Type3 font, a CID font without ToUnicode, a simple font without ToUnicode whose
  glyph names are opaque, or extracted characters that are not text (U+FFFD, private use, controls).

``regions`` — page areas whose text is only pixels or paths, OCR'd while the page keeps its structure:
every image large enough in pixels to hold a glyph (no minimum size in points) and clusters of
glyph-like vector paths (small filled curves: text converted to outlines).

Every check errs towards ``rewrite``/OCR: a false alarm costs time or a text layer, never a leak.
Failures of MuPDF while inspecting propagate (the handler turns them into ``CorruptFile``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pymupdf

from redactor.types import Box

MIN_IMAGE_PX = 8  # images fewer pixels than this on a side hold no readable glyph
MIN_IMAGE_SIDE_PT = 3.0  # ... or drawn smaller than this
MIN_TEXT_PT = 2.5  # text lines lower than this are invisible to a reader
GLYPH_PATHS = 4  # this many glyph-like paths near each other are treated as outlined text
_OPAQUE_GLYPH = re.compile(r"^(?:g|glyph|cid|c|G|index|gid|[a-z]{0,2})\d+$|^[0-9A-Fa-f]{2,4}$")
_STANDARD_ENCODINGS = ("WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding", "PDFDocEncoding",
                       "MacExpertEncoding")


@dataclass(slots=True)
class PageCheck:
    rewrite: list[str] = field(default_factory=list)
    regions: list[tuple[pymupdf.Rect, float]] = field(default_factory=list)  # rect, render zoom
    images: list[Box] = field(default_factory=list)


def hidden_layers(doc: pymupdf.Document) -> bool:
    """True if any optional-content group is off (in the default configuration or any other)."""
    try:
        ocgs = doc.get_ocgs() or {}
    except Exception:  # noqa: BLE001 - a broken /OCProperties: trust nothing
        return True
    return any(not o.get("on", True) for o in ocgs.values()) or (
        bool(ocgs) and any(not c.get("on") for c in doc.layer_ui_configs() or []))


def inspect_page(page: pymupdf.Page, text_chars: list[str], hidden: bool) -> PageCheck:
    check = PageCheck()
    if hidden and _uses_optional_content(page):
        check.rewrite.append("hidden_layer")
    log = page.get_bboxlog()
    visible = page.rect if not page.rotation else page.cropbox
    area = pymupdf.Rect(visible.x0 - 1, visible.y0 - 1, visible.x1 + 1, visible.y1 + 1)
    texts = [(i, pymupdf.Rect(b)) for i, (kind, b, *_) in enumerate(log) if kind.endswith("-text")]
    if any(kind == "ignore-text" for kind, *_ in log):
        check.rewrite.append("invisible")
    if any(not r.is_empty and not area.contains(r) for _, r in texts):
        check.rewrite.append("off_page")
    covers = [(i, pymupdf.Rect(b)) for i, (kind, b, *_) in enumerate(log)
              if kind in ("fill-image", "fill-shade")]
    if _invisible_spans(page, covers):
        if "invisible" not in check.rewrite:
            check.rewrite.append("invisible")
    if _opaque_fonts(page) or any(_not_text(c) for c in text_chars):
        check.rewrite.append("opaque_font")
    check.images, images = _image_regions(page)
    check.regions = _merge_regions(images + _outline_regions(page), page.rect)
    return check


def _uses_optional_content(page: pymupdf.Page) -> bool:
    doc = page.parent
    if b"/OC" in page.read_contents():
        return True
    res = doc.xref_get_key(page.xref, "Resources")
    text = doc.xref_object(int(res[1].split()[0]), compressed=True) if res[0] == "xref" else res[1]
    if "/Properties" in text:
        return True
    return any("/OC" in doc.xref_object(x[0], compressed=True) for x in page.get_xobjects()) or any(
        "/OC" in doc.xref_object(x[0], compressed=True) for x in page.get_images())


def _covered(text: pymupdf.Rect, seq: int, covers: list[tuple[int, pymupdf.Rect]]) -> bool:
    """Text whose box is at least half hidden by an image or shading painted after it."""
    if text.is_empty:
        return False
    area = text.width * text.height
    return any(j > seq and (text & r).width * (text & r).height >= 0.5 * area for j, r in covers)


def _invisible_spans(page: pymupdf.Page, covers: list[tuple[int, pymupdf.Rect]]) -> bool:
    """Tiny text, text under a later image, or light/transparent text that does not stand out
    from the rendered page. (Texttrace ``seqno`` and bboxlog positions count the same operations.)"""
    suspect = []
    for span in page.get_texttrace():
        x0, y0, x1, y1 = span["bbox"]
        if x1 <= x0 or all(chr(c[0]).isspace() for c in span.get("chars") or ()):
            continue
        seq = span.get("seqno", -1)
        if covers and any(_covered(pymupdf.Rect(c[3]), seq, covers) for c in span["chars"] if c[3]):
            return True
        if y1 - y0 < MIN_TEXT_PT:
            return True
        lum = sum(span.get("color") or (0, 0, 0)) / max(len(span.get("color") or (0, 0, 0)), 1)
        if lum > 0.7 or (span.get("opacity") or 1.0) < 0.35:
            suspect.append(span["bbox"])
    if not suspect:
        return False
    pix = page.get_pixmap(matrix=pymupdf.Matrix(2, 2), colorspace=pymupdf.csGRAY, alpha=False)
    grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    m = page.rotation_matrix * pymupdf.Matrix(2, 2)
    for b in suspect:
        r = (pymupdf.Rect(b) * m).irect & pymupdf.IRect(0, 0, pix.width, pix.height)
        if r.is_empty:
            continue
        cell = grey[r.y0:r.y1, r.x0:r.x1]
        if cell.size == 0 or int(cell.max()) - int(cell.min()) < 48:  # no ink stands out
            return True
    return False


def _opaque_fonts(page: pymupdf.Page) -> bool:
    doc = page.parent
    for xref, _ext, ftype, _base, _name, enc, *_ in page.get_fonts(full=True):
        if ftype == "Type3":
            return True
        if xref <= 0 or doc.xref_get_key(xref, "ToUnicode")[0] != "null":
            continue
        if ftype == "Type0":
            return True
        if enc and enc in _STANDARD_ENCODINGS:
            continue
        enc_obj = doc.xref_get_key(xref, "Encoding")
        text = enc_obj[1]
        if enc_obj[0] == "xref":
            text = doc.xref_object(int(text.split()[0]), compressed=True)
        diffs = text.split("Differences", 1)[1] if "Differences" in text else ""
        names = re.findall(r"/([^\s/\[\]<>()]+)", diffs)
        if any(_OPAQUE_GLYPH.match(n) for n in names):
            return True
    return False


def _not_text(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    cat = unicodedata.category(ch)
    return cat in ("Co", "Cn", "Cs") or (cat == "Cc" and ch not in "\t\n\r")


def _image_regions(page: pymupdf.Page) -> tuple[list[Box], list[tuple[pymupdf.Rect, float]]]:
    boxes: list[Box] = []
    regions: list[tuple[pymupdf.Rect, float]] = []
    for info in page.get_image_info():
        bbox = pymupdf.Rect(info["bbox"])
        boxes.append(tuple(bbox))
        r = bbox & page.rect
        w_px, h_px = info.get("width", 0), info.get("height", 0)
        if r.is_empty or min(w_px, h_px) < MIN_IMAGE_PX or min(r.width, r.height) < MIN_IMAGE_SIDE_PT:
            continue
        zoom = max(1.5, min(4.0, w_px / max(bbox.width, 1.0)))
        regions.append((r, max(zoom, min(8.0, 40.0 / r.height))))  # a short image: >= 40 px tall
    return boxes, regions


def _outline_regions(page: pymupdf.Page) -> list[tuple[pymupdf.Rect, float]]:
    """Clusters of small filled curved paths: glyphs drawn as outlines."""
    shapes: list[tuple[pymupdf.Rect, bool]] = []  # small filled paths; True: glyph-like (curved)
    for d in page.get_cdrawings():
        if "f" not in (d.get("type") or ""):
            continue
        r = pymupdf.Rect(d["rect"])
        items = d.get("items") or []
        if 0.5 <= r.height <= 60 and r.width <= 80:
            shapes.append((r, any(it[0] in ("c", "qu") for it in items) or len(items) >= 6))
    if sum(g for _, g in shapes) < GLYPH_PATHS:
        return []
    clusters: list[list] = []  # [union rect, glyph-like count]
    for r, glyph in sorted(shapes, key=lambda s: (s[0].y0, s[0].x0)):
        reach = max(r.height, 4.0)
        for c in clusters:
            if (c[0] + (-reach, -0.3 * reach, reach, 0.3 * reach)).intersects(r):
                c[0] |= r
                c[1] += glyph
                break
        else:
            clusters.append([pymupdf.Rect(r), int(glyph)])
    regions = []
    for rect, n in clusters:
        if n >= GLYPH_PATHS:
            h = max(rect.height, 4.0)
            regions.append((rect + (-2 * h, -0.3 * h, 2 * h, 0.3 * h), max(2.0, min(6.0, 40.0 / h))))
    return regions


def _merge_regions(regions: list[tuple[pymupdf.Rect, float]],
                   page_rect: pymupdf.Rect) -> list[tuple[pymupdf.Rect, float]]:
    """Join overlapping regions; many regions (or most of the page) become one page-wide region."""
    out = [(pymupdf.Rect(r) & page_rect, z) for r, z in regions]
    merged = True
    while merged:  # to a fixpoint: a union can reach a region an earlier pass did not touch
        merged = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                if out[i][0].intersects(out[j][0]):
                    out[i] = (out[i][0] | out[j][0], max(out[i][1], out[j][1]))
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    out = [(r, z) for r, z in out if not r.is_empty]
    if not out:
        return []
    covered = sum(r.width * r.height for r, _ in out)
    if len(out) > 6 or covered > 0.6 * page_rect.width * page_rect.height:
        return [(pymupdf.Rect(page_rect), min(4.0, max(z for _, z in out)))]
    return out

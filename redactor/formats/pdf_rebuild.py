"""Verified rewrite of an untrusted PDF page, and the comparison of OCR words with text-layer words.

A page whose structure cannot be trusted (see :mod:`redactor.formats.pdf_inspect`) is replaced by
its own render with the redacted boxes painted black: the output page holds one opaque image and
nothing else (no fonts, no text objects, no optional content, nothing outside the page), so it can
carry only what was OCR'd and checked. The page keeps its displayed size; a rotated page becomes
an upright page of the displayed size. The render goes into the document as a pixmap and is deflated
at once (:func:`redactor.formats.pdf_remove.deflate_written`): MuPDF would otherwise hold ~11 MB of
raw RGB per 200-dpi A4 page until the save. Rendering errors propagate (the handler fails closed).
"""

from __future__ import annotations

import math
import re
import unicodedata
from difflib import SequenceMatcher

import pymupdf
from PIL import Image, ImageDraw

from redactor.formats.pdf_remove import deflate_written
from redactor.ocr import Word
from redactor.types import Box
from redactor.words import covered_share

_NORM = re.compile(r"[\W_]+")


def _norm(s: str) -> str:
    return _NORM.sub("", unicodedata.normalize("NFKC", s).casefold())


def _same(a: str, b: str) -> bool:
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return na == nb
    return na == nb or SequenceMatcher(None, na, nb).ratio() >= 0.8


def _match(o: Word, text: list[Word]) -> Word | None:
    """The text-layer word at the place of OCR word ``o`` that spells what OCR read, if any."""
    best = None
    for t in text:
        if (covered_share(o.box, t.box) >= 0.5 or covered_share(t.box, o.box) >= 0.5) \
                and _same(o.text, t.text):
            best = t
            break
    return best


def explained(o: Word, text: list[Word]) -> bool:
    """True if the OCR word is already in the text layer, at the same place and spelt the same."""
    return _match(o, text) is not None


def rewrite_words(text: list[Word], ocr: list[Word]) -> list[Word]:
    """Words of a rebuilt page: what OCR read, spelt as the text layer has it where both agree."""
    out = []
    for o in ocr:
        t = _match(o, text)
        out.append(o if t is None else Word(t.text, t.box, o.line, o.conf, t.chars))
    return out


def rebuild_page(doc: pymupdf.Document, pno: int, fills: list[Box], zoom: float) -> None:
    """Replace page ``pno`` by its render at ``zoom`` with ``fills`` (page coordinates) blacked out."""
    page = doc[pno]
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False, colorspace=pymupdf.csRGB)
    img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    draw = ImageDraw.Draw(img)
    m = page.rotation_matrix * pymupdf.Matrix(zoom, zoom)
    for b in fills:
        r = pymupdf.Rect(b) * m
        draw.rectangle((math.floor(r.x0), math.floor(r.y0), math.ceil(r.x1), math.ceil(r.y1)), fill=(0, 0, 0))
    del pix
    out = pymupdf.Pixmap(pymupdf.csRGB, img.width, img.height, img.tobytes(), False)
    del img
    width, height = page.rect.width, page.rect.height
    doc.delete_page(pno)
    new = doc.new_page(pno, width=width, height=height)
    new.insert_image(new.rect, pixmap=out)
    deflate_written(doc, [x for im in new.get_images(full=True) for x in im[:2] if x > 0])

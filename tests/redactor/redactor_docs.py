"""Helpers (for tests/redactor) that render real test documents (images and PDFs) at test time."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw, ImageFont

EMAIL = "jonas.petraitis@example.com"
IBAN = "LT601010012345678901"
KEEP = "Invoice HD-2026-0042 total 125.00 EUR"

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if _DEJAVU.exists():
        return ImageFont.truetype(str(_DEJAVU), size)
    return ImageFont.load_default(size=size)


def render_image(lines: list[str], *, size: tuple[int, int] = (760, 220), dark: bool = False,
                 fontsize: int = 18, fmt: str = "PNG", **save) -> bytes:
    """A screenshot-like image with ``lines`` of text (dark theme: light text on dark grey)."""
    bg, fg = ((32, 33, 36), (230, 230, 230)) if dark else ((255, 255, 255), (20, 20, 20))
    img = Image.new("RGB", size, bg)
    draw = ImageDraw.Draw(img)
    f = font(fontsize)
    for i, line in enumerate(lines):
        draw.text((20, 20 + i * int(fontsize * 1.8)), line, fill=fg, font=f)
    buf = io.BytesIO()
    img.save(buf, format=fmt, **save)
    return buf.getvalue()


def text_box(lines: list[str], needle: str, *, fontsize: int = 18) -> tuple[int, int, int, int]:
    """Pixel (ink) box of ``needle`` as drawn by :func:`render_image`."""
    f = font(fontsize)
    for i, line in enumerate(lines):
        k = line.find(needle)
        if k >= 0:
            y = 20 + i * int(fontsize * 1.8)
            x = 20 + f.getlength(line[:k])
            bb = f.getbbox(needle)  # ink box, as the benchmark's ground truth
            return int(x + bb[0]), y + bb[1], int(x + bb[2]) + 1, y + bb[3]
    raise ValueError("needle not drawn")


def make_text_pdf(lines: list[str], *, pages: int = 1, extras: bool = True) -> bytes:
    """A text PDF; with ``extras`` the e-mail also hides in metadata, XMP, an annotation,
    a form field, an outline entry and an embedded file."""
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=595, height=842)
        for i, line in enumerate(lines):
            page.insert_text((60, 80 + i * 20), line, fontsize=11, fontname="helv")
    if extras:
        doc.set_metadata({"author": EMAIL, "title": "Ticket", "subject": EMAIL})
        doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><e>{EMAIL}</e></x:xmpmeta>")
        page = doc[0]
        page.add_text_annot((400, 60), EMAIL)
        w = pymupdf.Widget()
        w.field_name, w.field_type, w.field_value = "mail", pymupdf.PDF_WIDGET_TYPE_TEXT, EMAIL
        w.rect = pymupdf.Rect(60, 700, 300, 720)
        page.add_widget(w)
        page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(60, 740, 200, 760),
                          "uri": f"mailto:{EMAIL}"})
        doc.set_toc([[1, EMAIL, 1]])
        doc.embfile_add("contact.txt", EMAIL.encode(), filename="contact.txt", desc=EMAIL)
    return doc.tobytes()


def make_scan_pdf(lines: list[str]) -> bytes:
    """An image-only PDF page (a 'scan') showing ``lines``."""
    png = render_image(lines, size=(1240, 400), fontsize=30)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(pymupdf.Rect(0, 0, 595, 192), stream=png)
    return doc.tobytes()



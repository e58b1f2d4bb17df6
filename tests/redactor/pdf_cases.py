"""Regression corpus of hostile and tricky PDFs (issue 13), built at test time.

Every builder returns PDF bytes in which personal data sits in one channel that a naive text-layer
redactor misses, next to ordinary text that must stay. Documents are made with PyMuPDF and raw
content streams only; nothing is read from disk except the DejaVu font (Pillow's default otherwise).
"""

from __future__ import annotations

import io
import random
import zlib

import pymupdf
from PIL import Image, ImageDraw
from redactor_docs import font, render_image

NAME = "Jonas Petraitis"
CODE = "38703181745"
EMAIL = "jonas.petraitis@gmail.com"
KEEP = "Invoice HD-2026-0042 total 125.00 EUR"
KEEP_WORD = "HD-2026-0042"
W, H = 595, 842


def _page() -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    page.insert_text((60, 60), KEEP, fontsize=11)
    return doc, page


def image_with_email() -> bytes:
    """Case 1: a picture in a text PDF holding a name, a personal code and an e-mail address."""
    doc, page = _page()
    png = render_image([f"Vardas: {NAME}", f"Asmens kodas: {CODE}", f"El. paštas: {EMAIL}"],
                       size=(640, 130), fontsize=18)
    page.insert_image(pymupdf.Rect(60, 100, 380, 165), stream=png)
    return doc.tobytes()


def small_image() -> bytes:
    """Case 2: a one-line signature picture less than 36 pt tall."""
    doc, page = _page()
    png = render_image([f"{NAME}, {EMAIL}"], size=(760, 64), fontsize=24)
    page.insert_image(pymupdf.Rect(60, 100, 440, 132), stream=png)  # 32 pt tall
    return doc.tobytes()


def _outline_pdf(text: str, size: float) -> pymupdf.Document:
    """A one-line PDF where ``text`` is drawn as filled vector outlines (no text objects)."""
    tmp = pymupdf.open()
    p = tmp.new_page(width=W, height=size * 2)
    p.insert_text((2, size * 1.3), text, fontsize=size)
    svg = p.get_svg_image(text_as_path=True)
    return pymupdf.open("pdf", pymupdf.open(stream=svg.encode(), filetype="svg").convert_to_pdf())


def vector_outlines() -> bytes:
    """Case 3: text as vector outlines on a page that also has a text layer."""
    doc, page = _page()
    src = _outline_pdf(f"Contact: {NAME} {EMAIL}", 12)
    page.show_pdf_page(pymupdf.Rect(58, 100, 58 + W, 100 + 24), src, 0)
    page.insert_text((60, 160), "Thank you for your order.", fontsize=11)
    return doc.tobytes()


def _glyph_mask(ch: str, px: int = 40) -> tuple[int, int, bytes, float]:
    f = font(px)
    adv = max(1, round(f.getlength(ch)))
    img = Image.new("1", (adv, px + px // 3), 0)
    ImageDraw.Draw(img).text((0, 0), ch, fill=1, font=f)
    return img.width, img.height, img.tobytes(), adv / px


def type3_opaque(text: str = f"E-mail {EMAIL}") -> bytes:
    """Case 4: text in a Type3 font with opaque glyph names (/g0, /g1 ...) and no ToUnicode.

    Character codes are a shuffled alphabet, so the text layer reads as letters that mean nothing.
    """
    doc, page = _page()
    chars = sorted(set(text))
    codes = random.Random(13).sample(range(ord("a"), ord("z") + 27), len(chars))  # letters and more
    code_of = dict(zip(chars, codes, strict=True))
    procs, widths = {}, {}
    for i, ch in enumerate(chars):
        w, h, bits, adv = _glyph_mask(ch)
        if ch == " ":
            body = f"{adv:.3f} 0 d0".encode()
        else:
            body = (f"{adv:.3f} 0 0 -0.3 {w / 40:.3f} 1.0 d1 q {w / 40:.3f} 0 0 {h / 40:.3f} 0 -0.3 cm "
                    f"BI /W {w} /H {h} /IM true /BPC 1 /D [1 0] ID ").encode() + bits + b" EI Q"
        procs[f"g{i}"] = body
        widths[code_of[ch]] = adv
    first, last = min(widths), max(widths)
    xrefs = {}
    for name, body in procs.items():
        x = doc.get_new_xref()
        doc.update_object(x, "<<>>")
        doc.update_stream(x, body)
        xrefs[name] = x
    diffs = " ".join(f"{code_of[ch]} /g{i}" for i, ch in enumerate(chars))
    wl = " ".join(f"{widths.get(c, 0):.3f}" for c in range(first, last + 1))
    charprocs = " ".join(f"/{n} {x} 0 R" for n, x in xrefs.items())
    fx = doc.get_new_xref()
    doc.update_object(fx, f"<< /Type /Font /Subtype /Type3 /FontBBox [0 -0.3 1 1] "
                          f"/FontMatrix [1 0 0 1 0 0] /CharProcs << {charprocs} >> "
                          f"/Encoding << /Type /Encoding /Differences [{diffs}] >> "
                          f"/FirstChar {first} /LastChar {last} /Widths [{wl}] /Resources << >> >>")
    page.insert_text((60, 200), "Please reply soon.", fontsize=11)
    coded = "".join(f"{code_of[c]:02x}" for c in text)
    _append(doc, page, f"BT /T3x 12 Tf 60 {H - 120} Td <{coded}> Tj ET", font=("T3x", fx))
    return doc.tobytes()


def _append(doc: pymupdf.Document, page: pymupdf.Page, ops: str,
            font: tuple[str, int] | None = None) -> None:
    """Append raw content-stream operators to ``page`` (PDF coordinates: origin bottom left)."""
    if font is not None:
        res = doc.xref_get_key(page.xref, "Resources")
        if res[0] == "xref":
            rx = int(res[1].split()[0])
            fonts = doc.xref_get_key(rx, "Font")
            if fonts[0] == "dict":
                doc.xref_set_key(rx, "Font", fonts[1][:-2] + f" /{font[0]} {font[1]} 0 R >>")
            else:
                doc.xref_set_key(rx, f"Font/{font[0]}", f"{font[1]} 0 R")
        else:
            doc.xref_set_key(page.xref, f"Resources/Font/{font[0]}", f"{font[1]} 0 R")
    x = doc.get_new_xref()
    doc.update_object(x, "<<>>")
    doc.update_stream(x, zlib.compress(ops.encode()), compress=False)
    doc.xref_set_key(x, "Filter", "/FlateDecode")
    contents = page.get_contents()
    doc.xref_set_key(page.xref, "Contents", "[" + " ".join(f"{c} 0 R" for c in [*contents, x]) + "]")


def off_page_text() -> bytes:
    """Case 5: text placed outside the MediaBox (and a line partly outside)."""
    doc, page = _page()
    page.insert_text((60, 100), "Regards, support team", fontsize=11)
    _append(doc, page, f"BT /helv 11 Tf {W + 40} 700 Td ({EMAIL} {CODE}) Tj ET "
                       f"BT /helv 11 Tf 60 {H + 30} Td ({NAME}) Tj ET")
    return doc.tobytes()


def hidden_layer() -> bytes:
    """Case 6: text in an optional-content group that is switched off."""
    doc, page = _page()
    ocg = doc.add_ocg("Notes", on=False)
    page.insert_text((60, 120), f"{NAME} {EMAIL} {CODE}", fontsize=11, oc=ocg)
    page.insert_text((60, 150), "Regards, support team", fontsize=11)
    return doc.tobytes()


def invisible_text() -> bytes:
    """Invisible text: render mode 3, white on white, 1 pt, and text under an opaque image."""
    doc, page = _page()
    page.insert_text((60, 100), EMAIL, fontsize=11, render_mode=3)
    page.insert_text((60, 130), CODE, fontsize=11, color=(1, 1, 1))
    page.insert_text((60, 160), NAME, fontsize=1)
    page.insert_text((60, 200), f"Backup {EMAIL}", fontsize=11)
    grey = Image.new("RGB", (300, 40), (200, 200, 200))
    buf = io.BytesIO()
    grey.save(buf, format="PNG")
    page.insert_image(pymupdf.Rect(55, 185, 355, 210), stream=buf.getvalue())
    page.insert_text((60, 250), "Regards, support team", fontsize=11)
    return doc.tobytes()


def annotation_appearance() -> bytes:
    """A free-text annotation and a filled form field: their appearances show the values."""
    doc, page = _page()
    page.add_freetext_annot(pymupdf.Rect(60, 100, 400, 130), f"Call {NAME}", fontsize=11)
    w = pymupdf.Widget()
    w.field_name, w.field_type, w.field_value = "mail", pymupdf.PDF_WIDGET_TYPE_TEXT, EMAIL
    w.rect = pymupdf.Rect(60, 150, 400, 170)
    page.add_widget(w)
    return doc.tobytes()


CASES = {
    "image_email": (image_with_email, (NAME, CODE, EMAIL)),
    "small_image": (small_image, (NAME, EMAIL)),
    "vector_outlines": (vector_outlines, (NAME, EMAIL)),
    "type3_opaque": (type3_opaque, (EMAIL,)),
    "off_page": (off_page_text, (NAME, EMAIL, CODE)),
    "hidden_layer": (hidden_layer, (NAME, EMAIL, CODE)),
    "invisible_text": (invisible_text, (NAME, EMAIL, CODE)),
    "annotation_appearance": (annotation_appearance, (NAME, EMAIL)),
}

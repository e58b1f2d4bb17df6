"""Every channel of a PDF in which a value could survive, for the issue-13 regression tests.

``leaks(pdf, value)`` lists the channels of ``pdf`` that still carry ``value``: page text with and
without clipping to the page, page text with every optional-content layer switched on, raw content
and object streams (decompressed), annotations and form fields, document info and XMP, embedded files,
the outline, and Tesseract OCR of every page rendered at 150 dpi (layers on). Comparison is on
normalised text (case, whitespace, dots and dashes ignored), as the benchmark scorer does.
"""

from __future__ import annotations

import re
import unicodedata

import pymupdf
from PIL import Image

from redactor.ocr import ocr_words

_NORM = re.compile(r"[\s.\-\u2010-\u2015\u2212]+")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]+)>")
_NOCLIP = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES


def norm(s: str) -> str:
    return _NORM.sub("", unicodedata.normalize("NFC", s or "").lower())


def _streams(doc: pymupdf.Document) -> str:
    out = []
    for xref in range(1, doc.xref_length()):
        try:
            out.append(doc.xref_object(xref, compressed=False))
            if doc.xref_is_stream(xref):
                raw = doc.xref_stream(xref) or b""
                out += [raw.decode("latin-1"), raw.decode("utf-16-be", "ignore")]
                for hexstr in _HEX.findall(raw):  # <4a6f...> strings in text operators
                    b = bytes.fromhex(hexstr.decode() + "0" * (len(hexstr) % 2))
                    out += [b.decode("latin-1"), b.decode("utf-16-be", "ignore")]
        except Exception:  # noqa: BLE001,S112 - a stream MuPDF cannot decode holds no text for us
            continue
    return "\n".join(out)


def _layers_on(data: bytes) -> pymupdf.Document:
    doc = pymupdf.open(stream=data, filetype="pdf")
    for cfg in doc.layer_ui_configs() or []:
        doc.set_layer_ui_config(cfg["number"], pymupdf.PDF_OC_ON)
    return doc


def ocr_text(doc: pymupdf.Document, dpi: int = 150) -> str:
    parts = []
    for page in doc:
        pix = page.get_pixmap(dpi=dpi, alpha=False, colorspace=pymupdf.csRGB)
        img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
        parts.append(" ".join(w.text for w in ocr_words(img)))
    return "\n".join(parts)


def channels(data: bytes, *, ocr: bool = True) -> dict[str, str]:
    doc = pymupdf.open(stream=data, filetype="pdf")
    ch: dict[str, str] = {
        "text": "\n".join(p.get_text() for p in doc),
        "text_unclipped": "\n".join(p.get_text(flags=_NOCLIP) for p in doc),
        "streams": _streams(doc),
        "info_xmp": "\n".join([*(str(v) for v in (doc.metadata or {}).values() if v),
                               doc.get_xml_metadata() or ""]),
        "outline": "\n".join(t[1] for t in doc.get_toc()),
    }
    annots = []
    for p in doc:
        for a in p.annots() or []:
            annots += [str(v) for v in (a.info or {}).values()]
        for w in p.widgets() or []:
            annots += [str(w.field_value or ""), str(w.field_name or "")]
        annots += [str(link.get("uri", "")) for link in p.get_links()]
    ch["annotations"] = "\n".join(annots)
    emb = []
    for name in doc.embfile_names():
        info = doc.embfile_info(name)
        emb += [name, *(str(v) for v in info.values()), doc.embfile_get(name).decode("latin-1")]
    ch["embedded"] = "\n".join(emb)
    on = _layers_on(data)
    ch["text_layers_on"] = "\n".join(p.get_text(flags=_NOCLIP) for p in on)
    if ocr:
        ch["ocr_150dpi"] = ocr_text(on)
    return ch


def leaks(data: bytes, value: str, *, ocr: bool = True) -> list[str]:
    """Names of the channels of ``data`` whose normalised text contains ``value``."""
    v = norm(value)
    return [k for k, t in channels(data, ocr=ocr).items() if v in norm(t)]

"""PDF redaction removes the value for real and leaves the rest where it was."""

from __future__ import annotations

import re

import pymupdf
import pytest
from redactor_docs import EMAIL, IBAN, KEEP, make_scan_pdf, make_text_pdf

from redactor import FileType, redact

LINES = [f"Please write to {EMAIL} about the refund.", f"IBAN {IBAN}, thank you.", KEEP,
         "Server 192.168.10.77 was unreachable yesterday."]


def _all_stream_bytes(doc: pymupdf.Document) -> bytes:
    out = []
    for xref in range(1, doc.xref_length()):
        out.append(doc.xref_object(xref, compressed=False).encode("latin-1", "replace"))
        if doc.xref_is_stream(xref):
            try:
                out.append(doc.xref_stream(xref) or b"")
            except Exception:  # noqa: BLE001 - images that cannot be decoded raw
                out.append(doc.xref_stream_raw(xref) or b"")
    return b"\n".join(out)


def _texts(doc: pymupdf.Document) -> str:
    parts = [doc.get_xml_metadata() or "", *[str(v) for v in doc.metadata.values() if v]]
    parts += [t[1] for t in doc.get_toc()] + list(doc.embfile_names())
    for page in doc:
        parts.append(page.get_text())
        parts += [(a.info or {}).get("content", "") for a in page.annots() or []]
        parts += [str(w.field_value) for w in page.widgets() or []]
        parts += [str(link.get("uri", "")) for link in page.get_links()]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def text_pdf_result():
    src = make_text_pdf(LINES, pages=2)
    return src, redact(src)


def test_text_pdf_true_removal(text_pdf_result) -> None:
    src, res = text_pdf_result
    assert res.file_type is FileType.PDF and res.ocr_pages == 0
    assert b"%%EOF" in res.data and res.data.count(b"%%EOF") == 1  # full save, not incremental
    doc = pymupdf.open(stream=res.data)
    assert not doc.needs_pass
    raw = _all_stream_bytes(doc) + res.data
    for value in (EMAIL, IBAN, "192.168.10.77"):
        assert value not in _texts(doc)
        assert value.encode() not in raw
        assert value.encode("utf-16-be") not in raw
    assert not doc.embfile_names() and not doc.get_toc()
    assert all(not list(p.annots() or []) and not list(p.widgets() or []) and not p.get_links()
               for p in doc)
    assert EMAIL.split("@")[0] not in (doc.get_xml_metadata() or "")
    kinds = {f.entity_type for f in res.findings}
    assert {"EMAIL_ADDRESS", "IBAN_CODE", "IP_ADDRESS"} <= kinds
    assert {f.page for f in res.findings} == {0, 1}
    for f in res.findings:  # findings never carry text
        assert EMAIL not in repr(f.to_dict())


def test_text_pdf_keeps_other_text_in_place(text_pdf_result) -> None:
    src, res = text_pdf_result
    a, b = pymupdf.open(stream=src), pymupdf.open(stream=res.data)
    assert a.page_count == b.page_count
    for pa, pb in zip(a, b, strict=True):
        assert pa.rect == pb.rect
        after = {}
        for w in pb.get_text("words"):
            after.setdefault(w[4], []).append(w[:4])
        kept = [w for w in pa.get_text("words")
                if not re.search(r"@|LT60|192\.168", w[4])]
        assert kept
        for w in kept:
            cands = after.get(w[4])
            assert cands, f"kept word lost: {w[4]}"
            shift = min(max(abs(x - y) for x, y in zip(w[:4], c, strict=True)) for c in cands)
            assert shift < 0.05, f"kept word moved {shift:.2f} pt: {w[4]}"
    assert KEEP in b[0].get_text()
    assert not res.warnings


def test_text_pdf_value_is_painted_over(text_pdf_result) -> None:
    _, res = text_pdf_result
    doc = pymupdf.open(stream=res.data)
    box = next(f.box for f in res.findings if f.entity_type == "EMAIL_ADDRESS" and f.page == 0)
    pix = doc[0].get_pixmap(clip=pymupdf.Rect(box), matrix=pymupdf.Matrix(2, 2))
    samples = pix.samples
    dark = sum(1 for v in samples if v < 40) / len(samples)
    assert dark > 0.95


def test_scanned_pdf_is_ocrd_and_pixels_removed() -> None:
    res = redact(make_scan_pdf([f"Mail {EMAIL}", "Hello from support"]))
    assert res.ocr_pages == 1
    assert any(f.entity_type == "EMAIL_ADDRESS" for f in res.findings)
    doc = pymupdf.open(stream=res.data)
    assert doc.page_count == 1 and doc[0].rect == pymupdf.Rect(0, 0, 595, 842)
    from PIL import Image

    from redactor.ocr import ocr_words
    pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(2, 2), alpha=False)
    img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    text = " ".join(w.text for w in ocr_words(img))
    assert "example" not in text and "petraitis" not in text
    assert "support" in text


def test_image_inside_text_pdf_is_ocrd_and_its_pixels_blanked() -> None:
    from PIL import Image
    from redactor_docs import render_image

    from redactor.ocr import ocr_words

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 60), KEEP, fontsize=11)
    page.insert_image(pymupdf.Rect(60, 100, 420, 150), stream=render_image([f"Mail {EMAIL}"], size=(720, 100),
                                                                            fontsize=30))
    res = redact(doc.tobytes())
    assert res.ocr_pages == 1 and any(f.entity_type == "EMAIL_ADDRESS" for f in res.findings)
    out = pymupdf.open(stream=res.data)
    assert KEEP in out[0].get_text()
    (xref, *_), = out[0].get_images()
    pix = pymupdf.Pixmap(out, xref)
    img = Image.frombytes("RGB" if pix.n == 3 else "L", (pix.width, pix.height), pix.samples)
    text = " ".join(w.text for w in ocr_words(img))
    assert "petraitis" not in text and "example" not in text


def test_rotated_scanned_page() -> None:
    from PIL import Image
    from redactor_docs import render_image

    from redactor.ocr import ocr_words

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.set_rotation(270)
    page.insert_image(pymupdf.Rect(0, 0, 400, 400), stream=render_image(
        [f"Mail {EMAIL}", "Hello from support"], size=(1240, 400), fontsize=30), rotate=270)
    res = redact(doc.tobytes())
    assert res.counts() == {"EMAIL_ADDRESS": 1}
    out = pymupdf.open(stream=res.data)
    assert out[0].rotation == 270
    pix = out[0].get_pixmap(matrix=pymupdf.Matrix(2, 2), alpha=False)
    text = " ".join(w.text for w in ocr_words(Image.frombytes("RGB", (pix.width, pix.height), pix.samples)))
    assert "support" in text and "petraitis" not in text

"""Removal of page content under rectangles: all of one page's areas in one MuPDF redaction pass.

:func:`remove_areas` puts every rectangle of a page into ONE Redact annotation (one quad per
rectangle) and applies it: glyphs whose centre lies in a quad are removed from the content stream,
image pixels under a quad are blanked, line art a quad covers is removed. MuPDF redacts quads the
way it redacts an annotation's rectangle, so this is the same removal as one annotation per
rectangle without the per-annotation cost (appearance stream, unique name, page re-scan), which
grows with the number of annotations on the page.

MuPDF keeps what the removal rewrote (every image it blanked pixels of, the new content stream)
UNcompressed in memory until the document is saved: about 2 MB per 150-dpi A4 scan page, so a long
scan grew by that much per page. :func:`deflate_written` compresses those streams as soon as the
page is done, with the deflate level MuPDF's own save uses (the saved bytes are the same; the save
keeps a stream that is already compressed), so memory stays flat in the page count.

Errors of MuPDF propagate; the PDF handler turns them into a failed redaction (fail closed).
"""

from __future__ import annotations

import zlib

import pymupdf

_mupdf = pymupdf.mupdf
DEFLATE_LEVEL = 6  # zlib's default, as MuPDF's ``save(deflate=True)`` writes (same bytes out)


def remove_areas(page: pymupdf.Page, rects: list[pymupdf.Rect]) -> None:
    """Remove text, image pixels and covered line art under ``rects`` (page coordinates)."""
    rects = [r for r in rects if not r.is_empty]
    if not rects:
        return
    doc = page.parent
    first_new = doc.xref_length()
    rotation = page.rotation
    if rotation:  # annotation coordinates are those of the unrotated page (as PyMuPDF adds them)
        page.set_rotation(0)
    try:
        annot = _mupdf.pdf_create_annot(_mupdf.pdf_page_from_fz_page(page.this), _mupdf.PDF_ANNOT_REDACT)
        union = pymupdf.Rect(rects[0])
        for r in rects:
            union |= r
            _mupdf.pdf_add_annot_quad_point(annot, _mupdf.fz_quad_from_rect(_mupdf.FzRect(*r)))
        _mupdf.pdf_set_annot_rect(annot, _mupdf.FzRect(*union))
    finally:
        if rotation:
            page.set_rotation(rotation)
    if not page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                                 graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                                 text=pymupdf.PDF_REDACT_TEXT_REMOVE):
        raise RuntimeError("redaction annotation was not applied")
    written = set(range(first_new, doc.xref_length()))
    written.update(x for im in page.get_images(full=True) for x in im[:2] if x > 0)  # image, soft mask
    written.update(page.get_contents())
    deflate_written(doc, sorted(written))


def deflate_written(doc: pymupdf.Document, xrefs: list[int]) -> None:
    """Compress every stream among ``xrefs`` that has no filter (what MuPDF holds raw in memory)."""
    for xref in xrefs:
        if not doc.xref_is_stream(xref) or doc.xref_get_key(xref, "Filter")[0] != "null":
            continue
        raw = doc.xref_stream_raw(xref)
        packed = zlib.compress(raw, DEFLATE_LEVEL)
        if len(packed) >= len(raw):
            continue
        doc.update_stream(xref, packed, compress=0)  # stored as given (drops Filter, DecodeParms)
        doc.xref_set_key(xref, "Filter", "/FlateDecode")

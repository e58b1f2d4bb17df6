"""Removal of page content under rectangles: all of one page's areas in one MuPDF redaction pass.

:func:`remove_areas` puts every rectangle of a page into ONE Redact annotation (one quad per
rectangle) and applies it: glyphs whose centre lies in a quad are removed from the content stream,
image pixels under a quad are blanked, line art a quad covers is removed. MuPDF redacts quads the
way it redacts an annotation's rectangle, so this is the same removal as one annotation per
rectangle without the per-annotation cost (appearance stream, unique name, page re-scan), which
grows with the number of annotations on the page.

Errors of MuPDF propagate; the PDF handler turns them into a failed redaction (fail closed).
"""

from __future__ import annotations

import pymupdf

_mupdf = pymupdf.mupdf


def remove_areas(page: pymupdf.Page, rects: list[pymupdf.Rect]) -> None:
    """Remove text, image pixels and covered line art under ``rects`` (page coordinates)."""
    rects = [r for r in rects if not r.is_empty]
    if not rects:
        return
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

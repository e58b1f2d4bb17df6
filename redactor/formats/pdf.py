"""PDF: text layer where it can be trusted, OCR for everything the page shows only as pixels or paths.

The rendered page is the ground truth. Annotation and form-field appearances are baked into the
page content first (they are what a viewer shows). Every page is then checked by
:func:`redactor.formats.pdf_inspect.inspect_page`:

* a trusted page keeps its structure: its text-layer words are analysed, and every image (any size
  that can hold a glyph) and every cluster of glyph-like vector paths is OCR'd; OCR words already
  explained by a text-layer word at the same place are dropped;
* an untrusted page (hidden layer, off-page or invisible text, Type3 / no-ToUnicode / gibberish
  text) is OCR'd whole and **rebuilt**: the output page is the redacted render of the original at
  :data:`REWRITE_DPI` and nothing else, so no content the render does not show survives. Its
  text-layer words are used for detection only where OCR confirms them.

Redaction removes content for real: PyMuPDF redaction annotations + ``apply_redactions`` (text
removed glyph by glyph, image pixels under the box blanked), then an opaque box is drawn, the
document is scrubbed (metadata, XMP, annotations, form fields, embedded files, links, JavaScript,
outlines, thumbnails, structure tree) and saved in full (garbage collection, never incremental).

PyMuPDF 2.0's ``apply_redactions`` moves the kept text after a removed word 3-12 pt to the left;
1.26-1.28 keep every surviving glyph exactly in place, hence the ``pymupdf<2`` pin. ``redact`` also
checks this and reports a warning if kept words moved.
"""

from __future__ import annotations

from collections.abc import Iterator

import pymupdf
from PIL import Image

from redactor.errors import CorruptFile, ImageBomb, RedactorError
from redactor.formats.pdf_inspect import hidden_layers, inspect_page
from redactor.formats.pdf_rebuild import explained, rebuild_page, rewrite_words
from redactor.formats.pdf_remove import remove_areas
from redactor.formats.pdf_text import layer_word_tuples, text_layer
from redactor.limits import Limits
from redactor.ocr import Word, ocr_many
from redactor.probe import check_pdf
from redactor.textmap import Hit
from redactor.types import Box, FileType, Progress

PAD = 1.0  # points of fill around a text-layer box
OCR_PAD = 1.5  # points around an OCR'd word (its box is less exact)
REWRITE_DPI = 200  # untrusted pages are OCR'd and rebuilt from a render at this resolution
_CATALOG_KEYS = ("OpenAction", "AA", "Names", "Outlines", "AcroForm", "Metadata", "StructTreeRoot",
                 "MarkInfo", "PieceInfo", "Threads", "SpiderInfo", "Perms", "URI", "Collection")
_PAGE_KEYS = ("AA", "Thumb", "PieceInfo", "Metadata", "B", "StructParents")


class PdfHandler:
    file_type = FileType.PDF

    def __init__(self, data: bytes, *, lang: str, limits: Limits) -> None:
        self.lang = lang
        self.limits = limits
        self.ocr_pages = 0
        self.warnings: list[str] = []
        try:
            doc = pymupdf.open(stream=data, filetype="pdf")
        except Exception as exc:  # noqa: BLE001 - MuPDF raises several kinds
            raise CorruptFile("The PDF is damaged and cannot be read.") from exc
        try:
            check_pdf(doc, limits)  # passwords (user or owner) and page count: the API's rule too
        except RedactorError:
            doc.close()
            raise
        self.doc = doc
        self.pages = doc.page_count
        self._bake()
        self._ocr_words: list[list[Word]] = [[] for _ in range(self.pages)]
        self._images: list[list[Box]] = [[] for _ in range(self.pages)]
        self._rewrite: dict[int, list[str]] = {}  # page -> reasons it is rebuilt from its render
        self._plain: dict[int, list[tuple]] = {}  # page -> its text-layer word tuples (kept-text check)

    def _bake(self) -> None:
        """Annotation and widget appearances become page content (what a viewer shows is checked)."""
        if not any(p.first_annot or p.first_widget for p in self.doc):
            return
        try:
            self.doc.bake(annots=True, widgets=True)
        except Exception:  # noqa: BLE001 - an appearance MuPDF cannot bake is deleted unread later
            self.warnings.append("an annotation could not be merged into its page and was removed")

    # -- words -------------------------------------------------------------------------------
    def words(self, progress: Progress | None = None) -> list[list[Word]]:
        """Words of every page, streamed: a page is inspected, rendered and OCR'd (up to
        ``SARGAS_OCR_WORKERS`` pages in parallel, see :func:`redactor.ocr.ocr_many`) while later
        pages wait; no page's raster outlives its OCR and MuPDF's cache of decoded images is
        emptied after every page, so memory stays flat in the page count. ``progress(done, total)``
        is called as pages finish (it may raise to stop the document, e.g. a spent CPU budget)."""
        self._text: list[list[Word]] = []
        self._jobs: list[tuple[int, int, pymupdf.Rect, float]] = []
        self._finished = 0  # OCR jobs whose words are in
        self._reported = 0
        self._progress = progress
        hidden = hidden_layers(self.doc)
        rasters = self._rasters(hidden)
        for words in ocr_many(rasters, lang=self.lang, timeout=self.limits.ocr_timeout, thorough=True):
            pno, rno, rect, zoom = self._jobs[self._finished]
            page = self.doc[pno]
            derotate = page.derotation_matrix if page.rotation else None
            for w in words:
                x0, y0, x1, y1 = w.box
                r = pymupdf.Rect(rect.x0 + x0 / zoom, rect.y0 + y0 / zoom, rect.x0 + x1 / zoom,
                                 rect.y0 + y1 / zoom)
                if derotate is not None:  # rendered as displayed; boxes go back to page space
                    r = r * derotate
                self._ocr_words[pno].append(Word(w.text, tuple(r), (10_000 + rno, *w.line), w.conf))
            self._finished += 1
            self._tick()
        self.ocr_pages = len({j[0] for j in self._jobs})
        for pno, reasons in sorted(self._rewrite.items()):
            self.warnings.append(f"page {pno + 1} rebuilt from its render ({', '.join(reasons)})")
        self._tick()
        out = []
        for pno, (t, o) in enumerate(zip(self._text, self._ocr_words, strict=True)):
            if pno in self._rewrite:
                out.append(rewrite_words(t, o))
            else:
                out.append(t + [w for w in o if not explained(w, t)])
        return out

    def _tick(self) -> None:
        """Report pages done: every inspected page none of whose OCR jobs is still pending."""
        pending = self._jobs[self._finished][0] if self._finished < len(self._jobs) else len(self._text)
        done = min(pending, len(self._text))
        if self._progress and done > self._reported:
            self._reported = done
            self._progress(done, self.pages)

    def _rasters(self, hidden) -> Iterator[Image.Image]:
        """Inspect the pages in order; yield the raster of every region to OCR, page by page."""
        max_px = self.limits.max_pixels
        for pno in range(self.pages):
            try:
                page = self.doc[pno]
                words, self._plain[pno] = text_layer(page)  # the page's one text extraction
                check = inspect_page(page, [c for w in words for c in w.text], hidden)
                self._images[pno] = check.images
                if check.rewrite:
                    self._rewrite[pno] = check.rewrite
                    regions = [(page.rect, REWRITE_DPI / 72)]
                else:
                    regions = self._ocr_regions(page, check.regions, not words)
            except (RuntimeError, ValueError) as exc:
                raise CorruptFile("A page of the PDF is damaged and cannot be read.") from exc
            self._text.append(words)
            for rno, (r, z) in enumerate(regions):
                job = (pno, rno, r, min(z, (max_px / max(r.width * r.height, 1.0)) ** 0.5))
                self._jobs.append(job)
                yield self._render(job)
            del page
            pymupdf.TOOLS.store_shrink(100)  # decoded images of this page leave MuPDF's cache
            self._tick()

    def _render(self, job: tuple[int, int, pymupdf.Rect, float]) -> Image.Image:
        pno, _, rect, zoom = job
        # pixels rendered for this document: bounds the decoding work of page bombs
        self._total_px = getattr(self, "_total_px", 0) + int(rect.width * zoom) * int(rect.height * zoom)
        if self._total_px > self.limits.max_total_pixels:
            raise ImageBomb(f"The document needs more than {self.limits.max_total_pixels // 1_000_000} "
                            "million pixels rendered for OCR; split it into smaller files.")
        page = self.doc[pno]
        try:
            pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False,
                                  colorspace=pymupdf.csRGB, clip=None if page.rotation else rect)
        except (RuntimeError, ValueError) as exc:
            raise CorruptFile("A page of the PDF is damaged and cannot be rendered.") from exc
        img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
        del pix
        return img

    @staticmethod
    def _ocr_regions(page: pymupdf.Page, regions: list[tuple[pymupdf.Rect, float]],
                     whole: bool) -> list[tuple[pymupdf.Rect, float]]:
        """Regions to OCR with their render zoom: the whole page if it has no text, else the regions."""
        if (whole and (regions or page.get_cdrawings())) or (regions and page.rotation):
            # a rotated page is rendered whole, as displayed (text upright for OCR)
            zoom = max([z for _, z in regions] or [2.0])
            return [(page.rect, min(zoom, 4.0))]
        return regions

    # -- redaction ---------------------------------------------------------------------------
    def redact(self, hits: list[Hit]) -> bytes:
        doc = self.doc
        self._scrub_annotations()
        by_page: dict[int, list[tuple[Box, bool]]] = {}
        for h in hits:
            ocr = any(_inside(h.box, w.box) for w in self._ocr_words[h.page])
            by_page.setdefault(h.page, []).append((h.box, ocr))
        for pno in sorted(self._rewrite):
            fills = [(b[0] - OCR_PAD, b[1] - OCR_PAD, b[2] + OCR_PAD, b[3] + OCR_PAD)
                     for b, _ in by_page.pop(pno, [])]
            page = doc[pno]
            area = max(page.rect.width * page.rect.height, 1.0)
            zoom = min(REWRITE_DPI / 72, (self.limits.max_pixels / area) ** 0.5)
            rebuild_page(doc, pno, fills, zoom)
            pymupdf.TOOLS.store_shrink(100)
        for pno, boxes in by_page.items():
            page = doc[pno]
            before = self._plain.get(pno) or layer_word_tuples(page)
            fills: list[Box] = []
            removals: list[pymupdf.Rect] = []
            for box, ocr in _merge(boxes):
                pad = OCR_PAD if ocr else PAD
                fill = pymupdf.Rect(box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad) & page.rect
                if fill.is_empty:
                    continue
                fills.append(tuple(fill))
                # glyphs: only the core of the line box (neighbour lines stay); image pixels: all of it
                on_image = any(_touches(fill, im) for im in self._images[pno])
                removals.append(fill if ocr or on_image else _core(box))
            remove_areas(page, removals)
            shape = page.new_shape()
            for r in fills:
                shape.draw_rect(r)
            shape.finish(color=None, fill=(0, 0, 0), width=0)
            shape.commit(overlay=True)
            if _moved(before, layer_word_tuples(page), fills):
                self.warnings.append("kept text moved on a redacted page")
            pymupdf.TOOLS.store_shrink(100)  # flat memory: this page's decoded images are done with
        self._scrub_document()
        return doc.tobytes(garbage=4, deflate=True, deflate_images=True, deflate_fonts=True,
                           clean=False, encryption=pymupdf.PDF_ENCRYPT_NONE, no_new_id=False)

    def _scrub_annotations(self) -> None:
        for page in self.doc:
            for w in list(page.widgets() or []):
                page.delete_widget(w)
            for a in list(page.annots() or []):
                page.delete_annot(a)
            for link in page.get_links():
                page.delete_link(link)

    def _scrub_document(self) -> None:
        doc = self.doc
        doc.scrub(attached_files=True, clean_pages=False, embedded_files=True, hidden_text=False,
                  javascript=True, metadata=True, redactions=True, remove_links=True,
                  reset_fields=True, reset_responses=True, thumbnails=True, xml_metadata=True)
        doc.set_metadata({})
        doc.del_xml_metadata()
        for name in list(doc.embfile_names()):
            doc.embfile_del(name)
        cat = doc.pdf_catalog()
        for key in _CATALOG_KEYS:
            if doc.xref_get_key(cat, key)[0] != "null":
                doc.xref_set_key(cat, key, "null")
        for page in doc:
            for key in _PAGE_KEYS:
                if doc.xref_get_key(page.xref, key)[0] != "null":
                    doc.xref_set_key(page.xref, key, "null")
        info = doc.xref_get_key(-1, "Info")
        if info[0] == "xref":
            doc.xref_set_key(-1, "Info", "null")

    def close(self) -> None:
        self.doc.close()


def _merge(boxes: list[tuple[Box, bool]]) -> list[tuple[Box, bool]]:
    """Join boxes on one text line that touch or nearly touch (fewer redaction annotations)."""
    out: list[tuple[list[float], bool]] = []
    for box, ocr in sorted(boxes, key=lambda b: (round(b[0][1]), b[0][0])):
        if out:
            last, locr = out[-1]
            h = last[3] - last[1]
            if (locr == ocr and abs(box[1] - last[1]) < 0.25 * h and abs(box[3] - last[3]) < 0.25 * h
                    and -0.5 <= box[0] - last[2] < 0.6 * h):
                last[1], last[2], last[3] = min(last[1], box[1]), max(last[2], box[2]), max(last[3], box[3])
                continue
        out.append(([*box], ocr))
    return [((b[0], b[1], b[2], b[3]), o) for b, o in out]


def _moved(before: list, after: list, fills: list[Box]) -> bool:
    """True if a word outside the redacted boxes is no longer exactly where it was."""
    where: dict[str, list[tuple]] = {}
    for w in after:
        where.setdefault(w[4], []).append(w[:4])
    for w in before:
        x0, y0, x1, y1 = w[:4]
        if any(x0 < f[2] and f[0] < x1 and y0 < f[3] and f[1] < y1 for f in fills):
            continue
        cands = where.get(w[4])
        if cands and all(max(abs(x0 - c[0]), abs(y0 - c[1]), abs(x1 - c[2])) > 0.5 for c in cands):
            return True
    return False


def _touches(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(a: Box, b: Box) -> bool:
    return a[0] >= b[0] - 0.01 and a[1] >= b[1] - 0.01 and a[2] <= b[2] + 0.01 and a[3] <= b[3] + 0.01


def _core(b: Box) -> pymupdf.Rect:
    """Removal rectangle for text-layer glyphs: the box without its line-spacing margins."""
    h = b[3] - b[1]
    return pymupdf.Rect(b[0] + 0.2, b[1] + 0.2 * h, b[2] - 0.2, b[3] - 0.2 * h)

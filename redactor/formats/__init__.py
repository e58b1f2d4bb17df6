"""Format handlers: one module per format, registered in :data:`PAGE_FORMATS` / :data:`DOCUMENT_FORMATS`.

*Page formats* (rasters, PDF) sit behind the small :class:`Handler` protocol: a handler is opened on
the raw bytes (checking limits and structure), yields the words of every page
(:meth:`Handler.words`) and finally writes a redacted copy with the given boxes blacked out
(:meth:`Handler.redact`).

*Document formats* (office files, text, mail, archives) have no pages to black out: their module's
``redact(data, ctx)`` replaces the detected values in the text itself (same format out, see
:mod:`redactor.textredact`) and returns a :class:`DocOutput`. Files inside them (embedded images,
attachments, archive members) go back through :func:`redactor.engine.redact` via
:meth:`DocContext.redact_embedded`, one level deeper, up to ``Limits.max_depth``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from redactor.errors import TooManyPages
from redactor.limits import Limits
from redactor.ocr import Word
from redactor.textmap import Hit
from redactor.types import FileType, Finding, Progress, Span

if TYPE_CHECKING:
    from redactor.types import RedactionResult

NO_BOX = (0.0, 0.0, 0.0, 0.0)  # findings in text have a part number, no box


class Handler(Protocol):
    file_type: FileType
    pages: int
    ocr_pages: int
    warnings: list[str]

    def words(self, progress: Progress | None = None) -> list[list[Word]]: ...

    def redact(self, hits: list[Hit]) -> bytes: ...

    def close(self) -> None: ...


@dataclass(slots=True)
class DocContext:
    """What a document handler needs: language, limits, nesting depth and shared ZIP budget."""

    lang: str
    limits: Limits
    depth: int = 0
    budget: list[int] = field(default_factory=list)  # [members, unpacked bytes, pages] left (all levels)
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    ocr_pages: int = 0

    def __post_init__(self) -> None:
        if not self.budget:
            self.budget = [self.limits.max_members, self.limits.max_unpacked, self.limits.max_pages]

    def redact_embedded(self, data: bytes, part: int) -> RedactionResult:
        """Redact a file found inside this one (same engine, one level deeper).

        Pages and images of all embedded files together count against ``Limits.max_pages``, so a
        document with thousands of pictures is refused instead of OCR'd for hours."""
        from redactor.engine import redact_nested

        if self.budget[2] <= 0:
            raise TooManyPages(f"The file contains more than {self.limits.max_pages} pages and images "
                               "in embedded files.")
        result = redact_nested(data, self, part)
        if result.file_type.is_image or result.file_type is FileType.PDF:
            self.budget[2] -= result.pages
        self.ocr_pages += result.ocr_pages
        return result

    def add_spans(self, found: list[tuple[Span, int]]) -> None:
        self.findings.extend(Finding(s.entity_type, part, NO_BOX, s.score, s.detector) for s, part in found)


@dataclass(slots=True)
class DocOutput:
    data: bytes
    file_type: FileType  # what ``data`` is (an Outlook .msg comes out as .eml)
    parts: int = 1


DOCUMENT_FORMATS: dict[FileType, str] = {
    FileType.DOCX: "redactor.formats.office_docx",
    FileType.XLSX: "redactor.formats.office_xlsx",
    FileType.PPTX: "redactor.formats.office_pptx",
    FileType.ODT: "redactor.formats.odf",
    FileType.ODS: "redactor.formats.odf",
    FileType.RTF: "redactor.formats.rtf",
    FileType.CSV: "redactor.formats.text",
    FileType.TXT: "redactor.formats.text",
    FileType.EML: "redactor.formats.mail_eml",
    FileType.MSG: "redactor.formats.mail_msg",
    FileType.ZIP: "redactor.formats.archive_zip",
}
PAGE_FORMATS: dict[FileType, str] = {
    FileType.PDF: "redactor.formats.pdf",
    **{t: "redactor.formats.image" for t in FileType if t.is_image},
}


def redact_document(file_type: FileType, data: bytes, ctx: DocContext) -> DocOutput:
    module = importlib.import_module(DOCUMENT_FORMATS[file_type])
    return module.redact(data, ctx, file_type)


def open_handler(file_type: FileType, data: bytes, *, lang: str, limits: Limits) -> Handler:
    if file_type is FileType.PDF:
        from redactor.formats.pdf import PdfHandler

        return PdfHandler(data, lang=lang, limits=limits)
    from redactor.formats.image import ImageHandler

    return ImageHandler(file_type, data, lang=lang, limits=limits)

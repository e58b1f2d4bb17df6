"""Value types shared by every part of the redactor.

A :class:`Span` is a detection in text (offsets into the analysed string); a :class:`Finding` is
what the caller sees: the entity type and where on the page it was blacked out. Neither ever
carries the matched text, so findings can be stored and logged freely.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class FileType(StrEnum):
    PNG = "png"
    JPEG = "jpeg"
    WEBP = "webp"
    TIFF = "tiff"
    BMP = "bmp"
    GIF = "gif"
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODT = "odt"
    ODS = "ods"
    RTF = "rtf"
    CSV = "csv"
    TXT = "txt"
    EML = "eml"
    MSG = "msg"
    ZIP = "zip"

    @property
    def mime(self) -> str:
        return _MIME.get(self.value, f"image/{self.value}")

    @property
    def extension(self) -> str:
        return {"jpeg": "jpg", "tiff": "tif"}.get(self.value, self.value)

    @property
    def is_image(self) -> bool:
        return self.value not in _MIME

    @property
    def family(self) -> str:
        """Types one cannot tell apart from the first bytes alone share a family (upload checks)."""
        return _FAMILY.get(self.value, self.value)


_OOXML = "application/vnd.openxmlformats-officedocument."
_MIME = {
    "pdf": "application/pdf",
    "docx": _OOXML + "wordprocessingml.document",
    "xlsx": _OOXML + "spreadsheetml.sheet",
    "pptx": _OOXML + "presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "rtf": "application/rtf",
    "csv": "text/csv",
    "txt": "text/plain",
    "eml": "message/rfc822",
    "msg": "application/vnd.ms-outlook",
    "zip": "application/zip",
}
_FAMILY = {"docx": "zip", "xlsx": "zip", "pptx": "zip", "odt": "zip", "ods": "zip", "zip": "zip",
           "csv": "text", "txt": "text", "eml": "text"}


@dataclass(frozen=True, slots=True)
class Span:
    """A detected entity in a text: ``text[start:end]`` is the value (never stored here)."""

    start: int
    end: int
    entity_type: str
    score: float
    detector: str


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels (images) or points (PDF)
Progress = Callable[[int, int], None]  # a format handler's progress callback: (pages done, pages)


@dataclass(frozen=True, slots=True)
class Finding:
    entity_type: str
    page: int
    box: Box
    score: float
    detector: str

    def to_dict(self) -> dict:
        d = asdict(self)
        d["box"] = [round(v, 1) for v in self.box]
        d["score"] = round(self.score, 3)
        return d


@dataclass(slots=True)
class RedactionResult:
    data: bytes
    file_type: FileType
    findings: list[Finding] = field(default_factory=list)
    pages: int = 1
    ocr_pages: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def mime(self) -> str:
        return self.file_type.mime

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f.entity_type for f in self.findings).items()))

    def report(self) -> dict:
        return {
            "file_type": self.file_type.value,
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
            "seconds": round(self.seconds, 3),
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            "warnings": list(self.warnings),
        }

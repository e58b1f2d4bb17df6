"""Format handlers: one module per format family behind the small :class:`Handler` protocol.

A handler is opened on the raw bytes (checking limits and structure), yields the words of every
page (:meth:`Handler.words`) and finally writes a redacted copy with the given boxes blacked out
(:meth:`Handler.redact`).
"""

from __future__ import annotations

from typing import Protocol

from redactor.limits import Limits
from redactor.ocr import Word
from redactor.textmap import Hit
from redactor.types import FileType, Progress


class Handler(Protocol):
    file_type: FileType
    pages: int
    ocr_pages: int
    warnings: list[str]

    def words(self, progress: Progress | None = None) -> list[list[Word]]: ...

    def redact(self, hits: list[Hit]) -> bytes: ...

    def close(self) -> None: ...


def open_handler(file_type: FileType, data: bytes, *, lang: str, limits: Limits) -> Handler:
    if file_type is FileType.PDF:
        from redactor.formats.pdf import PdfHandler

        return PdfHandler(data, lang=lang, limits=limits)
    from redactor.formats.image import ImageHandler

    return ImageHandler(file_type, data, lang=lang, limits=limits)

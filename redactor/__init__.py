"""Sargas redactor: bytes in, redacted bytes + findings out. No database, no web."""

from redactor.errors import (
    CorruptFile,
    EncryptedFile,
    ImageBomb,
    ProcessingTimeout,
    RedactorError,
    TooLarge,
    TooManyPages,
    UnsupportedType,
)
from redactor.types import FileType, Finding, RedactionResult, Span

__all__ = [
    "CorruptFile", "EncryptedFile", "FileType", "Finding", "ImageBomb", "ProcessingTimeout",
    "RedactionResult", "RedactorError", "Span", "TooLarge", "TooManyPages", "UnsupportedType",
]

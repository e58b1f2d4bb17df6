"""Sargas redactor: bytes in, redacted bytes + findings out. No database, no web."""

from redactor.engine import redact
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
from redactor.filenames import redact_filename
from redactor.limits import Limits
from redactor.types import FileType, Finding, RedactionResult, Span

__all__ = [
    "CorruptFile", "EncryptedFile", "FileType", "Finding", "ImageBomb", "Limits", "ProcessingTimeout",
    "RedactionResult", "RedactorError", "Span", "TooLarge", "TooManyPages", "UnsupportedType", "redact",
    "redact_filename",
]

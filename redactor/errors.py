"""Typed errors: each has a stable ``code`` and a plain-words ``message`` safe to show a client.

Messages never contain document content.
"""

from __future__ import annotations


class RedactorError(Exception):
    code = "redactor_error"
    default_message = "The file could not be processed."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class UnsupportedType(RedactorError):
    code = "unsupported_type"
    default_message = "This kind of file is not supported."


class CorruptFile(RedactorError):
    code = "corrupt_file"
    default_message = "The file is damaged and cannot be read."


class EncryptedFile(RedactorError):
    code = "encrypted_file"
    default_message = "The file is password-protected; upload it without a password."


class TooLarge(RedactorError):
    code = "too_large"
    default_message = "The file is too large."


class TooManyPages(RedactorError):
    code = "too_many_pages"
    default_message = "The document has too many pages."


class ImageBomb(RedactorError):
    code = "decompression_bomb"
    default_message = "The image is far larger than its file size suggests and was refused."


class ProcessingTimeout(RedactorError):
    code = "timeout"
    default_message = "Processing took too long and was stopped."


class CpuBudgetExceeded(ProcessingTimeout):
    """The document used up its CPU-time budget (see :mod:`redactor.budget`): too much work for
    one file, whatever the machine's load."""

    code = "cpu_budget"
    default_message = "The document needed more processing than one file is allowed and was stopped."


class UnsafeContent(RedactorError):
    """Content that cannot be made safe by redaction (a macro-only file, an add-in)."""

    code = "unsafe_content"
    default_message = "The file consists of content that cannot be made safe (macros) and was refused."


class NestingTooDeep(RedactorError):
    code = "nesting_too_deep"
    default_message = "The file contains files nested too deeply inside each other."

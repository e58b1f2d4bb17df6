"""E-mail files (``.eml``, RFC 5322): a redacted ``.eml`` out.

The message is parsed with the standard library and rebuilt by
:func:`redactor.mailredact.redact_message` (headers allow-listed and redacted, bodies redacted,
HTML sanitised, attachments redacted recursively). A file the parser cannot make a message of fails
as :class:`CorruptFile`.
"""

from __future__ import annotations

import email
import email.policy

from redactor.errors import CorruptFile
from redactor.formats import DocContext, DocOutput
from redactor.mailredact import redact_message
from redactor.types import FileType


def redact(data: bytes, ctx: DocContext, file_type: FileType = FileType.EML) -> DocOutput:
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # noqa: BLE001 - the stdlib parser is lenient; anything else is damage
        raise CorruptFile("The e-mail file is damaged and cannot be read.") from exc
    if not msg.keys():
        raise CorruptFile("The e-mail file has no headers.")
    out = redact_message(msg, ctx)
    return DocOutput(out.as_bytes(), FileType.EML, parts=1)

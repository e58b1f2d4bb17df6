"""Outlook messages (``.msg``, a CFB container): a redacted ``.eml`` out.

``extract-msg`` reads the message (sender, recipients, subject, date, ids, plain and HTML bodies,
attachments); it is turned into a standard-library message and redacted by
:func:`redactor.mailredact.redact_message`, exactly like an ``.eml``. An embedded Outlook item
(a message attached to the message) is re-read as its own ``.msg``; a file extract-msg cannot read
fails as :class:`CorruptFile`. The result is an ``.eml`` (``RedactionResult.file_type`` is EML).
"""

from __future__ import annotations

import email.policy
import email.utils
import io
from email.message import EmailMessage

from redactor.errors import CorruptFile, EncryptedFile
from redactor.formats import DocContext, DocOutput
from redactor.mailredact import redact_message
from redactor.types import FileType


def _read(data: bytes) -> EmailMessage:
    import extract_msg

    try:
        m = extract_msg.openMsg(io.BytesIO(data), strict=False, delayAttachments=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a damaged or foreign file
        raise CorruptFile("The Outlook message is damaged and cannot be read.") from exc
    try:
        kind = f"{type(m).__name__} {getattr(m, 'classType', '')}".lower()
        if "signed" in kind or "encrypted" in kind:
            raise EncryptedFile("The Outlook message is encrypted or signed and cannot be redacted.")
        msg = EmailMessage(policy=email.policy.SMTP)
        for header, attr in (("From", "sender"), ("To", "to"), ("Cc", "cc"), ("Subject", "subject"),
                             ("Message-ID", "messageId"), ("In-Reply-To", "inReplyTo")):
            value = getattr(m, attr, None)
            if value:
                msg[header] = " ".join(str(value).split())
        if getattr(m, "date", None):
            msg["Date"] = email.utils.format_datetime(m.date)
        body = getattr(m, "body", None) or ""
        html = getattr(m, "htmlBody", None)
        msg.set_content(body, subtype="plain", charset="utf-8")
        if html:
            msg.add_alternative(html.decode("utf-8", "replace"), subtype="html", charset="utf-8")
        for att in getattr(m, "attachments", []) or []:
            payload = att.data
            if not isinstance(payload, bytes | bytearray):  # an embedded Outlook item
                payload = payload.exportBytes() if hasattr(payload, "exportBytes") else b""
            name = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None) or "attachment"
            msg.add_attachment(bytes(payload), maintype="application", subtype="octet-stream",
                               filename=str(name))
        return msg
    finally:
        m.close()


def redact(data: bytes, ctx: DocContext, file_type: FileType = FileType.MSG) -> DocOutput:
    out = redact_message(_read(data), ctx)
    return DocOutput(out.as_bytes(), FileType.EML, parts=1)

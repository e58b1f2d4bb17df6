"""A plain-text view of a REDACTED document, for formats without a page renderer here (office
files, RTF, text, mail, archives): what the consultant preview shows instead of page images.

It reads the redactor's own output with the same safe parsers (zip-bomb limits, no XML entities)
and lists the text of the content parts in order, a mail's headers, bodies and attachment list, or
an archive's member list. Returns ``None`` for page formats (images, PDF: render those) and for
anything it cannot read; it never raises for bad input and never sees an unredacted original.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import zipfile

from redactor.errors import RedactorError
from redactor.limits import Limits
from redactor.sniff import decode_text, sniff
from redactor.types import FileType

MAX_CHARS = 20_000
_CONTENT = re.compile(r"(document|header\d*|footer\d*|footnotes|endnotes|comments\d*|sharedStrings|sheet\d+|"
                      r"slide\d+|notesSlide\d+|chart\d+|content|styles)\.xml$")


def text_preview(data: bytes, max_chars: int = MAX_CHARS) -> str | None:
    try:
        ftype = sniff(data)
        if ftype.is_image or ftype is FileType.PDF:
            return None
        text = _view(data, ftype)
    except (RedactorError, ValueError, zipfile.BadZipFile, OSError, LookupError):
        return None
    return text if len(text) <= max_chars else text[:max_chars] + "\n…"


def _view(data: bytes, ftype: FileType) -> str:
    if ftype in (FileType.TXT, FileType.CSV):
        return decode_text(data) or ""
    if ftype is FileType.EML:
        return _mail(data)
    if ftype is FileType.ZIP:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "\n".join(f"{i.filename}  ({i.file_size} B)" for i in zf.infolist())
    if ftype is FileType.RTF:
        return _rtf(data)
    return _package(data)


def _package(data: bytes) -> str:
    from redactor.formats.odf import RULES as ODF_RULES
    from redactor.formats.ooxml import RULES as OOXML_RULES
    from redactor.formats.package import collect_text, parse_xml, read_zip
    from redactor.textredact import PieceSet

    out: list[str] = []
    members = read_zip(data, Limits())
    odf = any(m.name == "mimetype" for m in members)
    for m in members:
        if not _CONTENT.search(m.name) or "/_rels/" in m.name:
            continue
        ps = PieceSet()
        collect_text(parse_xml(m.data), ODF_RULES if odf else OOXML_RULES, ps, 0)
        lines = ["".join(p.text for p in b).strip() for b in ps.blocks]
        lines = [ln for ln in lines if ln]
        if lines:
            out.append(f"— {m.name} —")
            out.extend(lines)
    return "\n".join(out)


def _rtf(data: bytes) -> str:
    from redactor.formats.rtf import text_blocks

    return "\n".join(ln for ln in text_blocks(data) if ln.strip())


def _mail(data: bytes) -> str:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    out = [f"{k}: {msg[k]}" for k in ("From", "To", "Cc", "Date", "Subject") if msg[k]]
    body = msg.get_body(("plain", "html"))
    if body is not None:
        out += ["", body.get_content()]
    names = [p.get_filename() or p.get_content_type() for p in msg.iter_attachments()]
    if names:
        out += ["", *(f"📎 {n}" for n in names)]
    return "\n".join(out)

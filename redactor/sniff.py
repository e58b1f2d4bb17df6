"""File type from the content only: never from the file name or the client's content type.

Rasters and PDF by magic bytes; ZIP packages by their member names (OOXML main part, the ODF
``mimetype`` member); Compound File (CFB) containers by their streams (Outlook message, encrypted
OOXML, legacy Office); text by its encoding and shape (mail headers, delimited rows). Given only the
first bytes of a file (the upload check), ZIP and CFB containers are judged from what is there: the
engine sniffs the whole file again and is the authority.

Fails with :class:`UnsupportedType` (named reason) or :class:`EncryptedFile` (password-protected
Office file); never guesses a type it cannot handle.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile

from redactor.errors import CorruptFile, EncryptedFile, RedactorError, UnsupportedType
from redactor.types import FileType

# (prefix, offset, type); checked in order.
_MAGIC: tuple[tuple[bytes, int, FileType], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, FileType.PNG),
    (b"\xff\xd8\xff", 0, FileType.JPEG),
    (b"II*\x00", 0, FileType.TIFF),
    (b"MM\x00*", 0, FileType.TIFF),
    (b"II+\x00", 0, FileType.TIFF),  # BigTIFF
    (b"MM\x00+", 0, FileType.TIFF),
    (b"GIF87a", 0, FileType.GIF),
    (b"GIF89a", 0, FileType.GIF),
    (b"BM", 0, FileType.BMP),
)

# Recognised but unsupported formats get a named reason.
_KNOWN_OTHER: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\x01\x00", "icon"),
    (b"8BPS", "photoshop"),
    (b"Rar!", "rar archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf", "7z archive"),
)
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF = {"application/vnd.oasis.opendocument.text": FileType.ODT,
        "application/vnd.oasis.opendocument.spreadsheet": FileType.ODS}
_OOXML_MAIN = (("word/", FileType.DOCX), ("xl/", FileType.XLSX), ("ppt/", FileType.PPTX))
_MAIL_HEADERS = {"from", "to", "cc", "subject", "date", "received", "mime-version", "message-id",
                 "return-path", "reply-to", "delivered-to", "content-type", "x-mailer"}
_HEADER_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]{0,60}):")


def sniff(data: bytes) -> FileType:
    """Return the file type of ``data`` or raise :class:`UnsupportedType` (or another typed error)."""
    try:
        return _sniff(data)
    except RedactorError:
        raise
    except Exception as exc:  # a container too damaged to inspect
        raise CorruptFile() from exc


def _sniff(data: bytes) -> FileType:
    head = data[:2048]
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return FileType.WEBP
    if b"%PDF-" in data[:1024]:  # readers accept a little junk before the header
        return FileType.PDF
    for magic, off, ftype in _MAGIC:
        if head[off:off + len(magic)] == magic:
            if ftype is FileType.BMP and len(data) < 26:
                break
            return ftype
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        raise UnsupportedType("Unsupported type: HEIC/AVIF image; please send PNG, JPEG or PDF.")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_type(data)
    if head.startswith(CFB_MAGIC):
        return _cfb_type(data)
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return FileType.RTF
    for magic, name in _KNOWN_OTHER:
        if head.startswith(magic):
            raise UnsupportedType(f"Unsupported type: {name}.")
    if not data:
        raise UnsupportedType("The file is empty.")
    text = decode_text(data[:65536], partial=True)
    if text is not None:
        return _text_type(text)
    raise UnsupportedType("Unsupported type: unknown file format.")


def _zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()
    except Exception:  # noqa: BLE001,S110 - any damage: fall back to the local headers below
        pass
    names: list[str] = []  # only the start of the file: walk the local file headers there
    pos = 0
    while pos + 30 <= len(data) and data[pos:pos + 4] == b"PK\x03\x04":
        csize, _, nlen, xlen = struct.unpack("<IIHH", data[pos + 18:pos + 30])
        names.append(data[pos + 30:pos + 30 + nlen].decode("utf-8", "replace"))
        pos += 30 + nlen + xlen + csize
    return names


def _zip_type(data: bytes) -> FileType:
    names = _zip_names(data)
    if names and names[0] == "mimetype" and data[30:38] == b"mimetype":
        nlen, xlen = struct.unpack("<HH", data[26:30])
        start = 30 + nlen + xlen
        mime = data[start:start + 80].split(b"PK")[0].decode("ascii", "replace").strip()
        for prefix, ftype in _ODF.items():
            if mime == prefix or mime == prefix + "-template":
                return ftype
        if mime.startswith("application/vnd.oasis.opendocument"):
            raise UnsupportedType("Unsupported type: this OpenDocument kind (only ODT and ODS are accepted).")
    if "[Content_Types].xml" in names or any(n.startswith(p) for n in names for p, _ in _OOXML_MAIN):
        for prefix, ftype in _OOXML_MAIN:
            if any(n.startswith(prefix) for n in names):
                return ftype
    return FileType.ZIP


def _cfb_type(data: bytes) -> FileType:
    try:
        import olefile

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(e) for e in ole.listdir(streams=True, storages=True)}
    except Exception:  # noqa: BLE001 - only the first bytes (upload check) or a broken container
        return FileType.MSG  # the engine reads the whole file and refuses what it is not
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise EncryptedFile("The Office document is password-protected; save it without a password "
                            "and upload it again.")
    if any(s.startswith("__substg1.0_") or s == "__properties_version1.0" for s in streams):
        return FileType.MSG
    raise UnsupportedType("Unsupported type: legacy Office document (.doc/.xls/.ppt); save it as "
                          "DOCX, XLSX or PPTX and upload it again.")


def decode_text(data: bytes, *, partial: bool = False) -> str | None:
    """Text of ``data`` if it is plain text (UTF-8/UTF-16 with BOM, else a one-byte code page)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16", "strict" if not partial else "ignore")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(raw) - 3:  # a character cut at the end of the sample
            text = raw[:exc.start].decode("utf-8")
        else:
            high = [b for b in raw if b >= 0x80]
            cyr = sum(1 for b in high if b >= 0xC0)
            text = raw.decode("cp1251" if high and cyr / len(high) > 0.8 else "cp1257", "replace")
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return text if bad <= len(text) // 1000 else None


def _text_type(text: str) -> FileType:
    lines = text.splitlines()
    header = []
    for line in lines[:200]:
        if not line.strip():
            break
        header.append(line)
    names = {m.group(1).lower() for h in header if (m := _HEADER_LINE.match(h))}
    if header and _HEADER_LINE.match(header[0]) and len(names & _MAIL_HEADERS) >= 2 and "from" in names | {
            n for n in names if n in ("received", "return-path", "message-id")}:
        return FileType.EML
    rows = [ln for ln in lines[:50] if ln.strip()]
    if len(rows) >= 2:
        try:
            dialect = csv.Sniffer().sniff("\n".join(rows[:20]), delimiters=",;\t|")
        except csv.Error:
            return FileType.TXT
        counts = [len(r) for r in csv.reader(rows[:20], dialect)]
        if counts[0] > 1 and sum(1 for c in counts if c == counts[0]) >= 0.8 * len(counts):
            return FileType.CSV
    return FileType.TXT

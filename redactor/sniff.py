"""File type from magic bytes only: never from the file name or the client's content type."""

from __future__ import annotations

from redactor.errors import UnsupportedType
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
    (b"PK\x03\x04", "zip or office document"),
    (b"\xd0\xcf\x11\xe0", "legacy office document"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"8BPS", "photoshop"),
    (b"Rar!", "rar archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"{\\rtf", "rtf document"),
)


def sniff(data: bytes) -> FileType:
    """Return the file type of ``data`` or raise :class:`UnsupportedType`."""
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
    for magic, name in _KNOWN_OTHER:
        if head.startswith(magic):
            raise UnsupportedType(f"Unsupported type: {name}.")
    if not data:
        raise UnsupportedType("The file is empty.")
    raise UnsupportedType("Unsupported type: unknown file format.")

"""File type comes from magic bytes only."""

from __future__ import annotations

import io

import pymupdf
import pytest
from PIL import Image

from redactor import FileType, UnsupportedType, redact
from redactor.sniff import sniff


def _image(fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 255, 255)).save(buf, format=fmt, **kw)
    return buf.getvalue()


@pytest.mark.parametrize(("fmt", "want"), [
    ("PNG", FileType.PNG), ("JPEG", FileType.JPEG), ("WEBP", FileType.WEBP),
    ("TIFF", FileType.TIFF), ("BMP", FileType.BMP), ("GIF", FileType.GIF),
])
def test_images_by_magic(fmt: str, want: FileType) -> None:
    assert sniff(_image(fmt)) is want


def test_pdf_by_magic() -> None:
    doc = pymupdf.open()
    doc.new_page()
    assert sniff(doc.tobytes()) is FileType.PDF


def test_mislabelled_file_is_judged_by_content(tmp_path) -> None:
    # a PNG named like a PDF is a PNG; a PDF called .jpg is a PDF
    png = _image("PNG")
    (tmp_path / "looks.pdf").write_bytes(png)
    assert sniff((tmp_path / "looks.pdf").read_bytes()) is FileType.PNG
    result = redact(png)
    assert result.file_type is FileType.PNG
    assert Image.open(io.BytesIO(result.data)).format == "PNG"


@pytest.mark.parametrize("data", [
    b"", b"\x00\x01\x02hello world, binary", b"\x1f\x8b\x08" + b"\0" * 20, b"Rar!\x1a\x07\x00" + b"\0" * 20,
])
def test_unsupported(data: bytes) -> None:
    with pytest.raises(UnsupportedType) as exc:
        redact(data)
    assert exc.value.code == "unsupported_type"
    assert "hello" not in exc.value.message


@pytest.mark.parametrize(("data", "want"), [
    (b"hello world, plain text", FileType.TXT), (b"<html><body>%PDF</body></html>", FileType.TXT),
    (b"a;b;c\n1;2;3\n4;5;6\n", FileType.CSV),
    (b"From: a@example.com\nTo: b@example.com\nSubject: x\n\nbody\n", FileType.EML),
    (b"{\\rtf1\\ansi hello}", FileType.RTF),
])
def test_text_kinds(data: bytes, want: FileType) -> None:
    assert sniff(data) is want


def test_broken_zip_is_refused_typed() -> None:
    from redactor import CorruptFile

    with pytest.raises(CorruptFile):
        redact(b"PK\x03\x04" + b"\0" * 40)

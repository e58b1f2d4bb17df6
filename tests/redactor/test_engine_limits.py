"""Every limit, corrupt and encrypted inputs give typed errors, never a hang."""

from __future__ import annotations

import io
import struct
import zlib

import pymupdf
import pytest
from PIL import Image
from redactor_docs import EMAIL, make_scan_pdf, make_text_pdf, render_image

from redactor import (
    CorruptFile,
    EncryptedFile,
    ImageBomb,
    Limits,
    ProcessingTimeout,
    TooLarge,
    TooManyPages,
    redact,
)


def test_limits_from_env(monkeypatch) -> None:
    monkeypatch.setenv("SARGAS_MAX_BYTES", "1234")
    monkeypatch.setenv("SARGAS_MAX_PAGES", "7")
    monkeypatch.setenv("SARGAS_OCR_TIMEOUT", "2.5")
    lim = Limits.from_env()
    assert (lim.max_bytes, lim.max_pages, lim.ocr_timeout) == (1234, 7, 2.5)
    with pytest.raises(TooLarge):
        redact(b"\x89PNG\r\n\x1a\n" + b"\0" * 2000)


def test_too_large() -> None:
    with pytest.raises(TooLarge):
        redact(render_image(["x"]), limits=Limits(max_bytes=100))


def test_image_bomb_by_pixels() -> None:
    with pytest.raises(ImageBomb):
        redact(render_image(["x"], size=(400, 300)), limits=Limits(max_pixels=100_000))


def _png_header_only(w: int, h: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = zlib.compress(b"\0" * 64)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + struct.pack(">I", len(idat)) + b"IDAT" + idat
            + struct.pack(">I", zlib.crc32(b"IDAT" + idat)))


def test_decompression_bomb_header() -> None:
    # 100k x 100k pixels claimed by a tiny file: refused before decoding
    with pytest.raises(ImageBomb):
        redact(_png_header_only(100_000, 100_000))


def test_too_many_pdf_pages() -> None:
    with pytest.raises(TooManyPages):
        redact(make_text_pdf(["hello"], pages=3, extras=False), limits=Limits(max_pages=2))


def test_too_many_tiff_pages() -> None:
    frames = [Image.new("L", (20, 20), 255) for _ in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(TooManyPages):
        redact(buf.getvalue(), limits=Limits(max_pages=2))


def test_ocr_timeout() -> None:
    with pytest.raises(ProcessingTimeout):
        redact(make_scan_pdf([f"Mail {EMAIL}"] * 3), limits=Limits(ocr_timeout=0.05))


def _broken_idat() -> bytes:
    data = bytearray(render_image(["broken pixel data"]))
    i = data.find(b"IDAT")
    for k in range(i + 8, i + 40):
        data[k] ^= 0x55
    return bytes(data)


@pytest.mark.parametrize("data", [
    render_image(["truncated"])[:200],
    _broken_idat(),
    b"%PDF-1.7\n1 0 obj garbage garbage\n%%EOF",
    b"\xff\xd8\xff\xe0" + b"\x00" * 50,
])
def test_corrupt(data: bytes) -> None:
    with pytest.raises(CorruptFile) as exc:
        redact(data)
    assert exc.value.code == "corrupt_file"


def test_encrypted_pdf() -> None:
    doc = pymupdf.open(stream=make_text_pdf([f"Mail {EMAIL}"], extras=False))
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    with pytest.raises(EncryptedFile) as exc:
        redact(data)
    assert EMAIL not in exc.value.message

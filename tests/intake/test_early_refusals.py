"""Refused at once (issue 18.8): what the headers already show is refused at upload with a 4xx and
nothing is stored — a pixel bomb, an image whose frames together are a bomb, a 5000-page PDF, a
5000-character file name — and an owner-password-only PDF gets the same answer from the API and
from ``sargas redact`` (both refuse it as ``encrypted_file``). Files are built at test time."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from tests.intake.conftest import new_ticket, render_png, upload

ROOT = Path(__file__).resolve().parents[2]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 20_000) -> bytes:
    """A well-formed 1-bit grey PNG of side x side pixels (400 million) in ~50 KB of zeros."""
    comp, row = zlib.compressobj(9), b"\0" * (1 + (side + 7) // 8)
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def tiff_aggregate_bomb(pages: int = 20, side: int = 4000) -> bytes:
    """20 pages of 16 million pixels each: every page is allowed, all together (320 M) are not."""
    page = Image.new("1", (side, side), 1)
    buf = io.BytesIO()
    page.save(buf, "TIFF", save_all=True, append_images=[page] * (pages - 1), compression="group4")
    return buf.getvalue()


def pdf_pages(n: int) -> bytes:
    doc = pymupdf.open()
    for _ in range(n):
        doc.new_page()
    return doc.tobytes(garbage=1)


def owner_password_pdf() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Printer offline; call the helpdesk.")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner-secret", user_pw="",
                       permissions=int(pymupdf.PDF_PERM_PRINT))


def _stored_attachments(ref: str) -> int:
    from sqlalchemy import func, select

    from sargas.db import session_scope
    from sargas.models import Attachment, Ticket

    with session_scope() as s:
        t = s.scalar(select(Ticket).where(Ticket.ref == ref))
        return s.scalar(select(func.count()).select_from(Attachment).where(Attachment.ticket_id == t.id))


CASES = [
    ("pixel-bomb.png", png_bomb, "image/png", 413, "decompression_bomb"),
    ("pages.tiff", tiff_aggregate_bomb, "image/tiff", 413, "decompression_bomb"),
    ("5000-pages.pdf", lambda: pdf_pages(5000), "application/pdf", 413, "too_many_pages"),
    ("protected.pdf", owner_password_pdf, "application/pdf", 422, "encrypted_file"),
]


@pytest.mark.parametrize(("name", "make", "ctype", "status", "code"), CASES, ids=[c[0] for c in CASES])
def test_refused_at_upload_from_the_headers(client, world, name, make, ctype, status, code):
    ref = new_ticket(client, world, subject="Refusals")
    r = upload(client, world, ref, make(), name=name, ctype=ctype)
    assert r.status_code == status, r.text
    assert r.json()["error"] == code and r.json()["message"]
    assert _stored_attachments(ref) == 0  # refused before anything was registered


def test_five_thousand_character_name_is_refused_with_a_clear_message(client, world):
    ref = new_ticket(client, world, subject="Long name")
    r = upload(client, world, ref, render_png(["Printer offline"]), name="a" * 5000 + ".png")
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "file_name_too_long" and "name" in r.json()["message"]
    r = upload(client, world, ref, render_png(["Printer offline"]), name="a" * 300 + ".png")
    assert r.status_code == 422 and r.json()["error"] == "file_name_too_long"
    r = upload(client, world, ref, render_png(["Printer offline"]), name="a" * 200 + ".png")
    assert r.status_code == 202, r.text


def _sargas_redact(tmp_path: Path, data: bytes, suffix: str) -> subprocess.CompletedProcess:
    src = tmp_path / f"in{suffix}"
    src.write_bytes(data)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-c", "from intake_api.cli import main; main()", "redact", str(src),
           "-o", str(tmp_path / f"out{suffix}")]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env, cwd=ROOT)


@pytest.mark.parametrize(("make", "suffix", "code"), [
    (owner_password_pdf, ".pdf", "encrypted_file"),
    (tiff_aggregate_bomb, ".tiff", "decompression_bomb"),
    (lambda: pdf_pages(5000), ".pdf", "too_many_pages"),
], ids=["owner-password", "tiff-aggregate", "5000-pages"])
def test_sargas_redact_applies_the_same_rule(tmp_path, make, suffix, code):
    r = _sargas_redact(tmp_path, make(), suffix)
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert f"error: {code}:" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / f"out{suffix}").exists()

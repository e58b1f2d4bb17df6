"""Upload → vault → redact → decide → publish/destroy → notify, through the HTTP API with the real
redactor and a real SMTP server on loopback."""

from __future__ import annotations

import io

from PIL import Image

from tests.intake.conftest import VALID_LT_CODE, all_files, new_ticket, render_png, upload, wait_final


def test_screenshot_with_personal_data_is_redacted_original_destroyed_and_client_emailed(
        client, world, settings, smtp):
    _, box = smtp
    ref = new_ticket(client, world)
    original = render_png(["Vardas: Jonas Petraitis", f"Asmens kodas: {VALID_LT_CODE}"])
    r = upload(client, world, ref, original)
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["status_url"] == f"/api/v1/attachments/{body['id']}"

    st = wait_final(client, world, body["id"])
    assert st["state"] == "published", st
    assert st["original"] == "destroyed"
    assert st["counts"].get("LT_PERSONAL_CODE") == 1
    assert st["counts"].get("PERSON", 0) >= 1
    assert st["ticket"] == ref and st["file_type"] == "png"

    red = client.get(f"/api/v1/attachments/{body['id']}/redacted", headers=world.h("client_a"))
    assert red.status_code == 200 and red.headers["content-type"] == "image/png"
    assert red.content != original
    a = Image.open(io.BytesIO(original)).convert("RGB")
    b = Image.open(io.BytesIO(red.content)).convert("RGB")
    assert a.size == b.size and a.tobytes() != b.tobytes()

    # the DPO may ask for originals, but this one is gone for good
    r = client.get(f"/api/v1/attachments/{body['id']}/original", headers=world.h("dpo"))
    assert r.status_code == 410 and r.json()["error"] == "original_destroyed"
    from retention.vault import VaultEntry
    from sargas.db import session_scope
    from sargas.models import Attachment

    with session_scope() as s:
        entry = s.get(VaultEntry, s.get(Attachment, body["id"]).vault_entry_id)
        assert entry.status == "destroyed" and entry.wrapped_key is None
        assert not (settings.blob_dir / entry.blob_key).exists()

    msg = box.wait_for(lambda rcpts, m: "it@alpha.example" in rcpts and ref in m["Subject"])
    assert msg is not None, "no e-mail arrived"
    assert msg["Subject"].startswith(f"Kreipinys {ref}")  # Lithuanian, the organisation's language
    text = msg.get_body(("plain",)).get_content()
    assert "asmens kodai: 1" in text
    assert "sunaikintas" in text  # the original was destroyed ...
    assert "duomenų perdavimo prašymą" in text  # ... and how to file a transfer request
    assert VALID_LT_CODE not in text and "Petraitis" not in text

    notes = client.get("/api/v1/notifications", headers=world.h("client_a")).json()
    assert any(n["data"].get("attachment_id") == body["id"] and n["lang"] == "lt" for n in notes)


def test_clean_image_is_published_with_identical_pixels_and_no_metadata(client, world):
    ref = new_ticket(client, world, subject="Paper jam")
    original = render_png(["Printer error 0x1F", "Paper jam in tray 2"],
                          text_chunk=("Comment", "private-note-do-not-keep"))
    r = upload(client, world, ref, original)
    assert r.status_code == 202
    st = wait_final(client, world, r.json()["id"])
    assert st["state"] == "published" and st["counts"] == {} and st["original"] == "destroyed"
    red = client.get(f"/api/v1/attachments/{st['id']}/redacted", headers=world.h("dpo")).content
    a, b = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(red))
    assert a.convert("RGB").tobytes() == b.convert("RGB").tobytes()
    assert b"private-note-do-not-keep" not in red and not getattr(b, "text", {})


def test_garbage_upload_is_refused_with_a_reason_and_nothing_is_stored(client, world, settings):
    ref = new_ticket(client, world)
    before = sorted(all_files(settings.blob_dir))
    r = upload(client, world, ref, b"this is not an image at all " * 50, name="scan.png")
    assert r.status_code == 415
    assert r.json()["error"] == "unsupported_type" and r.json()["message"]
    assert sorted(all_files(settings.blob_dir)) == before
    assert client.get(f"/api/v1/tickets/{ref}/attachments", headers=world.h("client_a")).json() == []


def test_mislabelled_and_oversized_uploads_are_refused(client, world, settings, monkeypatch):
    ref = new_ticket(client, world)
    png = render_png(["hello"])
    before = sorted(all_files(settings.blob_dir))
    r = upload(client, world, ref, png, name="contract.pdf", ctype="application/pdf")
    assert r.status_code == 415 and r.json()["error"] == "mislabelled"
    monkeypatch.setattr(settings, "max_upload_bytes", len(png) - 1)
    r = upload(client, world, ref, png)
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    r = client.post(f"/api/v1/tickets/{ref}/attachments", content=b"x", headers=world.h("client_a"))
    assert r.status_code == 415 and r.json()["error"] == "not_multipart"
    r = client.post(f"/api/v1/tickets/{ref}/attachments", files={"other": ("a.png", png, "image/png")},
                    headers=world.h("client_a"))
    assert r.status_code == 422 and r.json()["error"] == "missing_file"
    assert sorted(all_files(settings.blob_dir)) == before
    assert client.get(f"/api/v1/tickets/{ref}/attachments", headers=world.h("client_a")).json() == []


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_damaged_or_encrypted_uploads_are_refused_at_once_nothing_stored(client, world, settings):
    import pymupdf

    ref = new_ticket(client, world)
    png = render_png(["Jonas Petraitis"])
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Sutartis")
    encrypted = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="slaptas", owner_pw="slaptas")
    before = sorted(all_files(settings.blob_dir))
    cases = [(png[:60] + bytes(200), "shot.png", "image/png", "corrupt_file"),  # header, then garbage
             (png[: len(png) // 2], "shot.png", "image/png", "corrupt_file"),  # truncated
             (encrypted, "contract.pdf", "application/pdf", "encrypted_file")]
    for data, name, ctype, code in cases:
        r = upload(client, world, ref, data, name=name, ctype=ctype)
        assert r.status_code == 422 and r.json()["error"] == code, r.text
        assert r.json()["message"]
    assert sorted(all_files(settings.blob_dir)) == before
    assert client.get(f"/api/v1/tickets/{ref}/attachments", headers=world.h("client_a")).json() == []


def test_image_bomb_fails_closed_nothing_published_original_destroyed(client, world, settings, smtp,
                                                                      monkeypatch):
    """A structurally valid PNG (correct chunks and CRCs) that claims 20000 x 20000 pixels. The upload
    probe refuses it at once (tests/intake/test_early_refusals.py); here the probe is switched off to
    show the second line holds: the real redactor refuses it, nothing is published, the original is
    destroyed, and the client is told in plain words (in Lithuanian)."""
    import zlib

    monkeypatch.setattr("intake_api.uploads.probe", lambda *a, **k: None)  # second line of defence only

    _, box = smtp
    ref = new_ticket(client, world)
    ihdr = (20000).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    bomb = (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(bytes(20001 * 3))) + _png_chunk(b"IEND", b""))
    r = upload(client, world, ref, bomb)
    assert r.status_code == 202, r.text
    st = wait_final(client, world, r.json()["id"])
    assert st["state"] == "rejected" and st["original"] == "destroyed"
    assert st["error"] == "decompression_bomb" and st["message"]
    assert st["redacted_url"] is None
    red = client.get(f"/api/v1/attachments/{st['id']}/redacted", headers=world.h("client_a"))
    assert red.status_code == 404
    assert not any(st["id"] in p.name for p in all_files(settings.blob_dir))
    msg = box.wait_for(lambda rcpts, m: "it@alpha.example" in rcpts and ref in m["Subject"])
    assert msg is not None and "paveikslėlis daug didesnis" in msg.get_body(("plain",)).get_content()


def test_unknown_ticket_and_validation_errors_are_json_4xx(client, world):
    r = client.post("/api/v1/tickets/HD-2026-99999/attachments", files={"file": ("a.png", b"x", "image/png")},
                    headers=world.h("client_a"))
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = client.post("/api/v1/tickets", json={"subject": ""}, headers=world.h("client_a"))
    assert r.status_code == 422 and r.json()["error"] == "invalid_request"
    r = client.post("/api/v1/tickets", content=b"{not json", headers={**world.h("client_a"),
                                                                       "content-type": "application/json"})
    assert r.status_code == 422
    assert client.get("/api/v1/attachments/not-an-id", headers=world.h("client_a")).status_code == 404
    assert client.get("/healthz").json() == {"status": "ok"}

"""Black-box proof that an original is gone: after processing, no file in the data directory —
the database, its WAL and shared-memory files, the blob store, the key file — contains the
original's bytes, a slice of its image data, or its PNG text chunk."""

from __future__ import annotations

import secrets
import zlib

from tests.intake.conftest import VALID_LT_CODE, all_files, new_ticket, render_png, upload, wait_final


def _chunks(png: bytes) -> dict[bytes, bytes]:
    out, pos = {}, 8
    while pos < len(png):
        n = int.from_bytes(png[pos:pos + 4], "big")
        kind = png[pos + 4:pos + 8]
        out[kind] = out.get(kind, b"") + png[pos:pos + 12 + n]
        pos += 12 + n
    return out


def test_no_trace_of_the_original_in_the_data_directory(client, world, settings):
    marker = f"SARGAS-MARKER-{secrets.token_hex(8)}"
    original = render_png(["Vardas: Ona Kazlauskienė", f"Asmens kodas: {VALID_LT_CODE}"],
                          text_chunk=("Comment", marker))
    chunks = _chunks(original)
    text_chunk = chunks[b"tEXt"]
    assert marker.encode() in text_chunk
    idat = chunks[b"IDAT"]
    pixels = zlib.decompress(idat[8:-4])  # the raw scanlines (one IDAT chunk at this size)
    needles = {"whole file": original, "text chunk": text_chunk, "marker": marker.encode(),
               "IHDR+tEXt run": original[8:8 + 25 + len(text_chunk)], "IDAT chunk": idat,
               "raw scanlines": pixels[len(pixels) // 2: len(pixels) // 2 + 4096]}

    ref = new_ticket(client, world, subject="Account screen")
    r = upload(client, world, ref, original, name="account.png")
    assert r.status_code == 202
    st = wait_final(client, world, r.json()["id"])
    assert st["state"] == "published" and st["original"] == "destroyed"

    files = all_files(settings.data_dir)
    names = {p.name for p in files}
    assert "sargas.db" in names  # the scan covers the database (and its -wal / -shm when present)
    for path in files:
        blob = path.read_bytes()
        for what, needle in needles.items():
            assert needle not in blob, f"{what} found in {path.relative_to(settings.data_dir)}"

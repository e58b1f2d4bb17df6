"""Office documents through the HTTP API with the real redactor: a DOCX is accepted (no more 415),
redacted in place and published as a DOCX; an encrypted one is refused at upload."""

from __future__ import annotations

import io
import zipfile

from tests.intake.conftest import VALID_LT_CODE, new_ticket, upload, wait_final

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.author = "Jonas Petraitis"
    p = d.add_paragraph("Klientas Jonas ")
    p.add_run("Petraitis").bold = True
    p.add_run(f", asmens kodas {VALID_LT_CODE}, el. paštas jonas.petraitis@example.com.")
    d.add_paragraph("Spausdintuvas rodo klaidą 0x1F.")
    d.sections[0].header.paragraphs[0].text = "Tel. +370 612 34567"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_upload_is_redacted_in_place_and_published_as_docx(client, world):
    import docx

    ref = new_ticket(client, world)
    r = upload(client, world, ref, _docx(), name="Sutartis.docx", ctype=DOCX)
    assert r.status_code == 202, r.text
    st = wait_final(client, world, r.json()["id"])
    assert st["state"] == "published" and st["file_type"] == "docx", st
    assert st["counts"].get("LT_PERSONAL_CODE") == 1 and st["counts"].get("EMAIL_ADDRESS") == 1
    red = client.get(f"/api/v1/attachments/{st['id']}/redacted", headers=world.h("client_a"))
    assert red.status_code == 200 and red.headers["content-type"].startswith(DOCX)
    with zipfile.ZipFile(io.BytesIO(red.content)) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
    for value in (VALID_LT_CODE, b"Petraitis", b"jonas.petraitis", b"612 34567"):
        assert (value.encode() if isinstance(value, str) else value) not in everything
    doc = docx.Document(io.BytesIO(red.content))
    assert doc.paragraphs[0].text.startswith("Klientas [NAME], asmens kodas [LT PERSONAL CODE]")
    assert doc.paragraphs[1].text == "Spausdintuvas rodo klaidą 0x1F."


def test_encrypted_docx_is_refused_at_upload(client, world):
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(_docx())).encrypt("slaptas", out)
    ref = new_ticket(client, world)
    r = upload(client, world, ref, out.getvalue(), name="Sutartis.docx", ctype=DOCX)
    assert r.status_code == 422 and r.json()["error"] == "encrypted_file", r.text
    assert "password" in r.json()["message"]


def test_csv_upload_is_redacted(client, world):
    ref = new_ticket(client, world)
    data = f"Vardas;Kodas\nKlientas Jonas Petraitis;{VALID_LT_CODE}\nSuma;125\n".encode()
    r = upload(client, world, ref, data, name="eksportas.csv", ctype="text/csv")
    assert r.status_code == 202, r.text
    st = wait_final(client, world, r.json()["id"])
    assert st["state"] == "published" and st["file_type"] == "csv", st
    red = client.get(f"/api/v1/attachments/{st['id']}/redacted", headers=world.h("client_a")).content
    assert red.decode() == "Vardas;Kodas\nKlientas [NAME];[LT PERSONAL CODE]\nSuma;125\n"

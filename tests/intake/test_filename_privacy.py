"""Issue 13, case 7: a file name is data. The name as uploaded is never stored or shown; the
attachment JSON, the ticket listing, the download headers and the database row carry only the
redacted name (placeholders, or a neutral ``attachment-N.ext``)."""

from __future__ import annotations

from tests.intake.conftest import new_ticket, render_png, upload, wait_final

NAME = "Jonas Petraitis"
CODE = "38703181745"
EMAIL = "jonas.petraitis@gmail.com"


def _clean(text: str) -> bool:
    low = text.lower()
    return all(v.lower() not in low for v in (NAME, "petraitis", CODE, EMAIL, "jonas"))


def test_personal_file_name_is_never_stored_or_shown(client, world, settings):
    ref = new_ticket(client, world)
    png = render_png(["Printer error E-042", "Tray 2 is empty"])
    r = upload(client, world, ref, png, name=f"{NAME} {CODE} {EMAIL}.png")
    assert r.status_code == 202, r.text
    att = r.json()["id"]
    st = client.get(f"/api/v1/attachments/{att}", headers=world.h("client_a")).json()
    assert _clean(st["filename"]) and st["filename"].endswith(".png")  # already before processing
    st = wait_final(client, world, att)
    assert st["state"] == "published", st
    assert st["filename"] == "attachment-1.png"
    for who in ("client_a", "dpo"):  # an unassigned consultant sees nothing (need-to-know)
        if who not in world.tokens:
            continue
        t = client.get(f"/api/v1/tickets/{ref}", headers=world.h(who))
        assert _clean(t.text)
        red = client.get(f"/api/v1/attachments/{att}/redacted", headers=world.h(who))
        assert red.status_code == 200
        assert _clean(red.headers["content-disposition"])
        assert "attachment-1.png" in red.headers["content-disposition"]
    from sargas.db import session_scope
    from sargas.models import Attachment

    with session_scope() as s:
        assert _clean(s.get(Attachment, att).filename)


def test_ordinary_words_of_a_name_stay(client, world):
    ref = new_ticket(client, world)
    r = upload(client, world, ref, render_png(["Printer error E-042"]), name=f"ekrano-kopija-{CODE}.png")
    assert r.status_code == 202, r.text
    st = client.get(f"/api/v1/attachments/{r.json()['id']}", headers=world.h("client_a")).json()
    assert st["filename"].startswith("ekrano-kopija-[") and CODE not in st["filename"]

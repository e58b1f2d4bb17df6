"""Downloads with the clients' own file names (issue 18.1): Lithuanian, Latvian and Russian names are
served with an RFC 6266 / RFC 5987 Content-Disposition (``filename*=UTF-8''...`` plus an ASCII
``filename=``) on the redacted copy and on a retained original, through the API and the web UI."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from tests.intake.conftest import render_png, upload, wait_final

NAMES = ["Jūratė ekrano kopija.png", "Скриншот.png", "Ekrāna šāviņš.png"]


def _names(header: str) -> tuple[str, str]:
    header.encode("latin-1")  # a header must be Latin-1 (the old code failed here with a 500)
    ascii_name = re.search(r'filename="([^"]*)"', header).group(1)
    utf8 = unquote(re.search(r"filename\*=UTF-8''([^;\s]+)", header).group(1))
    return ascii_name, utf8


@pytest.fixture(scope="module")
def gamma(_app_client, world, settings):
    """An organisation of its own with a DPA covering every upload (so the original is retained)."""
    from intake_api import admin as service
    from sargas.db import session_scope
    from sargas.settings import configure

    configure(settings)
    with session_scope() as s:
        org = service.create_org(s, "Gamma UAB", lang="lt", email="it@gamma.example")
        _, token = service.create_user(s, "rasa@gamma.example", role="client", org_name="Gamma UAB")
    world.tokens["client_g"], world.orgs["G"] = token, org.id
    r = _app_client.post(f"/api/v1/organisations/{org.id}/dpas", headers=world.h("dpo"), json={
        "reference": "DPA-G-1", "signed_at": "2026-01-15", "scope": "all", "retention_days": 5})
    assert r.status_code == 201, r.text
    return org.id


@pytest.mark.parametrize("name", NAMES)
def test_non_latin_names_download_with_rfc5987_header(client, world, gamma, name):
    r = client.post("/api/v1/tickets", json={"subject": "Ekrano kopija"}, headers=world.h("client_g"))
    ref = r.json()["ref"]
    r = upload(client, world, ref, render_png(["Printer offline"]), name=name, who="client_g")
    assert r.status_code == 202, r.text
    st = wait_final(client, world, r.json()["id"], who="client_g")
    assert st["state"] == "published" and st["original"] == "retained", st
    assert st["filename"] == name

    r = client.get(f"/api/v1/attachments/{st['id']}/redacted", headers=world.h("client_g"))
    assert r.status_code == 200, r.text
    ascii_name, utf8 = _names(r.headers["content-disposition"])
    assert utf8 == name and ascii_name.isascii() and ascii_name.endswith(".png")

    r = client.get(f"/api/v1/attachments/{st['id']}/original", headers=world.h("dpo"))
    assert r.status_code == 200, r.text
    assert _names(r.headers["content-disposition"])[1] == name
    assert r.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_helper_never_lets_header_syntax_through():
    from sargas.disposition import content_disposition

    for raw in ['a"b\\c.pdf', "x\r\nSet-Cookie: a=b.png", "", "../../etc/passwd", "x" * 5000 + ".png"]:
        value = content_disposition(raw)
        value.encode("latin-1")
        assert "\r" not in value and "\n" not in value and "/" not in unquote(value.split("''", 1)[1])
        assert value.count('"') == 2

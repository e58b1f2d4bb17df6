"""Fixtures for the forms tests: the real intake app (real SQLite, real redactor process, embedded
worker), a loopback SMTP server, and a world of client organisations in lt/lv/ru/en, two
consultants, a named DPO and an admin. Settings are process-wide, so each test re-installs ours."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image, ImageDraw, ImageFont

from sargas.settings import Settings, configure
from tests import support
from tests.support import Mailbox, World, free_port  # noqa: F401  (test modules import them from here)

# Shared fixtures: pytest finds them by name in this conftest's namespace.
smtp, _app_client, client = support.smtp, support._app_client, support.client

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LT_CODE = "38703181745"  # passes the Lithuanian checksum


@pytest.fixture(scope="package")
def settings(tmp_path_factory, smtp) -> Settings:
    ctl, _ = smtp
    return Settings(
        data_dir=tmp_path_factory.mktemp("sargas-forms"),
        smtp_host="127.0.0.1",
        smtp_port=ctl.port,
        smtp_from="sargas@test.local",
        worker_threads=1,
        scheduler_interval_seconds=0.3,
        notify_backoff_seconds=0.2,
        redact_timeout_seconds=120,
    )


@pytest.fixture(scope="package")
def world(_app_client, settings) -> World:
    from intake_api import admin as service
    from sargas.db import init_db, session_scope

    configure(settings)
    init_db(settings)
    w = World()
    with session_scope() as s:
        for key, name, lang in (
            ("A", "Forms Alpha UAB", "lt"),
            ("B", "Forms Beta SIA", "lv"),
            ("C", "Forms Gamma OOO", "ru"),
            ("D", "Forms Delta Ltd", "en"),
        ):
            w.orgs[key] = service.create_org(s, name, lang=lang, email=f"it@{key.lower()}.forms.example").id
        for key, email, role, org, name in (
            ("client_a", "ona@a.forms.example", "client", "Forms Alpha UAB", "Ona Kazlauskienė"),
            ("client_b", "janis@b.forms.example", "client", "Forms Beta SIA", None),
            ("client_c", "ivan@c.forms.example", "client", "Forms Gamma OOO", None),
            ("client_d", "jo@d.forms.example", "client", "Forms Delta Ltd", None),
            ("cons1", "cons1@vendor.forms.example", "consultant", None, "Cons One"),
            ("cons2", "cons2@vendor.forms.example", "consultant", None, "Cons Two"),
            ("dpo", "dpo@vendor.forms.example", "dpo", None, "Dalia Pareigūnė"),
            ("admin", "admin@vendor.forms.example", "admin", None, None),
        ):
            user, token = service.create_user(s, email, role=role, org_name=org, name=name)
            w.tokens[key], w.users[key] = token, user.id
    return w


# --- helpers ------------------------------------------------------------------------------------


def render_png(lines: list[str], size=(1000, 200)) -> bytes:
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 34)
    for i, line in enumerate(lines):
        draw.text((30, 30 + i * 60), line, fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def pii_png() -> bytes:
    return render_png(["Vardas: Jonas Petraitis", f"Asmens kodas: {LT_CODE}"])


def new_ticket(client, world: World, who: str = "client_a", subject: str = "Printer shows an error",
               assign: str | None = None) -> str:
    """A ticket of ``who``'s organisation, assigned by the DPO to consultant ``assign`` (a client may
    name only the consultants assigned to a request's tickets)."""
    r = client.post("/api/v1/tickets", json={"subject": subject}, headers=world.h(who))
    assert r.status_code == 201, r.text
    ref = r.json()["ref"]
    if assign:
        r = client.patch(f"/api/v1/tickets/{ref}", json={"assigned_consultant_id": world.users[assign]},
                         headers=world.h("dpo"))
        assert r.status_code == 200, r.text
    return ref


def upload(client, world: World, ref: str, data: bytes, who: str = "client_a") -> str:
    r = client.post(
        f"/api/v1/tickets/{ref}/attachments",
        files={"file": ("shot.png", data, "image/png")},
        headers=world.h(who),
    )
    assert r.status_code == 202, r.text
    return r.json()["id"]


def wait_final(client, world: World, att_id: str, who: str = "client_a", timeout: float = 120.0) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        st = client.get(f"/api/v1/attachments/{att_id}", headers=world.h(who)).json()
        if st["state"] != "processing":
            return st
        time.sleep(0.3)
    raise AssertionError("attachment still processing")


def form(tickets: list[str], **over) -> dict:
    body = {
        "tickets": tickets,
        "description": "Screenshots of the payroll export with employees' personal codes.",
        "why_not_anonymised": "The defect depends on the exact personal code digits in the export.",
        "data_subjects": ["employees"],
        "data_categories": ["identification", "national_id", "health"],
        "purpose": "Reproduce and fix the checksum defect in the payroll export.",
        "legal_basis": "contract",
        "retention_days": 14,
        "acknowledged": True,
    }
    body.update(over)
    return body


def file_request(
    client,
    world: World,
    tickets: list[str],
    who: str = "client_a",
    *,
    submit: bool = True,
    approve: bool = False,
    **over,
) -> dict:
    r = client.post("/api/v1/transfer-requests", json=form(tickets, **over), headers=world.h(who))
    assert r.status_code == 201, r.text
    req = r.json()
    assert req["state"] == "draft"
    if submit:
        r = client.post(f"/api/v1/transfer-requests/{req['id']}/submit", headers=world.h(who))
        assert r.status_code == 200, r.text
        req = r.json()
    if approve:
        # the client left the consultants to the DPO, who names cons1 on approval
        r = client.post(f"/api/v1/transfer-requests/{req['id']}/approve",
                        json={"consultants": ["cons1@vendor.forms.example"]}, headers=world.h("dpo"))
        assert r.status_code == 200, r.text
        req = r.json()
    return req


def notices(client, world: World, who: str, kind: str, request_id: str) -> list[dict]:
    rows = client.get("/api/v1/notifications", headers=world.h(who)).json()
    return [n for n in rows if n["kind"] == kind and n["data"].get("request_id") == request_id]

"""Fixtures for the intake tests: one real app (real SQLite, real redactor in its own process, the
embedded worker) per test package, a real SMTP server on loopback (aiosmtpd), and a small world of
organisations and users. Settings are process-wide, so every test re-installs ours."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from sargas.settings import Settings, configure
from tests import support
from tests.support import Mailbox, World, free_port  # noqa: F401  (test modules import them from here)

# Shared fixtures: pytest finds them by name in this conftest's namespace.
smtp, _app_client, client = support.smtp, support._app_client, support.client
own_database = support.own_database

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
VALID_LT_CODE = "38703181745"  # passes the Lithuanian checksum


@pytest.fixture(scope="package")
def settings(tmp_path_factory, smtp) -> Settings:
    ctl, _ = smtp
    return Settings(data_dir=tmp_path_factory.mktemp("sargas-data"), smtp_host="127.0.0.1",
                    smtp_port=ctl.port, smtp_from="sargas@test.local", worker_threads=2,
                    scheduler_interval_seconds=0.3,
                    notify_backoff_seconds=0.2, redact_timeout_seconds=120)


@pytest.fixture(scope="package")
def world(_app_client, settings) -> World:
    from intake_api import admin as service
    from sargas.db import init_db, session_scope

    configure(settings)
    init_db(settings)
    w = World()
    with session_scope() as s:
        a = service.create_org(s, "Alpha UAB", lang="lt", email="it@alpha.example")
        b = service.create_org(s, "Beta SIA", lang="lv", email="it@beta.example")
        w.orgs = {"A": a.id, "B": b.id}
        for key, email, role, org in (("client_a", "ona@alpha.example", "client", "Alpha UAB"),
                                      ("client_b", "janis@beta.example", "client", "Beta SIA"),
                                      ("consultant", "cons@vendor.example", "consultant", None),
                                      ("consultant2", "cons2@vendor.example", "consultant", None),
                                      ("dpo", "dpo@vendor.example", "dpo", None),
                                      ("admin", "admin@vendor.example", "admin", None)):
            user, token = service.create_user(s, email, role=role, org_name=org)
            w.tokens[key], w.users[key] = token, user.id
    return w


# --- helpers ------------------------------------------------------------------------------------

def render_png(lines: list[str], *, text_chunk: tuple[str, str] | None = None, size=(1000, 260)) -> bytes:
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 34)
    for i, line in enumerate(lines):
        draw.text((30, 30 + i * 60), line, fill="black", font=font)
    info = None
    if text_chunk:
        info = PngImagePlugin.PngInfo()
        info.add_text(*text_chunk)
    buf = io.BytesIO()
    img.save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def new_ticket(client, world: World, who: str = "client_a", subject: str = "Printer shows an error") -> str:
    r = client.post("/api/v1/tickets", json={"subject": subject}, headers=world.h(who))
    assert r.status_code == 201, r.text
    return r.json()["ref"]


def upload(client, world: World, ref: str, data: bytes, *, name: str = "screenshot.png",
           ctype: str = "image/png", who: str = "client_a"):
    return client.post(f"/api/v1/tickets/{ref}/attachments", files={"file": (name, data, ctype)},
                       headers=world.h(who))


def wait_final(client, world: World, att_id: str, who: str = "client_a", timeout: float = 90.0) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        st = client.get(f"/api/v1/attachments/{att_id}", headers=world.h(who)).json()
        if st["state"] != "processing":
            return st
        time.sleep(0.3)
    raise AssertionError("attachment still processing")


def all_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def registered_job(client, world, data: bytes, *, filename: str = "x.png", file_type=None,
                   state: str = "queued", attempts: int = 0) -> tuple[str, str]:
    """(job id, attachment id) of an upload registered the way the API registers it, its job
    switched to the test kind (and the given state) in the same transaction, so the embedded
    dispatcher never sees it."""
    from intake_api.attachments import register_upload
    from intake_api.models import Job
    from redactor.types import FileType
    from retention import vault
    from sargas.db import new_id, session_scope
    from sargas.models import Ticket
    from sargas.principal import CLIENT, Principal

    ref = new_ticket(client, world)
    w = vault.open_writer()
    w.write(data)
    wrapped, sha, size = w.finish()
    with session_scope() as s:
        t = s.query(Ticket).filter_by(ref=ref).one()
        p = Principal(user_id=world.users["client_a"], role=CLIENT, organisation_id=t.organisation_id,
                      email="client@example.test")
        att = register_upload(s, w, wrapped, sha, size, attachment_id=new_id(), ticket_id=t.id,
                              organisation_id=t.organisation_id, ticket_ref=t.ref, filename=filename,
                              file_type=file_type or FileType.PNG, p=p)
        job = s.query(Job).filter_by(attachment_id=att.id).one()
        job.kind, job.state, job.attempts = "test", state, attempts
        s.flush()
        return job.id, att.id

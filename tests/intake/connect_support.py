"""Helpers of the connector tests: an organisation of its own with a client and a configured helpdesk
(so the other intake tests' organisations never hand anything off), rendering a screenshot with
personal data, waiting for helpdesk outbox rows, OCR of a downloaded file."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from tests.intake.conftest import VALID_LT_CODE, render_png

EMAIL = "ona.petraityte@example.lt"


def make_org(world, settings, name: str, *, kind: str, url: str, queue: str, token: str) -> str:
    """Create ``name`` with a client ``<key>`` in ``world.tokens`` and its connector; returns the key."""
    from intake_api import admin as service
    from intake_api.connectors import config
    from sargas.db import session_scope

    key = "client_" + name.split()[0].lower()
    tok = Path(tempfile.mkdtemp()) / "token"
    tok.write_text(token + "\n")
    os.chmod(tok, 0o600)
    with session_scope() as s:
        org = service.create_org(s, name, lang="en", email=f"it@{key}.example")
        user, api_token = service.create_user(s, f"{key}@{key}.example", role="client", org_name=name)
        world.tokens[key], world.users[key], world.orgs[key] = api_token, user.id, org.id
        config.set_connector(s, settings.data_dir, name, kind=kind, url=url, queue=queue, token_file=tok)
    return key


def pii_png(note: str = "") -> bytes:
    """A screenshot with a personal code and an e-mail; ``note`` makes a second, different file (the
    same bytes from the same uploader on the same ticket are one upload: idempotency)."""
    return render_png([f"Asmens kodas: {VALID_LT_CODE}", f"E-mail: {EMAIL}"] + ([note] if note else []))


def rows_for(attachment_id: str) -> list:
    from intake_api.connectors.handoff import HELPDESK
    from sargas import outbox
    from sargas.db import session_scope

    with session_scope() as s:
        rows = s.scalars(select(outbox.Notification).where(outbox.Notification.channel == HELPDESK,
                                                           outbox.Notification.object_id == attachment_id))
        out = list(rows)
        s.expunge_all()
        return out


def wait_rows(attachment_id: str, pred, timeout: float = 60.0) -> list:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        rows = rows_for(attachment_id)
        if rows and pred(rows):
            return rows
        time.sleep(0.3)
    raise AssertionError(f"helpdesk rows not as expected: {[(r.kind, r.state, r.last_error) for r in rows]}")


def all_sent(rows) -> bool:
    return all(r.state == "sent" for r in rows)


def ocr(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".png") as fh:
        fh.write(data)
        fh.flush()
        return subprocess.run(["tesseract", fh.name, "stdout", "-l", "eng"], capture_output=True,
                              text=True, timeout=120).stdout


def link_of(ticket_ref: str):
    from intake_api.connectors.models import HelpdeskLink
    from sargas.db import session_scope
    from sargas.models import Ticket

    with session_scope() as s:
        t = s.scalars(select(Ticket).where(Ticket.ref == ticket_ref)).one()
        link = s.get(HelpdeskLink, t.id)
        return (link.external_id if link else None), t.id


def admin_notices(row_id: str) -> list[str]:
    from sargas import outbox
    from sargas.db import session_scope

    with session_scope() as s:
        return list(s.scalars(select(outbox.Notification.subject).where(
            outbox.Notification.kind == "helpdesk.failed", outbox.Notification.object_id == row_id)))

"""Zammad connector contract tests. Zammad itself cannot run here (Rails + PostgreSQL + Elasticsearch,
not packaged for Debian): the connector is driven against :mod:`tests.intake.zammad_fake`, a loopback
server implementing the documented subset of Zammad's REST API strictly. Everything on the Sargas side
is real: an upload through the HTTP API, the real redactor, the outbox, the status job. Also here: the
``set-connector`` CLI (token never printed, a readable-by-others token file refused)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from tests.intake.conftest import VALID_LT_CODE, new_ticket, upload, wait_final
from tests.intake.connect_support import (
    EMAIL,
    admin_notices,
    all_sent,
    link_of,
    make_org,
    ocr,
    pii_png,
    wait_rows,
)
from tests.intake.zammad_fake import FakeZammad

TOKEN = "zmd-test-token-5f1c"


@pytest.fixture(scope="module")
def zammad():
    z = FakeZammad(TOKEN, groups=("Support",))
    yield z
    z.close()


@pytest.fixture(scope="module")
def z_org(zammad, world, settings):
    return make_org(world, settings, "Epsilon Zammad UAB", kind="zammad", url=zammad.url, queue="Support",
                    token=TOKEN)


def _handed_off(client, world, key: str, zammad):
    ref = new_ticket(client, world, key)
    att_id = upload(client, world, ref, pii_png(), who=key).json()["id"]
    assert wait_final(client, world, att_id, who=key)["state"] == "published"
    return ref, att_id


def test_redacted_copy_and_internal_note_reach_zammad(client, world, zammad, z_org):
    from retention.certificates import DestructionCertificate
    from sargas.db import session_scope
    from sargas.models import Attachment, RedactedCopy
    from sargas.storage import get_blob_store

    ref, att_id = _handed_off(client, world, z_org, zammad)
    wait_rows(att_id, all_sent)
    ext, _ = link_of(ref)
    t = httpx.get(f"{zammad.url}/api/v1/tickets/{ext}", params={"expand": "true"},
                  headers={"Authorization": f"Token token={TOKEN}"}).json()
    assert t["group"] == "Support" and ref in t["title"] and t["customer_id"] == f"guess:it@{z_org}.example"
    arts = zammad.articles[int(ext)]
    assert all(a["internal"] is True and a["type"] == "note" for a in arts)
    files = [(a, f) for a in arts for f in a["attachments"]]
    assert len(files) == 1
    art, f = files[0]
    assert f["filename"] == f"redacted-{att_id}.png" and f["preferences"]["Mime-Type"] == "image/png"
    got = httpx.get(f"{zammad.url}/api/v1/ticket_attachment/{ext}/{art['id']}/{f['id']}",
                    headers={"Authorization": f"Token token={TOKEN}"}).content
    with session_scope() as s:
        copy = s.scalars(select(RedactedCopy).where(RedactedCopy.attachment_id == att_id)).one()
        entry_id = s.get(Attachment, att_id).vault_entry_id
        cert_id = s.scalars(select(DestructionCertificate.id).where(
            DestructionCertificate.vault_entry_id == entry_id)).one()
        assert got == get_blob_store().get(copy.blob_key)
    text = ocr(got).replace(" ", "")
    assert VALID_LT_CODE not in text and EMAIL not in text.lower()
    bodies = "\n".join(a["body"] for a in arts)
    assert f"destruction certificate {cert_id}" in bodies and "LT_PERSONAL_CODE x1" in bodies
    assert VALID_LT_CODE not in bodies and EMAIL not in bodies


def test_zammad_closed_closes_sargas_ticket_reopened_reopens(client, world, zammad, z_org, settings):
    from intake_api.connectors.handoff import poll_status
    from sargas.db import session_scope
    from sargas.models import Ticket

    ref, att_id = _handed_off(client, world, z_org, zammad)
    wait_rows(att_id, all_sent)
    ext, tid = link_of(ref)
    # the package app's scheduler follows the helpdesk too (every helpdesk_poll_seconds): a poll it
    # had begun may close the ticket first, so this call's count may be 0 — the ticket's state counts
    zammad.set_state(int(ext), "closed")
    poll_status(settings)
    with session_scope() as s:
        assert s.get(Ticket, tid).status == "closed" and s.get(Ticket, tid).closed_at is not None
    zammad.set_state(int(ext), "open")
    poll_status(settings)
    with session_scope() as s:
        assert s.get(Ticket, tid).status == "open"


@pytest.mark.parametrize("mode,error", [("500", "server_error (http 500)"),
                                        ("html", "bad_response (http 200)")])
def test_zammad_answering_500_or_html_leaves_a_clear_state_then_delivers_once(
        client, world, zammad, z_org, mode, error):
    zammad.mode = mode
    try:
        ref, att_id = _handed_off(client, world, z_org, zammad)
        rows = wait_rows(att_id, lambda rs: all((r.last_error or "").endswith(error) for r in rs))
        assert all(r.state == "pending" for r in rows)
        assert admin_notices(rows[0].id) == [f"Helpdesk hand-off failing: {error}"] * 2
        listed = client.get("/api/v1/admin/helpdesk/outbox", headers=world.h("dpo")).json()
        mine = {x["last_error"] for x in listed if x["attachment_id"] == att_id}
        assert mine == {f"ConnectorError: {error}"}
    finally:
        zammad.mode = "ok"
    wait_rows(att_id, all_sent, timeout=90)
    ext, _ = link_of(ref)
    assert sum(len(a["attachments"]) for a in zammad.articles[int(ext)]) == 1
    assert sum(f"sargas:destroyed-{att_id}" in a["subject"] for a in zammad.articles[int(ext)]) == 1


def test_unknown_group_is_queue_missing(client, world, zammad, settings):
    key = make_org(world, settings, "Zeta Zammad UAB", kind="zammad", url=zammad.url, queue="Gone",
                   token=TOKEN)
    _, att_id = _handed_off(client, world, key, zammad)
    wait_rows(att_id, lambda rs: all("queue_missing (http 422)" in (r.last_error or "") for r in rs))


def test_set_connector_cli_keeps_the_token_secret(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    run = [sys.executable, "-c", "from intake_api.cli import main; main()", "admin"]
    dd = ["--data-dir", str(tmp_path / "d")]

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*run, *args, *dd], env=env, capture_output=True, text=True, timeout=120)

    assert cli("create-org", "Eta UAB").returncode == 0
    tok = tmp_path / "tok"
    tok.write_text("s3cr3t-token-value\n")
    os.chmod(tok, 0o644)
    r = cli("set-connector", "Eta UAB", "--kind", "rt", "--url", "http://127.0.0.1:9", "--queue", "Q",
            "--token-file", str(tok))
    assert r.returncode == 2 and "chmod 600" in r.stderr
    os.chmod(tok, 0o600)
    r = cli("set-connector", "Eta UAB", "--kind", "nope", "--url", "http://127.0.0.1:9", "--queue", "Q",
            "--token-file", str(tok))
    assert r.returncode == 2 and "unknown connector kind" in r.stderr
    r = cli("set-connector", "Eta UAB", "--kind", "rt", "--url", "http://127.0.0.1:9", "--queue", "Q",
            "--token-file", str(tok))
    assert r.returncode == 0, r.stderr
    assert "s3cr3t" not in r.stdout + r.stderr
    secrets = list((tmp_path / "d" / "secrets" / "helpdesk").iterdir())
    assert len(secrets) == 1 and secrets[0].stat().st_mode & 0o777 == 0o600
    assert secrets[0].read_text() == "s3cr3t-token-value"
    db = (tmp_path / "d" / "sargas.db").read_bytes()
    assert b"s3cr3t" not in db


def test_original_retained_under_hold_then_destroyed_gets_its_note_later(client, world, zammad, z_org,
                                                                         settings):
    from intake_api.connectors.handoff import poll_status
    from retention import sweeper
    from retention.certificates import DestructionCertificate
    from sargas.db import session_scope
    from sargas.models import Attachment

    ref = new_ticket(client, world, z_org)
    r = client.post("/api/v1/legal-holds", json={"ticket": ref, "reason": "dispute"}, headers=world.h("dpo"))
    assert r.status_code == 201, r.text
    att_id = upload(client, world, ref, pii_png(), who=z_org).json()["id"]
    assert wait_final(client, world, att_id, who=z_org)["original"] == "retained"
    rows = wait_rows(att_id, all_sent)
    assert sorted(x.kind for x in rows) == ["helpdesk.attachment", "helpdesk.retained"]
    ext, _ = link_of(ref)
    assert any("retained encrypted under legal_hold" in a["body"] for a in zammad.articles[int(ext)])
    from intake_api.notices import T
    from sargas.outbox import Notification

    with session_scope() as s:  # the client is told of the hold, not of a transfer request it never filed
        told = s.scalars(select(Notification.body).where(Notification.object_id == att_id,
                                                         Notification.kind == "attachment.published")).all()
    held = [t["held"] for t in T.values()]
    coverage = [t["retained"].split("{")[0] for t in T.values()]  # "... as allowed by {coverage} ..."
    assert told and all(any(h in b for h in held) and not any(c in b for c in coverage) for b in told)

    assert client.post(f"/api/v1/legal-holds/{r.json()['id']}/lift", json={"reason": "settled"},
                       headers=world.h("dpo")).status_code == 200
    sweeper.sweep(settings=settings)
    with session_scope() as s:
        entry_id = s.get(Attachment, att_id).vault_entry_id
        cert_id = s.scalars(select(DestructionCertificate.id).where(
            DestructionCertificate.vault_entry_id == entry_id)).one()
    assert poll_status(settings)["notes_queued"] == 1
    assert poll_status(settings)["notes_queued"] == 0
    rows = wait_rows(att_id, lambda rs: len(rs) == 3 and all_sent(rs))
    notes = [a["body"] for a in zammad.articles[int(ext)] if f"sargas:destroyed-{att_id}" in a["subject"]]
    assert len(notes) == 1 and f"destruction certificate {cert_id}" in notes[0]



def test_rejected_upload_sends_no_file_only_the_destruction_note(client, world, zammad, z_org):
    """The redactor fails on the file (driven like tests/intake/test_failclosed.py: a job of a kind the
    embedded dispatcher ignores, run here with a redactor that raises)."""
    from intake_api import pipeline
    from intake_api.attachments import register_upload
    from intake_api.models import Job
    from redactor.errors import CorruptFile
    from redactor.types import FileType
    from retention import vault
    from sargas.db import new_id, session_scope
    from sargas.models import Ticket
    from sargas.principal import CLIENT, Principal

    ref = new_ticket(client, world, z_org)
    w = vault.open_writer()
    w.write(pii_png())
    wrapped, sha, size = w.finish()
    with session_scope() as s:
        t = s.query(Ticket).filter_by(ref=ref).one()
        p = Principal(user_id=world.users[z_org], role=CLIENT, organisation_id=t.organisation_id,
                      email="client@example.test")
        att = register_upload(s, w, wrapped, sha, size, attachment_id=new_id(), ticket_id=t.id,
                              organisation_id=t.organisation_id, ticket_ref=t.ref, filename="x.png",
                              file_type=FileType.PNG, p=p)
        job = s.query(Job).filter_by(attachment_id=att.id).one()
        job.kind = "test"
        job_id, att_id = job.id, att.id

    def broken(data: bytes, lang: str):
        raise CorruptFile()

    assert pipeline.run_job(job_id, broken) == "rejected"
    rows = wait_rows(att_id, all_sent)
    assert [x.kind for x in rows] == ["helpdesk.destroyed"]
    ext, _ = link_of(ref)
    arts = zammad.articles[int(ext)]
    assert not any(a["attachments"] for a in arts)  # nothing of the file reaches the helpdesk
    assert any("was rejected (corrupt_file)" in a["body"] and "destruction certificate" in a["body"]
               for a in arts)

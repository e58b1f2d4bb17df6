"""Fail closed: redactor errors, timeouts, crashes and restarts publish nothing, destroy the original
(unless covered) and tell the client. Coverage keeps the original for the DPO and named consultants.
Jobs here use a kind the embedded dispatcher ignores, so the test drives them itself."""

from __future__ import annotations

import socket

import pytest

from forms.coverage import Coverage
from intake_api import pipeline
from intake_api.models import FAILED, QUEUED, RUNNING, Job
from redactor.errors import CorruptFile, ProcessingTimeout
from redactor.types import FileType, RedactionResult
from retention import vault
from sargas import outbox
from sargas.db import session_scope
from sargas.models import Attachment
from tests.intake.conftest import registered_job, render_png

PNG = render_png(["Printer offline"])


def _make_job(client, world, *, state: str = QUEUED, attempts: int = 0) -> tuple[str, str]:
    return registered_job(client, world, PNG, state=state, attempts=attempts)


def _state(att_id: str) -> tuple[Attachment, vault.VaultEntry, list[outbox.Notification]]:
    with session_scope() as s:
        att = s.get(Attachment, att_id)
        entry = s.get(vault.VaultEntry, att.vault_entry_id)
        notes = s.query(outbox.Notification).filter_by(object_id=att_id).all()
        s.expunge_all()
        return att, entry, notes


def _raiser(exc: Exception):
    def redact(data: bytes, lang: str) -> RedactionResult:
        raise exc
    return redact


@pytest.mark.parametrize(("exc", "code"), [
    (RuntimeError("boom"), "processing_failed"),
    (ProcessingTimeout(), "timeout"),
    (CorruptFile(), "corrupt_file"),
    (pipeline.WorkerCrashed(), "processing_failed"),
])
def test_redactor_failure_fails_closed(client, world, exc, code):
    job_id, att_id = _make_job(client, world)
    assert pipeline.run_job(job_id, _raiser(exc)) == "rejected"
    att, entry, notes = _state(att_id)
    assert att.state == "rejected" and att.error_code == code and att.original == "destroyed"
    assert entry.status == "destroyed" and entry.wrapped_key is None
    assert {n.channel for n in notes} >= {"inapp", "email"}
    assert all(n.lang == "lt" for n in notes)
    assert pipeline.run_job(job_id, _raiser(exc)) is None  # idempotent: a finished job is not re-run


def test_interrupted_jobs_are_resumed_or_failed_closed_on_start(client, world, settings):
    stuck_id, stuck_att = _make_job(client, world, state=RUNNING, attempts=settings.job_max_attempts)
    resumable_id, resumable_att = _make_job(client, world, state=RUNNING, attempts=1)
    pipeline.recover_on_start()
    att, entry, _ = _state(stuck_att)
    assert att.state == "rejected" and att.error_code == "interrupted" and entry.status == "destroyed"
    with session_scope() as s:
        assert s.get(Job, stuck_id).state == FAILED
        assert s.get(Job, resumable_id).state == QUEUED

    def ok(data: bytes, lang: str) -> RedactionResult:
        return RedactionResult(data=data, file_type=FileType.PNG)

    assert pipeline.run_job(resumable_id, ok) == "published"
    att, entry, _ = _state(resumable_att)
    assert att.state == "published" and att.original == "destroyed"


def test_recovery_leaves_jobs_of_live_workers_alone(client, world):
    from datetime import timedelta

    from sargas.clock import now

    live_id, _ = _make_job(client, world, state=RUNNING, attempts=1)
    dead_id, _ = _make_job(client, world, state=RUNNING, attempts=1)
    with session_scope() as s:
        live, dead = s.get(Job, live_id), s.get(Job, dead_id)
        live.worker, live.lease_until = pipeline.embedded_worker_name(0), now() + timedelta(minutes=5)
        dead.worker, dead.lease_until = "embedded:" + socket.gethostname() + ":999999999:0", \
            now() + timedelta(minutes=5)
    pipeline.recover_on_start()
    with session_scope() as s:
        assert s.get(Job, live_id).state == RUNNING  # its (this) process is alive
        assert s.get(Job, dead_id).state == QUEUED  # its process is gone: resumed
        s.get(Job, live_id).state = FAILED  # tidy up


def test_covered_ticket_keeps_the_original_for_dpo_and_named_consultant(client, world, monkeypatch):
    cov = Coverage(kind="transfer_request", id="tr-test", until=None,
                   consultant_ids=frozenset({world.users["consultant"]}))
    monkeypatch.setattr("intake_api.decision.find_coverage", lambda *a, **k: cov)
    monkeypatch.setattr("intake_api.attachments.find_coverage", lambda *a, **k: cov)
    job_id, att_id = _make_job(client, world)
    ref = client.get(f"/api/v1/attachments/{att_id}", headers=world.h("client_a")).json()["ticket"]
    r = client.patch(f"/api/v1/tickets/{ref}", json={"assigned_consultant_id": world.users["consultant"]},
                     headers=world.h("dpo"))
    assert r.status_code == 200  # need-to-know: the consultant works on the ticket
    same = lambda d, lang: RedactionResult(data=d, file_type=FileType.PNG)  # noqa: E731
    assert pipeline.run_job(job_id, same) == "published"
    st = client.get(f"/api/v1/attachments/{att_id}", headers=world.h("client_a")).json()
    assert st["original"] == "retained" and st["coverage"] == {"kind": "transfer_request", "id": "tr-test"}
    for who in ("dpo", "consultant"):
        r = client.get(f"/api/v1/attachments/{att_id}/original", headers=world.h(who))
        assert r.status_code == 200 and r.content == PNG
    url = f"/api/v1/attachments/{att_id}/original"
    assert client.get(url, headers=world.h("client_a")).status_code == 403
    monkeypatch.setattr("intake_api.attachments.find_coverage", lambda *a, **k: None)  # coverage ended
    assert client.get(url, headers=world.h("consultant")).status_code == 403


@pytest.mark.parametrize("appears", [True, False])
def test_notice_follows_the_decision_when_coverage_changes_after_the_read(client, world, monkeypatch,
                                                                          appears):
    """The notices are rendered before the write transaction, for the outcome a read predicts; the
    decision is still taken in the transaction, and a different outcome gets notices of its own."""
    from intake_api import notices

    cov = Coverage(kind="transfer_request", id="tr-late", until=None, consultant_ids=frozenset())
    calls: list[int] = []

    def find(*a, **k):  # the coverage lookup of the read, then of the decision
        calls.append(1)
        return (None if len(calls) == 1 else cov) if appears else (cov if len(calls) == 1 else None)

    monkeypatch.setattr("intake_api.decision.find_coverage", find)
    job_id, att_id = _make_job(client, world)
    same = lambda d, lang: RedactionResult(data=d, file_type=FileType.PNG)  # noqa: E731
    assert pipeline.run_job(job_id, same) == "published"
    att, entry, notes = _state(att_id)
    want = "retained" if appears else "destroyed"
    assert att.original == want and entry.status == want
    told = [n for n in notes if n.channel in ("inapp", "email")]
    assert told and all(n.payload["original"] == want for n in told)
    for n in told:
        kept, gone = notices.T[n.lang]["retained"].split("{")[0], notices.T[n.lang]["destroyed"]
        assert (kept in n.body, gone in n.body) == (appears, not appears)


def test_redactor_process_timeout_kills_the_child_and_recovers():
    from intake_api.worker import RedactorProcess

    rp = RedactorProcess(timeout=0.05)
    try:
        with pytest.raises(ProcessingTimeout):
            rp(render_png(["Jonas Petraitis"]), "auto")
        rp.timeout = 120
        result = rp(PNG, "auto")
        assert result.file_type is FileType.PNG
    finally:
        rp.close()

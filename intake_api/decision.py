"""The decision for one redacted attachment: publish the redacted copy, or fail closed; either way
decide the original (retained if a transfer request or DPA covers the ticket, else crypto-shredded)
and notify the organisation and the uploader in their languages (outbox, same transaction).

:func:`publish` and :func:`fail_closed` each run one write transaction that takes a row lock on the
attachment (PostgreSQL; SQLite serialises writers anyway), so there is one decision per attachment;
both are idempotent (an attachment decided already is left as it is).

How it fails: any error inside :func:`publish` rolls the transaction back and deletes the redacted
blob it stored, so nothing is published (the caller, :func:`intake_api.pipeline.run_job`, then fails
the job closed). :func:`fail_closed` publishes nothing by construction; if it fails itself, the job
stays running and is failed closed by recovery once its lease expires.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from urllib.parse import quote

from sqlalchemy import select

from forms.coverage import Coverage, find_coverage
from intake_api import notices
from intake_api.connectors import handoff
from intake_api.models import DONE, FAILED, Job
from redactor.types import RedactionResult
from retention import audit, vault
from sargas import outbox
from sargas.clock import now
from sargas.db import new_id, session_scope, wal_checkpoint
from sargas.models import (
    ORIG_DESTROYED,
    ORIG_RETAINED,
    PROCESSING,
    PUBLISHED,
    REJECTED,
    Attachment,
    Organisation,
    RedactedCopy,
    Ticket,
    User,
)
from sargas.settings import get_settings
from sargas.storage import get_blob_store

ACTOR = "system:pipeline"


def _request_url(ref: str) -> str:
    """The web page where the client files a transfer request for this ticket (not the raw API)."""
    return get_settings().public_base_url.rstrip("/") + "/requests/new?ticket=" + quote(ref, safe="")


def _decide_original(session, att: Attachment, reason: str) -> Coverage | None:
    """Retain the original if coverage applies, else crypto-shred it. Sets ``att.original``."""
    entry = session.get(vault.VaultEntry, att.vault_entry_id)
    cov = find_coverage(session, organisation_id=att.organisation_id, ticket_id=att.ticket_id, at=now(),
                        entity_types=list((att.counts or {}).keys()))
    if cov is not None and entry is not None and entry.status != vault.DESTROYED:
        vault.retain(session, entry, coverage_kind=cov.kind, coverage_id=cov.id, until=cov.until, actor=ACTOR)
        att.original, att.coverage_kind, att.coverage_id = ORIG_RETAINED, cov.kind, cov.id
        return cov
    if entry is not None and not vault.destroy(session, entry, reason=reason, actor=ACTOR) \
            and entry.status != vault.DESTROYED:
        # A legal hold defers destruction: the original still exists (encrypted) until the hold is
        # lifted and the sweeper destroys it, so it must not be reported as destroyed.
        att.original, att.coverage_kind, att.coverage_id = ORIG_RETAINED, "legal_hold", None
        return None
    att.original = ORIG_DESTROYED
    return None


def publish(job_id: str, att_id: str, result: RedactionResult, lang: str) -> str:
    """Publish the redacted copy, decide the original, notify. Returns the attachment's final state."""
    store = get_blob_store()
    # A fresh key per attempt: a losing duplicate (two workers, expired lease) deletes only its own blob.
    key = f"redacted/{att_id[:2]}/{att_id}.{new_id()[:12]}"
    store.put(key, result.data)
    try:
        with session_scope() as session:
            job = session.get(Job, job_id)
            # Row lock (PostgreSQL; SQLite serialises writers anyway): one decision per attachment.
            session.execute(select(Attachment.id).where(Attachment.id == att_id).with_for_update())
            att = session.get(Attachment, att_id)
            if att.state != PROCESSING:
                store.delete(key)
                job.state, job.finished_at = DONE, now()
                return att.state
            counts = result.counts()
            session.add(
                RedactedCopy(
                    attachment_id=att.id,
                    blob_key=key,
                    mime=result.mime,
                    size=len(result.data),
                    sha256=hashlib.sha256(result.data).hexdigest(),
                )
            )
            att.state, att.counts, att.pages, att.processed_at = PUBLISHED, counts, result.pages, now()
            cov = _decide_original(session, att, "no_coverage" if counts else "no_coverage_clean")
            session.flush()
            handoff.enqueue_published(session, att)
            handoff.enqueue_original(session, att)
            audit.record(
                session,
                ACTOR,
                "attachment.published",
                "attachment",
                att.id,
                None,
                {"counts": counts, "pages": result.pages, "original": att.original, "lang": lang},
            )
            _notify(
                session,
                att,
                lambda lang: notices.processed(
                    lang,
                    ref=att.ticket.ref,
                    counts=counts,
                    original=att.original,
                    coverage_kind=cov.kind if cov else None,
                    request_url=_request_url(att.ticket.ref),
                    zone=_org_zone(session, att),
                ),
            )
            job.state, job.finished_at, job.lease_until = DONE, now(), None
    except BaseException:
        store.delete(key)
        raise
    wal_checkpoint()
    return PUBLISHED


def fail_closed(job_id: str, code: str) -> str:
    """Nothing published; original destroyed unless covered; the client is told. Idempotent."""
    with session_scope() as session:
        job = session.get(Job, job_id)
        session.execute(select(Attachment.id).where(Attachment.id == job.attachment_id).with_for_update())
        att = session.get(Attachment, job.attachment_id)
        if att.state == PROCESSING:
            att.state, att.error_code, att.processed_at = REJECTED, code, now()
            att.error_message = notices.error_text(code, "en")
            cov = _decide_original(session, att, f"failed_closed:{code}")
            session.flush()
            handoff.enqueue_original(session, att)
            audit.record(
                session,
                ACTOR,
                "attachment.rejected",
                "attachment",
                att.id,
                None,
                {"code": code, "original": att.original},
            )
            _notify(
                session,
                att,
                lambda lang: notices.rejected(
                    lang,
                    ref=att.ticket.ref,
                    code=code,
                    original=att.original,
                    coverage_kind=cov.kind if cov else None,
                    request_url=_request_url(att.ticket.ref),
                    zone=_org_zone(session, att),
                ),
            )
        job.state, job.error_code, job.finished_at, job.lease_until = FAILED, code, now(), None
        final = att.state
    wal_checkpoint()
    return final


def org_lang(session, att: Attachment) -> str:
    org = session.get(Organisation, att.organisation_id)
    return org.lang if org else "en"


def _came_by_mail(session, att: Attachment) -> bool:
    from intake_api.mail.models import MailMessage

    rows = session.scalars(select(MailMessage.parts).where(MailMessage.ticket_id == att.ticket_id)).all()
    return any(isinstance(part, dict) and part.get("attachment_id") == att.id
               for parts in rows for part in parts or [])


def _org_zone(session, att: Attachment) -> str | None:
    org = session.get(Organisation, att.organisation_id)
    return org.timezone if org else None


def _notify(session, att: Attachment, build: Callable[[str], notices.Notice]) -> None:
    """The notice to the organisation (in-app, its address, webhook) in its language, and by e-mail to
    the person who uploaded the file (in their own language) when that is another address."""
    org = session.get(Organisation, att.organisation_id)
    ticket = session.get(Ticket, att.ticket_id)
    payload = {
        "attachment_id": att.id,
        "ticket": ticket.ref if ticket else None,
        "state": att.state,
        "original": att.original,
        "counts": dict(att.counts or {}),
        "error": att.error_code,
    }
    common = dict(kind=f"attachment.{att.state}", object_type="attachment", object_id=att.id)
    n = build(org_lang(session, att))
    outbox.enqueue(session, organisation=org, lang=n.lang, subject=n.subject, body=n.body,
                   payload=payload, **common)
    uploader = session.get(User, att.uploader_id) if att.uploader_id else None
    org_mail = (org.email or "").strip().lower() if org else ""
    if uploader is not None and uploader.active and uploader.email and uploader.email.lower() != org_mail \
            and not _came_by_mail(session, att):  # a mailed file's sender gets the gateway's reply instead
        u = build(uploader.effective_lang)
        outbox.enqueue(session, organisation=org, lang=u.lang, subject=u.subject, body=u.body,
                       payload=payload, user_id=uploader.id, email=uploader.email,
                       channels=(outbox.EMAIL,), **common)

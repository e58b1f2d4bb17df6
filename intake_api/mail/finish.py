"""Finish received messages whose parts are all processed: forward, acknowledge, destroy the raw.

:func:`finish_ready` (a periodic job, also called right after a message without attachments is taken
in) picks ``waiting`` messages whose every attachment is published or rejected, and in one
transaction: builds the clean forward (:mod:`.forward`) and the acknowledgement (:mod:`.ack`), stores
both in the blob store and queues them on the outbox (:mod:`.outbound`, durable, retried), records
their message ids for threading, and destroys the raw original in the vault unless a transfer
request or DPA covers the ticket (retained then) — with a destruction certificate.

How it fails: an error on one message rolls back that message only (it stays ``waiting`` and is
retried next period; its blobs are deleted); the pending-deadline sweep still destroys a raw
original that never finishes. Nothing unredacted is ever read here except to destroy it.
"""

from __future__ import annotations

import email.policy
import json
import logging
from datetime import timedelta

from sqlalchemy import func, select

from forms.coverage import find_coverage
from intake_api.mail import ack, forward
from intake_api.mail.models import DONE, WAITING, MailMessage, MailThreadId, id_digest
from intake_api.mail.outbound import MAILRAW
from retention import audit, vault
from sargas.clock import now
from sargas.db import new_id, session_scope
from sargas.models import PROCESSING, PUBLISHED, Attachment, RedactedCopy, Ticket
from sargas.outbox import PENDING, Notification
from sargas.settings import Settings, get_settings
from sargas.storage.factory import get_blob_store

log = logging.getLogger("sargas.mail")
SMTP_POLICY = email.policy.SMTP  # CRLF line ends on the wire


def finish_ready(settings: Settings | None = None, limit: int = 20) -> int:
    settings = settings or get_settings()
    with session_scope() as s:
        ids = s.scalars(select(MailMessage.id).where(MailMessage.state == WAITING)
                        .order_by(MailMessage.created_at).limit(limit)).all()
    done = 0
    for mail_id in ids:
        try:
            done += _finish_one(mail_id, settings)
        except Exception as exc:  # noqa: BLE001 - retried next period
            log.warning("mail %s: finishing failed: %s", mail_id, type(exc).__name__)
    return done


def _queue(s, store, key_stem: str, data: bytes, *, org_id: str, to: str, envelope_from: str, kind: str,
           subject: str, lang: str, mail_id: str, keys: list[str]) -> None:
    key = f"mail/out/{key_stem}.{new_id()[:12]}.eml"
    store.put(key, data)
    keys.append(key)
    s.add(Notification(organisation_id=org_id, channel=MAILRAW, kind=kind, lang=lang, subject=subject[:300],
                       body="", payload={"blob_key": key, "envelope_from": envelope_from}, recipient=to,
                       object_type="mail", object_id=mail_id, state=PENDING, next_attempt_at=now()))


def _finish_one(mail_id: str, settings: Settings) -> int:
    store = get_blob_store(settings)
    keys: list[str] = []
    try:
        with session_scope() as s:
            s.execute(select(MailMessage.id).where(MailMessage.id == mail_id).with_for_update())
            m = s.get(MailMessage, mail_id)
            if m is None or m.state != WAITING:
                return 0
            atts = [s.get(Attachment, p["attachment_id"]) for p in m.parts]
            if any(a is None or a.state == PROCESSING for a in atts):
                return 0
            ticket = s.get(Ticket, m.ticket_id)
            empty = {"subject": "", "plain": [], "html": []}
            body = json.loads(store.get(m.body_key)) if m.body_key else empty
            files, counts, rejected = [], dict(m.hidden or {}), 0
            for p, a in zip(m.parts, atts, strict=True):
                copy = s.scalar(select(RedactedCopy).where(RedactedCopy.attachment_id == a.id,
                                                           RedactedCopy.deleted_at.is_(None)))
                if a.state != PUBLISHED or copy is None:
                    rejected += 1
                    continue
                for k, v in (a.counts or {}).items():
                    counts[k] = counts.get(k, 0) + int(v)
                ext = a.filename.rsplit(".", 1)[-1] if "." in a.filename else "bin"
                files.append((store.get(copy.blob_key), copy.mime, f"attachment-{p['number']}.{ext}",
                              p.get("cid") if p.get("inline") or p.get("cid") else None))
            entry = s.get(vault.VaultEntry, m.vault_entry_id) if m.vault_entry_id else None
            cov = find_coverage(s, organisation_id=m.organisation_id, ticket_id=m.ticket_id, at=now(),
                                entity_types=list(counts))
            if entry is not None and cov is not None:
                vault.retain(s, entry, coverage_kind=cov.kind, coverage_id=cov.id, until=cov.until,
                             actor="system:mail")
            elif entry is not None:
                vault.destroy(s, entry, reason="uncovered_on_publish", actor="system:mail")
            destroyed = cov is None
            left_out = list(m.problems or [])
            m.note = forward.note(ticket.ref, counts, left_out, rejected, destroyed)
            if settings.forward_to:
                fwd = forward.build(settings, ref=ticket.ref, subject=body["subject"], sender=m.sender,
                                    sender_name=m.sender_name, client_msg_id=m.message_id,
                                    plain=body["plain"],
                                    html=body["html"], files=files, note_text=m.note)
                s.add(MailThreadId(digest=id_digest(fwd["Message-ID"]), ticket_id=ticket.id))
                _queue(s, store, f"{mail_id}-fwd", fwd.as_bytes(policy=SMTP_POLICY), org_id=m.organisation_id,
                       to=settings.forward_to, envelope_from=settings.smtp_from, kind="mail.forward",
                       subject=fwd["Subject"], lang="en", mail_id=mail_id, keys=keys)
            if m.want_ack and _rate_ok(s, m, settings):
                if rejected:
                    left_out.append(f"attachments_rejected:{rejected}")
                a_msg = ack.build(settings, lang=m.lang, ref=ticket.ref, to=m.sender or "",
                                  in_reply_to=m.message_id, n_files=len(m.parts), counts=counts,
                                  destroyed=destroyed, left_out=left_out)
                s.add(MailThreadId(digest=id_digest(a_msg["Message-ID"]), ticket_id=ticket.id))
                _queue(s, store, f"{mail_id}-ack", a_msg.as_bytes(policy=SMTP_POLICY),
                       org_id=m.organisation_id, to=m.sender or "",
                       envelope_from="", kind="mail.ack", subject=a_msg["Subject"], lang=m.lang,
                       mail_id=mail_id, keys=keys)
            elif m.want_ack:
                m.want_ack, m.no_ack_reason = False, "rate_limited"
            m.state, m.finished_at = DONE, now()
            audit.record(s, "system:mail", "mail.finished", "mail", mail_id, None,
                         {"ticket": ticket.ref, "forwarded": bool(settings.forward_to), "acked": m.want_ack,
                          "no_ack": m.no_ack_reason, "destroyed": destroyed, "rejected": rejected})
            body_key = m.body_key
    except BaseException:
        for k in keys:
            store.delete(k)
        raise
    if body_key:
        store.delete(body_key)
    return 1


def _rate_ok(s, m: MailMessage, settings: Settings) -> bool:
    since = now() - timedelta(hours=1)
    sent = s.scalar(select(func.count()).select_from(MailMessage).where(
        MailMessage.sender == m.sender, MailMessage.state == DONE, MailMessage.want_ack.is_(True),
        MailMessage.finished_at >= since))
    return int(sent or 0) < settings.mail_ack_per_hour

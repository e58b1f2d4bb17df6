"""Finish received messages whose parts are all processed: forward, acknowledge, destroy the raw.

:func:`finish_ready` (a periodic job, also called right after a message without attachments is taken
in) picks ``waiting`` messages whose every attachment is published or rejected, and in one
transaction: queues the clean forward (:mod:`.forward`) and the acknowledgement (:mod:`.ack`) on the
outbox (:mod:`.outbound`, durable, retried; the messages themselves are in the blob store), records
their message ids for threading, and destroys the raw original in the vault unless a transfer
request or DPA covers the ticket (retained then) — with a destruction certificate. A legal hold on
the ticket or organisation defers that destruction, and the acknowledgement and the forward say so.

That transaction holds the SQLite process write lock from its first statement (``BEGIN IMMEDIATE``;
uploads queue on it, issue 20), so the messages are built first, outside it, from a read snapshot
(:class:`_Inputs`: parts, counts, coverage, rate limit): blob reads, MIME building and the outgoing
blobs' writes. The transaction locks the message row (PostgreSQL; one decision per message), reads
those inputs again and decides on them; if they differ from the snapshot's, the messages are built
again there (and the first ones deleted).

How it fails: an error on one message rolls back that message only (it stays ``waiting`` and is
retried next period; its blobs are deleted); the pending-deadline sweep still destroys a raw
original that never finishes. Nothing unredacted is ever read here except to destroy it.
"""

from __future__ import annotations

import email.policy
import json
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from forms.coverage import find_coverage
from intake_api.mail import ack, forward
from intake_api.mail.models import DONE, WAITING, MailMessage, MailThreadId, id_digest
from intake_api.mail.outbound import MAILRAW
from retention import audit, holds, vault
from sargas.clock import now
from sargas.db import new_id, read_scope, session_scope
from sargas.models import PROCESSING, PUBLISHED, Attachment, RedactedCopy, Ticket
from sargas.outbox import PENDING, Notification
from sargas.settings import Settings, get_settings
from sargas.storage.factory import get_blob_store

log = logging.getLogger("sargas.mail")
SMTP_POLICY = email.policy.SMTP  # CRLF line ends on the wire


def finish_ready(settings: Settings | None = None, limit: int = 20) -> int:
    settings = settings or get_settings()
    with read_scope() as s:  # (a listing: no write transaction, no write lock)
        ids = s.scalars(select(MailMessage.id).where(MailMessage.state == WAITING)
                        .order_by(MailMessage.created_at).limit(limit)).all()
    done = 0
    for mail_id in ids:
        try:
            done += _finish_one(mail_id, settings)
        except Exception as exc:  # noqa: BLE001 - retried next period
            log.warning("mail %s: finishing failed: %s", mail_id, type(exc).__name__)
    return done


@dataclass(frozen=True)
class _Inputs:
    """Everything the outgoing messages depend on, as read in one session (compared as a whole)."""

    mail_id: str
    org_id: str
    ticket_id: str
    ref: str
    body_key: str | None
    sender: str | None
    sender_name: str | None
    message_id: str | None
    lang: str
    problems: tuple[str, ...]
    n_parts: int
    files: tuple[tuple[str, str, str, str | None], ...]  # (redacted blob key, mime, filename, cid)
    counts: tuple[tuple[str, int], ...]
    rejected: int
    original: str  # what happens to the raw message: "destroyed", "kept" (coverage) or "held"
    ack: bool  # an acknowledgement goes out (wanted, within the sender's rate limit)


@dataclass
class _Built:
    note: str
    threads: list[str] = field(default_factory=list)  # message-id digests of the ticket's thread
    queued: list[dict] = field(default_factory=list)  # the outbox rows' fields
    keys: list[str] = field(default_factory=list)  # the blobs stored for them


def _read(s, m: MailMessage | None, settings: Settings):
    """(inputs, coverage, vault entry), or None if the message is not (or not yet) to be finished."""
    if m is None or m.state != WAITING:
        return None
    atts = [s.get(Attachment, p["attachment_id"]) for p in m.parts]
    if any(a is None or a.state == PROCESSING for a in atts):
        return None
    ticket = s.get(Ticket, m.ticket_id)
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
        files.append((copy.blob_key, copy.mime, f"attachment-{p['number']}.{ext}",
                      p.get("cid") if p.get("inline") or p.get("cid") else None))
    entry = s.get(vault.VaultEntry, m.vault_entry_id) if m.vault_entry_id else None
    cov = find_coverage(s, organisation_id=m.organisation_id, ticket_id=m.ticket_id, at=now(),
                        entity_types=list(counts))
    inputs = _Inputs(mail_id=m.id, org_id=m.organisation_id, ticket_id=ticket.id, ref=ticket.ref,
                     body_key=m.body_key,
                     sender=m.sender, sender_name=m.sender_name, message_id=m.message_id, lang=m.lang,
                     problems=tuple(m.problems or []), n_parts=len(m.parts), files=tuple(files),
                     counts=tuple(counts.items()), rejected=rejected, original=_original(s, m, entry, cov),
                     ack=bool(m.want_ack and _rate_ok(s, m, settings)))
    return inputs, cov, entry


def _original(s, m: MailMessage, entry: vault.VaultEntry | None, cov) -> str:
    """What the decision below does to the raw message: kept under coverage, held (a legal hold
    defers destruction: the vault keeps it until the hold is lifted), or destroyed."""
    if cov is not None:
        return "kept"
    live = entry is not None and entry.status != vault.DESTROYED
    if live and holds.is_held(s, m.organisation_id, m.ticket_id):
        return "held"
    return "destroyed"


def _build(i: _Inputs, settings: Settings, store) -> _Built:
    """The forward and the acknowledgement, stored as blobs (no database access: outside the lock)."""
    counts, left_out = dict(i.counts), list(i.problems)
    out = _Built(note=forward.note(i.ref, counts, left_out, i.rejected, i.original))
    try:
        if settings.forward_to:
            body = json.loads(store.get(i.body_key)) if i.body_key else \
                {"subject": "", "plain": [], "html": []}
            files = [(store.get(k), mime, name, cid) for k, mime, name, cid in i.files]
            fwd = forward.build(settings, ref=i.ref, subject=body["subject"], sender=i.sender,
                                sender_name=i.sender_name, client_msg_id=i.message_id, plain=body["plain"],
                                html=body["html"], files=files, note_text=out.note)
            _put(out, store, i, f"{i.mail_id}-fwd", fwd, to=settings.forward_to,
                 envelope_from=settings.smtp_from, kind="mail.forward", lang="en")
        if i.ack:
            if i.rejected:
                left_out.append(f"attachments_rejected:{i.rejected}")
            a_msg = ack.build(settings, lang=i.lang, ref=i.ref, to=i.sender or "", in_reply_to=i.message_id,
                              n_files=i.n_parts, counts=counts, original=i.original, left_out=left_out)
            _put(out, store, i, f"{i.mail_id}-ack", a_msg, to=i.sender or "", envelope_from="",
                 kind="mail.ack", lang=i.lang)
    except BaseException:
        _delete(store, out.keys)
        raise
    return out


def _put(out: _Built, store, i: _Inputs, stem: str, msg, **row) -> None:
    key = f"mail/out/{stem}.{new_id()[:12]}.eml"
    store.put(key, msg.as_bytes(policy=SMTP_POLICY))
    out.keys.append(key)
    out.threads.append(id_digest(msg["Message-ID"]))
    out.queued.append(dict(row, key=key, subject=msg["Subject"]))


def _delete(store, keys: list[str]) -> None:
    for k in keys:
        store.delete(k)


def _finish_one(mail_id: str, settings: Settings) -> int:
    store = get_blob_store(settings)
    with read_scope() as s:  # the snapshot the messages are built from, before the write lock
        snap = _read(s, s.get(MailMessage, mail_id), settings)
    if snap is None:
        return 0
    built: _Built | None = _build(snap[0], settings, store)
    try:
        with session_scope() as s:
            # Row lock (PostgreSQL; SQLite serialises writers anyway): one decision per message.
            s.execute(select(MailMessage.id).where(MailMessage.id == mail_id).with_for_update())
            m = s.get(MailMessage, mail_id)
            now_read = _read(s, m, settings)  # decided on what is read under the lock
            if now_read is None:
                _delete(store, built.keys)
                return 0
            inputs, cov, entry = now_read
            if inputs != snap[0]:  # changed since the snapshot: build again, here
                _delete(store, built.keys)
                built = None
                built = _build(inputs, settings, store)
            if entry is not None and cov is not None:
                vault.retain(s, entry, coverage_kind=cov.kind, coverage_id=cov.id, until=cov.until,
                             actor="system:mail")
            elif entry is not None:
                vault.destroy(s, entry, reason="uncovered_on_publish", actor="system:mail")
            m.note = built.note
            for digest in built.threads:
                s.add(MailThreadId(digest=digest, ticket_id=inputs.ticket_id))
            for q in built.queued:
                s.add(Notification(organisation_id=m.organisation_id, channel=MAILRAW, kind=q["kind"],
                                   lang=q["lang"], subject=q["subject"][:300], body="",
                                   payload={"blob_key": q["key"], "envelope_from": q["envelope_from"]},
                                   recipient=q["to"], object_type="mail", object_id=mail_id, state=PENDING,
                                   next_attempt_at=now()))
            if m.want_ack and not inputs.ack:
                m.want_ack, m.no_ack_reason = False, "rate_limited"
            m.state, m.finished_at = DONE, now()
            audit.record(s, "system:mail", "mail.finished", "mail", mail_id, None,
                         {"ticket": inputs.ref, "forwarded": bool(settings.forward_to), "acked": m.want_ack,
                          "no_ack": m.no_ack_reason, "original": inputs.original,
                          "rejected": inputs.rejected})
            body_key = m.body_key
    except BaseException:
        if built is not None:
            _delete(store, built.keys)
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

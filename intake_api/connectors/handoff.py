"""Hand-offs to the vendor's helpdesk as durable outbox rows (channel ``helpdesk``), and the status
that comes back.

- :func:`enqueue_published` / :func:`enqueue_original` are called by the pipeline in the transaction
  that publishes the redacted copy / decides the original (destroyed with its certificate, or
  retained), so a hand-off exists exactly when the event does. Organisations without a helpdesk get no
  rows (Sargas's own ticket pages stay their helpdesk).
- :class:`HelpdeskChannel` is registered in :data:`sargas.outbox.CHANNELS`; the outbox retries it with
  backoff (``helpdesk_max_attempts``, so an hour-long outage loses nothing) and every write carries an
  idempotency key (``att-<id>``, ``destroyed-<id>``, ``retained-<id>``) the connector looks for
  first: exactly once.
- :func:`poll_status` (a periodic job) follows the helpdesk: closed there -> the Sargas ticket closes
  (retention clock starts); reopened there -> reopened. Only a change seen in the helpdesk is followed.
  The same job queues the destruction note of an original retained at hand-off and destroyed later.

How it fails: a connector error (``auth_failed``, ``queue_missing``, ``server_error``, ``bad_response``,
``unreachable``...) is raised to the outbox, which records it as the row's ``last_error`` and retries;
the admins and DPOs get one in-app notice per row and error code. A redacted copy that no longer exists
is ``redacted_gone`` (nothing else is ever sent: only the stored redacted copy, under a neutral name).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.connectors import config
from intake_api.connectors.base import CLOSED, OPEN, ConnectorError, FileItem, TicketInfo
from intake_api.connectors.models import HelpdeskConfig, HelpdeskLink
from retention import audit
from retention.certificates import DestructionCertificate
from sargas import outbox
from sargas.clock import now
from sargas.db import session_scope
from sargas.models import ORIG_DESTROYED, ORIG_RETAINED, Attachment, Organisation, RedactedCopy, Ticket, User
from sargas.principal import ADMIN, DPO
from sargas.settings import Settings
from sargas.storage import get_blob_store

log = logging.getLogger("sargas.connectors")
HELPDESK = "helpdesk"
ACTOR = "system:helpdesk"
EXT = {"image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf", "image/tiff": "tiff",
       "text/plain": "txt"}


def _config(session: Session, organisation_id: str) -> HelpdeskConfig | None:
    cfg = session.get(HelpdeskConfig, organisation_id)
    return cfg if cfg is not None and cfg.enabled else None


def _row(session: Session, att: Attachment, cfg: HelpdeskConfig, what: str, key: str,
         payload: dict[str, Any], subject: str) -> None:
    session.add(outbox.Notification(
        organisation_id=att.organisation_id, channel=HELPDESK, kind=f"helpdesk.{what}", lang="en",
        subject=subject[:300], body="", recipient=cfg.kind, object_type="attachment", object_id=att.id,
        payload={"action": what, "key": key, "attachment_id": att.id, "ticket_id": att.ticket_id,
                 "organisation_id": att.organisation_id, **payload},
        next_attempt_at=now(), created_at=now()))


def enqueue_published(session: Session, att: Attachment) -> None:
    """The redacted copy of ``att`` is ready: hand it to the organisation's helpdesk."""
    cfg = _config(session, att.organisation_id)
    if cfg is not None:
        _row(session, att, cfg, "attachment", f"att-{att.id}", {}, f"redacted copy of attachment {att.id}")


def enqueue_original(session: Session, att: Attachment) -> None:
    """The original of ``att`` was destroyed (certificate issued) or retained: note it on the ticket."""
    cfg = _config(session, att.organisation_id)
    if cfg is None or att.original not in (ORIG_DESTROYED, ORIG_RETAINED):
        return
    cert_id = None
    if att.original == ORIG_DESTROYED and att.vault_entry_id:
        cert_id = session.scalars(select(DestructionCertificate.id).where(
            DestructionCertificate.vault_entry_id == att.vault_entry_id)).first()
    _row(session, att, cfg, att.original, f"{att.original}-{att.id}",
         {"action": "note", "original": att.original, "certificate_id": cert_id,
          "coverage_kind": att.coverage_kind, "coverage_id": att.coverage_id, "state": att.state,
          "error": att.error_code},
         f"original of attachment {att.id} {att.original}")


def catch_up_destroyed(session: Session) -> int:
    """Originals retained at hand-off and destroyed later (the sweeper, a lifted legal hold): queue
    their destruction note. Retention cannot call intake_api, so this job looks. Returns how many."""
    N = outbox.Notification  # noqa: N806
    done = select(N.object_id).where(N.channel == HELPDESK, N.kind == f"helpdesk.{ORIG_DESTROYED}")
    atts = session.scalars(
        select(Attachment).join(N, (N.object_id == Attachment.id) & (N.channel == HELPDESK)
                                & (N.kind == f"helpdesk.{ORIG_RETAINED}"))
        .where(Attachment.original == ORIG_DESTROYED, Attachment.id.not_in(done))).unique().all()
    for att in atts:
        enqueue_original(session, att)
    return len(atts)


def hidden_summary(counts: dict[str, Any]) -> str:
    """Types and counts only, e.g. ``EMAIL_ADDRESS x1, LT_PERSONAL_CODE x2``."""
    parts = [f"{k} x{int(v)}" for k, v in sorted((counts or {}).items()) if int(v)]
    return ", ".join(parts) if parts else "nothing (no personal data found)"


def note_text(p: dict[str, Any]) -> str:
    att = p["attachment_id"]
    head = f"Sargas: attachment {att}" + (f" was rejected ({p['error']}); " if p.get("error") else ": ")
    if p.get("original") == ORIG_DESTROYED:
        return head + ("the unredacted original was destroyed (crypto-shredded); destruction certificate "
                       f"{p.get('certificate_id') or '(pending)'}.")
    return head + (f"the unredacted original is retained encrypted under {p.get('coverage_kind')} "
                   f"{p.get('coverage_id') or ''}".rstrip() + ".")


def _ticket_link(cfg: HelpdeskConfig, ticket_id: str) -> str:
    """The helpdesk ticket id for a Sargas ticket, created once (the ticket row is locked meanwhile)."""
    from intake_api.connectors import CONNECTORS

    with session_scope() as s:
        link = s.get(HelpdeskLink, ticket_id)
        if link is not None and link.kind == cfg.kind:
            return link.external_id
        # Lock, then look again: a concurrent sender (PostgreSQL, two workers) may have linked it.
        t = s.scalars(select(Ticket).where(Ticket.id == ticket_id).with_for_update()).one()
        s.expire_all()
        link = s.get(HelpdeskLink, ticket_id)
        if link is not None and link.kind == cfg.kind:
            return link.external_id
        target = config.target(s, cfg)
        ext = CONNECTORS[cfg.kind].create_or_find_ticket(target, TicketInfo(ref=t.ref, subject=t.subject))
        if link is None:
            s.add(HelpdeskLink(ticket_id=ticket_id, organisation_id=cfg.organisation_id, kind=cfg.kind,
                               external_id=ext, last_status=OPEN))
        else:
            link.kind, link.external_id, link.last_status = cfg.kind, ext, OPEN
        audit.record(s, ACTOR, "helpdesk.ticket_linked", "ticket", ticket_id, None,
                     {"kind": cfg.kind, "external_id": ext})
        return ext


def deliver(payload: dict[str, Any]) -> None:
    from intake_api.connectors import CONNECTORS

    with session_scope() as s:
        att = s.get(Attachment, payload["attachment_id"])
        cfg = _config(s, att.organisation_id) if att else None
        if att is None or cfg is None:
            raise ConnectorError("not_configured")
        s.expunge(cfg)
        target = config.target(s, cfg)
        copy = s.scalars(select(RedactedCopy).where(RedactedCopy.attachment_id == att.id)).first()
        counts = dict(att.counts or {})
        ref = att.ticket.ref
        blob = (copy.blob_key, copy.mime) if copy is not None and copy.deleted_at is None else None
    ext = _ticket_link(cfg, payload["ticket_id"])
    conn = CONNECTORS[cfg.kind]
    if payload["action"] == "attachment":
        if blob is None:
            raise ConnectorError("redacted_gone")
        data = get_blob_store().get(blob[0])
        name = f"redacted-{payload['attachment_id']}.{EXT.get(blob[1], 'bin')}"
        comment = (f"Sargas redacted copy of attachment {payload['attachment_id']} (ticket {ref}). "
                   f"Hidden: {hidden_summary(counts)}.")
        conn.add_attachment(target, ext, payload["key"], FileItem(name, blob[1], data), comment)
    else:
        conn.add_internal_note(target, ext, payload["key"], note_text(payload))


def _notify_admins(row_id: str, organisation_id: str | None, code: str) -> None:
    subject = f"Helpdesk hand-off failing: {code}"
    with session_scope() as s:
        seen = s.scalars(select(outbox.Notification.id).where(
            outbox.Notification.kind == "helpdesk.failed", outbox.Notification.object_id == row_id,
            outbox.Notification.subject == subject)).first()
        if seen is not None:
            return
        org = s.get(Organisation, organisation_id) if organisation_id else None
        body = (f"Outbox row {row_id} ({org.name if org else '-'}) could not be handed to the helpdesk: "
                f"{code}. Nothing is lost: it is retried with backoff; check the connector "
                "(sargas admin set-connector) and the row's state in /api/v1/admin/helpdesk/outbox.")
        for uid in s.scalars(select(User.id).where(User.role.in_((ADMIN, DPO)), User.active.is_(True))):
            outbox.enqueue(s, organisation=None, kind="helpdesk.failed", lang="en", subject=subject,
                           body=body, user_id=uid, object_type="notification", object_id=row_id,
                           payload={"code": code}, channels=(outbox.INAPP,))


class HelpdeskChannel:
    """The outbox channel of helpdesk rows (``max_attempts`` from ``helpdesk_max_attempts``)."""

    def max_attempts(self, settings: Settings) -> int:
        return settings.helpdesk_max_attempts

    def send(self, settings: Settings, msg: outbox.Outgoing) -> None:
        doc = msg.document
        try:
            deliver(doc["data"])
        except ConnectorError as exc:
            _notify_admins(doc["id"], doc["data"].get("organisation_id"), str(exc))
            raise
        except OSError:
            _notify_admins(doc["id"], None, "token_file_unreadable")
            raise ConnectorError("token_file_unreadable") from None


outbox.CHANNELS[HELPDESK] = HelpdeskChannel()


def poll_status(settings: Settings) -> dict[str, int]:
    """Follow every linked ticket's helpdesk status once. Returns counts only."""
    from intake_api.connectors import CONNECTORS

    del settings
    out = {"checked": 0, "closed": 0, "reopened": 0, "errors": 0}
    with session_scope() as s:
        out["notes_queued"] = catch_up_destroyed(s)
        rows = s.execute(select(HelpdeskLink.ticket_id, HelpdeskLink.external_id, HelpdeskConfig)
                         .join(HelpdeskConfig, HelpdeskConfig.organisation_id == HelpdeskLink.organisation_id)
                         .where(HelpdeskConfig.enabled.is_(True), HelpdeskConfig.kind == HelpdeskLink.kind)
                         ).all()
        work = [(tid, ext, cfg.kind, cfg) for tid, ext, cfg in rows]
        targets = {}
        for _, _, _, cfg in work:
            try:
                targets.setdefault(cfg.organisation_id, config.target(s, cfg))
            except OSError:
                log.warning("helpdesk token file of organisation %s unreadable", cfg.organisation_id)
    for tid, ext, kind, cfg in work:
        target = targets.get(cfg.organisation_id)
        try:
            if target is None:
                raise ConnectorError("token_file_unreadable")
            status = CONNECTORS[kind].fetch_status(target, ext)
        except ConnectorError as exc:
            out["errors"] += 1
            log.warning("helpdesk status of ticket %s: %s", tid, exc)
            continue
        out["checked"] += 1
        with session_scope() as s:
            link = s.get(HelpdeskLink, tid)
            link.checked_at = now()
            if status == link.last_status:
                continue
            link.last_status = status
            t = s.scalars(select(Ticket).where(Ticket.id == tid).with_for_update()).one()
            if status == CLOSED and t.status != "closed":
                t.status, t.closed_at = "closed", now()
                out["closed"] += 1
            elif status == OPEN and t.status == "closed":
                t.status, t.closed_at = "open", None
                out["reopened"] += 1
            else:
                continue
            audit.record(s, ACTOR, "ticket.updated", "ticket", t.id, None,
                         {"status": t.status, "source": f"helpdesk:{kind}"})
    return out


def outbox_rows(session: Session, limit: int = 200) -> list[dict[str, Any]]:
    """Helpdesk rows for the DPO/admin: state, attempts, error code — no content, no credentials."""
    N = outbox.Notification  # noqa: N806
    rows = session.scalars(select(N).where(N.channel == HELPDESK).order_by(N.created_at.desc()).limit(limit))
    return [{"id": n.id, "organisation_id": n.organisation_id, "kind": n.kind, "connector": n.recipient,
             "attachment_id": n.object_id, "state": n.state, "attempts": n.attempts,
             "last_error": n.last_error, "next_attempt_at": n.next_attempt_at.isoformat()
             if n.next_attempt_at else None, "sent_at": n.sent_at.isoformat() if n.sent_at else None,
             "created_at": n.created_at.isoformat()} for n in rows]

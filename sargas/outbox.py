"""Notification outbox: every notice is a row per channel (in-app, e-mail, webhook), written in the
same transaction as the event it reports, then delivered with retries and exponential backoff.
A failing channel never loses the notice: the row stays until sent or ``dead`` (kept for review).

Use :func:`enqueue` from any package (forms, retention, intake_api); :func:`deliver_due` is run by the
scheduler (embedded) or a Celery beat task (scale-out). Each row is sent through the :class:`Channel`
registered for its channel in :data:`CHANNELS` (e-mail, webhook; a helpdesk connector adds its own).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from sargas import mailmsg
from sargas.clock import now
from sargas.db import Base, UTCDateTime, new_id, session_scope
from sargas.models import Organisation
from sargas.settings import Settings, get_settings

log = logging.getLogger("sargas.outbox")

INAPP, EMAIL, WEBHOOK = "inapp", "email", "webhook"
PENDING, SENT, DEAD = "pending", "sent", "dead"


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)  # None = whole org
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recipient: Mapped[str | None] = mapped_column(String(2000))  # e-mail address or webhook URL
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))  # an error class/code, never content
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def enqueue(session: Session, *, organisation: Organisation | None, kind: str, lang: str, subject: str,
            body: str, payload: dict[str, Any] | None = None, user_id: str | None = None,
            email: str | None = None, object_type: str | None = None, object_id: str | None = None,
            channels: tuple[str, ...] = (INAPP, EMAIL, WEBHOOK)) -> list[Notification]:
    """Queue one notice on every applicable channel. ``email`` defaults to the organisation's address;
    the webhook goes to the organisation's URL if it has one. Returns the rows (added, not flushed)."""
    rows: list[Notification] = []
    base = dict(organisation_id=organisation.id if organisation else None, user_id=user_id, kind=kind,
                lang=lang, subject=subject, body=body, payload=payload or {}, object_type=object_type,
                object_id=object_id, created_at=now())
    if INAPP in channels:
        rows.append(Notification(channel=INAPP, state=SENT, sent_at=now(), **base))
    to = email or (organisation.email if organisation else None)
    if EMAIL in channels and to:
        rows.append(Notification(channel=EMAIL, recipient=to, next_attempt_at=now(), **base))
    if WEBHOOK in channels and organisation is not None and organisation.webhook_url:
        rows.append(Notification(channel=WEBHOOK, recipient=organisation.webhook_url,
                                 next_attempt_at=now(), **base))
    session.add_all(rows)
    return rows


# --- delivery -----------------------------------------------------------------------------------

def send_email(settings: Settings, to: str, subject: str, body: str, lang: str = "en") -> None:
    """One notice as a complete message (headers, plain + HTML parts) through the configured relay."""
    mailmsg.send(settings, to, subject, body, lang=lang)


def sign_webhook(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over ``timestamp + "." + body``; sent as ``X-Sargas-Signature: sha256=<hex>``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def webhook_document(n: Notification) -> dict[str, Any]:
    return {"id": n.id, "kind": n.kind, "lang": n.lang, "subject": n.subject, "text": n.body,
            "data": n.payload, "created_at": n.created_at.isoformat()}


def send_webhook(settings: Settings, url: str, secret: str | None, doc: dict[str, Any]) -> None:
    import httpx

    body = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()
    ts = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Sargas-Timestamp": ts, "X-Sargas-Event": doc["kind"],
               "X-Sargas-Delivery": doc["id"]}
    if secret:
        headers["X-Sargas-Signature"] = sign_webhook(secret, ts, body)
    r = httpx.post(url, content=body, headers=headers, timeout=settings.webhook_timeout)
    if r.status_code >= 300:
        raise RuntimeError(f"webhook http {r.status_code}")


@dataclass(frozen=True)
class Outgoing:
    """What a channel is given to send: the notice row's own fields, nothing more."""

    recipient: str  # e-mail address or URL
    subject: str
    body: str
    document: dict[str, Any]  # the JSON document (webhook, helpdesk connectors)
    secret: str | None  # the organisation's webhook signing secret


class Channel(Protocol):
    """An outbound channel. ``send`` raises on failure; the outbox retries with backoff. A channel may
    define ``max_attempts(settings)`` (default ``notify_max_attempts``) before its row is ``dead``."""

    def send(self, settings: Settings, msg: Outgoing) -> None: ...


class EmailChannel:
    def send(self, settings: Settings, msg: Outgoing) -> None:
        send_email(settings, msg.recipient, msg.subject, msg.body, str(msg.document.get("lang") or "en"))


class WebhookChannel:
    def send(self, settings: Settings, msg: Outgoing) -> None:
        send_webhook(settings, msg.recipient, msg.secret, msg.document)


# Channels the delivery loop sends on (in-app notices need no delivery). A connector adds its entry.
CHANNELS: dict[str, Channel] = {EMAIL: EmailChannel(), WEBHOOK: WebhookChannel()}


def _backoff(settings: Settings, attempts: int) -> timedelta:
    return timedelta(seconds=min(settings.notify_backoff_max_seconds,
                                 settings.notify_backoff_seconds * (2 ** max(0, attempts - 1))))


def _claim(limit: int, lease: timedelta) -> list[str]:
    with session_scope() as s:
        t = now()
        rows = s.scalars(
            select(Notification)
            .where(Notification.state == PENDING, Notification.channel != INAPP,
                   Notification.next_attempt_at <= t,
                   or_(Notification.lease_until.is_(None), Notification.lease_until < t))
            .order_by(Notification.next_attempt_at).limit(limit)
            .with_for_update(skip_locked=True)).all()
        for n in rows:
            n.lease_until = t + lease
        return [n.id for n in rows]


def deliver_one(notification_id: str, settings: Settings | None = None) -> bool:
    """Try one pending notice once; returns True if it was sent."""
    settings = settings or get_settings()
    with session_scope() as s:
        n = s.get(Notification, notification_id)
        if n is None or n.state != PENDING:
            return False
        org = s.get(Organisation, n.organisation_id) if n.organisation_id else None
        secret = org.webhook_secret if org else None
        channel, recipient, subject, body = n.channel, n.recipient, n.subject, n.body
        doc = webhook_document(n)
    error: str | None = None
    try:
        sender = CHANNELS.get(channel)
        if sender is None:  # never report an undeliverable row as sent
            raise RuntimeError(f"no channel {channel!r} registered in this process")
        sender.send(settings, Outgoing(recipient or "", subject, body, doc, secret))
    except Exception as exc:  # noqa: BLE001 - any channel failure is retried, never fatal
        error = type(exc).__name__ + (f": {exc}" if isinstance(exc, RuntimeError) else "")
    with session_scope() as s:
        n = s.get(Notification, notification_id)
        n.attempts += 1
        n.lease_until = None
        if error is None:
            n.state, n.sent_at, n.last_error = SENT, now(), None
        else:
            n.last_error = error[:200]
            limit = getattr(CHANNELS.get(channel), "max_attempts", None)
            if n.attempts >= (limit(settings) if limit else settings.notify_max_attempts):
                n.state = DEAD
            else:
                n.next_attempt_at = now() + _backoff(settings, n.attempts)
            log.warning("notification %s via %s failed (attempt %d): %s", n.id, channel, n.attempts,
                        n.last_error)
    return error is None


def deliver_due(limit: int = 50, settings: Settings | None = None) -> int:
    """Deliver every due notice (bounded by ``limit``); returns how many were sent."""
    settings = settings or get_settings()
    sent = 0
    for nid in _claim(limit, timedelta(seconds=120)):
        sent += deliver_one(nid, settings)
    return sent

"""Mail tables: organisation mail domains, received messages, message ids of a ticket's thread.

A :class:`MailMessage` is written when a message is received and finished once every part is
processed (``state`` ``waiting`` -> ``done``). The sender's address is kept (it is where the
acknowledgement goes; a user's address is kept the same way); the message itself is only in the
vault (``vault_entry_id``, encrypted) and the redacted body in the blob store. Message ids are stored
as digests, never as text.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sargas.clock import now
from sargas.db import Base, UTCDateTime, new_id
from sargas.models import Organisation  # noqa: F401  (registers the shared tables)

WAITING, DONE = "waiting", "done"


def id_digest(msg_id: str) -> str:
    return hashlib.sha256(msg_id.strip().strip("<>").lower().encode("utf-8", "replace")).hexdigest()


class MailDomain(Base):
    """A mail domain of an organisation: mail from ``anyone@domain`` belongs to it."""

    __tablename__ = "mail_domains"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class MailMessage(Base):
    __tablename__ = "mail_messages"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    channel: Mapped[str] = mapped_column(String(8), default="smtp")  # smtp | imap
    sender: Mapped[str | None] = mapped_column(String(320), index=True)  # None: no usable address
    sender_name: Mapped[str | None] = mapped_column(String(200))
    message_id: Mapped[str | None] = mapped_column(String(998))  # the client's, for threading replies
    lang: Mapped[str] = mapped_column(String(2), default="en")
    vault_entry_id: Mapped[str | None] = mapped_column(ForeignKey("vault_entries.id"))
    body_key: Mapped[str | None] = mapped_column(String(128))  # redacted bodies (JSON) in the blob store
    parts: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{attachment_id, cid, inline}]
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)  # reason codes of left-out parts
    hidden: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # body: entity type -> count
    want_ack: Mapped[bool] = mapped_column(Boolean, default=True)
    no_ack_reason: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default=WAITING, index=True)
    note: Mapped[str | None] = mapped_column(Text)  # what the forward said was hidden/destroyed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MailThreadId(Base):
    """A message id (digest) that belongs to a ticket: the client's, our forward's and our ack's."""

    __tablename__ = "mail_thread_ids"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

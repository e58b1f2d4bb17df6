"""Intake-owned tables: the durable pipeline job. (The shared entities — organisations, users,
tickets, attachments, redacted copies — live in ``sargas.models``; see its docstring.)

A job is claimed by setting ``state=running`` with a lease (``lease_until``); a job whose lease
has expired (worker crash, restart) is picked up again or, after ``max attempts``, failed closed.
The same rows drive the embedded thread pool and the Celery tasks.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sargas.clock import now
from sargas.db import Base, UTCDateTime, new_id
from sargas.models import Attachment  # noqa: F401  (registers the shared tables)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32), default="process_attachment")
    attachment_id: Mapped[str] = mapped_column(ForeignKey("attachments.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default=QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker: Mapped[str | None] = mapped_column(String(64))
    error_code: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginThrottle(Base):
    """Failed sign-ins / token checks per key (issue 18.3), shared by every API replica. ``key`` is a
    SHA-256 of ``kind:value`` (an e-mail or client address never stored in clear)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)


class PasswordLink(Base):
    """A one-time link to set a password (``purpose``: ``reset`` asked by the user or an admin,
    ``setup`` for an account created without one). Only the SHA-256 of the link's token is kept;
    a link is spent by its first use and dead after ``expires_at``."""

    __tablename__ = "password_links"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UploadKey(Base):
    """``Idempotency-Key`` of an upload: the first attachment a (user, ticket, key) created, so a
    retried upload returns it instead of a second attachment and a second notice. The key is stored
    as SHA-256 (a client may put anything in it)."""

    __tablename__ = "upload_keys"
    __table_args__ = (UniqueConstraint("user_id", "ticket_id", "key_hash"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(32))
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    attachment_id: Mapped[str] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

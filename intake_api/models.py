"""Intake-owned tables: the durable pipeline job. (The shared entities — organisations, users,
tickets, attachments, redacted copies — live in ``sargas.models``; see its docstring.)

A job is claimed by setting ``state=running`` with a lease (``lease_until``); a job whose lease
has expired (worker crash, restart) is picked up again or, after ``max attempts``, failed closed.
The same rows drive the embedded thread pool and the Celery tasks.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
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

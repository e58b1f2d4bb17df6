"""Shared domain entities every package needs: organisations, users, API tokens, tickets,
attachments, their redacted copies and the vault entries of their originals.

Rule: a table used by more than one package lives here (``sargas``, below retention, forms and
intake_api), so every package can query it without importing another; the behaviour around them stays
with its owner (the vault's encryption in ``retention.vault``, endpoints and pipeline in intake_api).
Nothing here stores document content or detected values — only counts by entity type.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sargas.clock import now
from sargas.db import Base, UTCDateTime, new_id
from sargas.i18n import LANGS  # noqa: F401  (re-exported: callers import it from here)

# attachment.state
PROCESSING, PUBLISHED, REJECTED = "processing", "published", "rejected"
# attachment.original (mirrors the vault entry for the API)
ORIG_PENDING, ORIG_RETAINED, ORIG_DESTROYED = "pending", "retained", "destroyed"
# VaultEntry.status (retention.vault re-exports them as PENDING, RETAINED, DESTROYED); the chunk size
# the vault seals plaintext in.
VAULT_PENDING, VAULT_RETAINED, VAULT_DESTROYED = "pending", "retained", "destroyed"
VAULT_CHUNK = 64 * 1024


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    lang: Mapped[str] = mapped_column(String(2), default="en")
    timezone: Mapped[str | None] = mapped_column(String(64))  # IANA zone; None = SARGAS_DEFAULT_TIMEZONE
    email: Mapped[str | None] = mapped_column(String(320))
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    webhook_secret: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # client | consultant | dpo | admin
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    lang: Mapped[str | None] = mapped_column(String(2))  # default: the organisation's language
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    @property
    def effective_lang(self) -> str:
        return self.lang or (self.organisation.lang if self.organisation else "en")


class ApiToken(Base):
    """Bearer tokens, stored as SHA-256 (the token itself is shown once and has 256 bits)."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # accounts (0006): a label the owner chose and an optional expiry (None = until revoked)
    label: Mapped[str | None] = mapped_column(String(100))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    ref: Mapped[str] = mapped_column(String(32), unique=True)  # HD-2026-00417
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    assigned_consultant_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    uploader_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(255))  # sanitised
    file_type: Mapped[str] = mapped_column(String(16))  # detected (redactor.types.FileType value)
    size: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    sha256: Mapped[str] = mapped_column(String(64))  # of the original
    state: Mapped[str] = mapped_column(String(16), default=PROCESSING, index=True)
    original: Mapped[str] = mapped_column(String(16), default=ORIG_PENDING)
    vault_entry_id: Mapped[str | None] = mapped_column(ForeignKey("vault_entries.id"))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # entity type -> count
    pages: Mapped[int | None] = mapped_column(Integer)
    # progress while processing: pages done / pages in the document (set by the pipeline)
    pages_done: Mapped[int | None] = mapped_column(Integer)
    pages_total: Mapped[int | None] = mapped_column(Integer)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    coverage_kind: Mapped[str | None] = mapped_column(String(32))
    coverage_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    ticket: Mapped[Ticket] = relationship(lazy="joined")


class RedactedCopy(Base):
    __tablename__ = "redacted_copies"
    __table_args__ = (UniqueConstraint("attachment_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    attachment_id: Mapped[str] = mapped_column(ForeignKey("attachments.id"))
    blob_key: Mapped[str] = mapped_column(String(128))
    mime: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class VaultEntry(Base):
    """One encrypted original in the vault (``retention.vault`` writes, reads and destroys it)."""

    __tablename__ = "vault_entries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    object_type: Mapped[str] = mapped_column(String(32), default="attachment")
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    organisation_id: Mapped[str | None] = mapped_column(String(32), index=True)
    ticket_id: Mapped[str | None] = mapped_column(String(32), index=True)
    blob_key: Mapped[str] = mapped_column(String(128))
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    kek_id: Mapped[str] = mapped_column(String(16))
    chunk_size: Mapped[int] = mapped_column(Integer, default=VAULT_CHUNK)
    size: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    sha256: Mapped[str] = mapped_column(String(64))
    # pending: awaiting the pipeline's decision; retained: covered; destroyed: key and blob gone.
    status: Mapped[str] = mapped_column(String(16), default=VAULT_PENDING, index=True)
    coverage_kind: Mapped[str | None] = mapped_column(String(32))  # "transfer_request" | "dpa"
    coverage_id: Mapped[str | None] = mapped_column(String(64))
    retain_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    destroy_reason: Mapped[str | None] = mapped_column(String(64))
    destroyed_by: Mapped[str | None] = mapped_column(String(64))
    # retention (0003): deferred destruction (legal hold) and the sweeper's lease
    destroy_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    destroy_due_reason: Mapped[str | None] = mapped_column(String(64))
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

"""Tables of the forms package: formal data-transfer requests, the tickets they cover, and DPAs.

A request's answers are stored as JSON in ``answers`` together with the ``schema_version`` they were
filed under, so a request stays readable (API and PDF) after the form changes. Nothing here holds
document content; the answers are what the client typed into the form.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sargas.clock import now
from sargas.db import Base, UTCDateTime, new_id
from sargas.models import Organisation, Ticket  # noqa: F401  (registers the shared tables)

# transfer_requests.state
DRAFT, SUBMITTED, APPROVED, REJECTED, ACTIVE = "draft", "submitted", "approved", "rejected", "active"
EXPIRED, REVOKED, FULFILLED, WITHDRAWN = "expired", "revoked", "fulfilled", "withdrawn"
STATES = (DRAFT, SUBMITTED, APPROVED, REJECTED, ACTIVE, EXPIRED, REVOKED, FULFILLED, WITHDRAWN)
TERMINAL = (REJECTED, EXPIRED, REVOKED, FULFILLED, WITHDRAWN)
COVERING = (APPROVED, ACTIVE)

# coverage kinds (also written to VaultEntry.coverage_kind / Attachment.coverage_kind)
KIND_REQUEST, KIND_DPA = "transfer_request", "dpa"

# dpas.scope
SCOPE_ALL, SCOPE_CATEGORIES = "all", "categories"


class TransferRequest(Base):
    __tablename__ = "transfer_requests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(32), unique=True)  # TR-XXXXXXXXXX
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    lang: Mapped[str] = mapped_column(String(2))  # the client's language: notices, PDF
    schema_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    retention_days: Mapped[int | None] = mapped_column(Integer)  # granted (approval) or requested
    consultant_ids: Mapped[list[str]] = mapped_column(JSON, default=list)  # resolved named consultants
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    decided_by_name: Mapped[str | None] = mapped_column(String(200))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by: Mapped[str | None] = mapped_column(String(64))
    end_reason: Mapped[str | None] = mapped_column(Text)
    originals_destroyed: Mapped[int] = mapped_column(Integer, default=0)

    tickets: Mapped[list[TransferRequestTicket]] = relationship(
        back_populates="request", cascade="all, delete-orphan", lazy="selectin",
        order_by="TransferRequestTicket.position")


class TransferRequestTicket(Base):
    """Which tickets a request covers (a table, not JSON, so coverage is one indexed join)."""

    __tablename__ = "transfer_request_tickets"
    __table_args__ = (UniqueConstraint("request_id", "ticket_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("transfer_requests.id", ondelete="CASCADE"),
                                            index=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    request: Mapped[TransferRequest] = relationship(back_populates="tickets")
    ticket: Mapped[Ticket] = relationship(lazy="joined")


class Dpa(Base):
    """A data-processing agreement with one organisation: covers its uploads as ``scope`` says."""

    __tablename__ = "dpas"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    reference: Mapped[str] = mapped_column(String(100))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    scope: Mapped[str] = mapped_column(String(16), default=SCOPE_ALL)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)  # data-category codes
    retention_days: Mapped[int] = mapped_column(Integer)
    consultant_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # expired or terminated
    end_reason: Mapped[str | None] = mapped_column(String(32))  # expired | terminated

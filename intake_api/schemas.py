"""Request/response bodies of the intake API (v1)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class TicketIn(BaseModel):
    subject: str = Field(min_length=1, max_length=300)
    organisation_id: str | None = Field(default=None, description="staff only: the client organisation")


class TicketPatch(BaseModel):
    status: Literal["open", "closed"] | None = None
    assigned_consultant_id: str | None = Field(default=None, description="staff only")


class TicketOut(BaseModel):
    id: str
    ref: str
    subject: str
    status: str
    organisation_id: str
    created_at: datetime
    closed_at: datetime | None = None
    assigned_consultant_id: str | None = None


class UploadAccepted(BaseModel):
    id: str
    status_url: str
    state: str = "processing"


class AttachmentOut(BaseModel):
    id: str
    ticket: str
    filename: str
    file_type: str
    size: int
    sha256: str
    state: str  # processing | published | rejected
    original: str  # pending | retained | destroyed
    counts: dict[str, int]
    pages: int | None = None
    pages_done: int | None = None  # progress while processing (pages OCR'd/checked so far)
    pages_total: int | None = None
    error: str | None = None
    message: str | None = None
    coverage: dict[str, str] | None = None
    redacted_url: str | None = None
    created_at: datetime
    processed_at: datetime | None = None


class NotificationOut(BaseModel):
    id: str
    kind: str
    lang: str
    subject: str
    body: str
    data: dict
    created_at: datetime
    read: bool


class Health(BaseModel):
    status: str

"""The one home of attachment rules. The API handlers, the web UI, the intake channels and the tests
call these functions; nobody re-states a rule.

* :func:`visible_ticket` / :func:`visible_attachment`: what a principal may see (its organisations;
  anything else, or a malformed id, is the same 404, so ids cannot be probed);
* :func:`register_upload`: a finished vault writer becomes a vault entry, an attachment, its pipeline
  job and an audit event, all in the caller's transaction (the caller commits, then wakes a worker);
* :func:`replayed_upload`: a retried upload (same ``Idempotency-Key`` of the same user on the same
  ticket, or the same file from the same uploader on the same ticket within
  ``upload_duplicate_seconds``, unless that one was rejected) gets the first attachment back;
  :func:`remember_key` records a key with the attachment it created;
* :func:`may_open_original`: who may open an original (the DPO; a consultant named in the live
  coverage of a retained original). Destroyed or still pending originals are refused by the caller.

Nothing here logs or returns file content; the audit event carries size and type, never a value.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.coverage import find_coverage
from intake_api.errors import ApiError
from intake_api.models import Job, UploadKey
from intake_api.need_to_know import may_see_ticket
from redactor.types import FileType
from retention import audit, vault
from sargas.clock import now
from sargas.models import ORIG_RETAINED, REJECTED, Attachment, Ticket
from sargas.principal import CONSULTANT, DPO, Principal

_REF = re.compile(r"^HD-\d{4}-\d{5,}$")
_ID = re.compile(r"^[0-9a-f]{32}$")


def visible_ticket(session: Session, ref: str, p: Principal) -> Ticket:
    t = session.scalar(select(Ticket).where(Ticket.ref == ref)) if _REF.match(ref) else None
    if t is None or not may_see_ticket(session, p, t):
        raise ApiError(404, "not_found", "No such ticket.")
    return t


def visible_attachment(session: Session, att_id: str, p: Principal) -> Attachment:
    a = session.get(Attachment, att_id) if _ID.match(att_id) else None
    if a is None or not may_see_ticket(session, p, a.ticket):
        raise ApiError(404, "not_found", "No such attachment.")
    return a


def register_upload(s: Session, writer: vault.VaultWriter, wrapped: bytes, sha: str, size: int, *,
                    attachment_id: str, ticket_id: str, organisation_id: str, ticket_ref: str,
                    filename: str, file_type: FileType, p: Principal) -> Attachment:
    """Record a finished upload: vault entry (pending), attachment, pipeline job, audit event."""
    entry = vault.register(
        s,
        writer,
        wrapped,
        sha,
        size,
        object_type="attachment",
        object_id=attachment_id,
        organisation_id=organisation_id,
        ticket_id=ticket_id,
    )
    s.flush()
    att = Attachment(
        id=attachment_id,
        ticket_id=ticket_id,
        organisation_id=organisation_id,
        uploader_id=p.user_id,
        filename=filename,
        file_type=file_type.value,
        size=size,
        sha256=sha,
        vault_entry_id=entry.id,
    )
    s.add(att)
    s.flush()
    s.add(Job(attachment_id=attachment_id))
    audit.record(
        s,
        p.user_id,
        "attachment.uploaded",
        "attachment",
        attachment_id,
        p.ip,
        {"ticket": ticket_ref, "size": size, "file_type": file_type.value},
        actor_role=p.role,
    )
    return att


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def replayed_upload(s: Session, p: Principal, ticket_id: str, key: str | None, sha: str | None = None,
                    window_seconds: float = 0.0) -> Attachment | None:
    """The first attachment of a retried upload, or None. With a key: the attachment that key
    created for this user on this ticket (forever). With a sha256: the newest not-rejected
    attachment of the same file by the same uploader on this ticket within the window."""
    if key:
        row = s.scalar(select(UploadKey).where(UploadKey.user_id == p.user_id,
                                               UploadKey.ticket_id == ticket_id,
                                               UploadKey.key_hash == key_hash(key)))
        if row is not None:
            return s.get(Attachment, row.attachment_id)
    if sha and window_seconds > 0:
        return s.scalar(select(Attachment).where(
            Attachment.ticket_id == ticket_id, Attachment.uploader_id == p.user_id, Attachment.sha256 == sha,
            Attachment.state != REJECTED, Attachment.created_at > now() - timedelta(seconds=window_seconds))
            .order_by(Attachment.created_at.desc()).limit(1))
    return None


def remember_key(s: Session, p: Principal, ticket_id: str, key: str, attachment_id: str) -> None:
    s.add(UploadKey(user_id=p.user_id, ticket_id=ticket_id, key_hash=key_hash(key),
                    attachment_id=attachment_id))


def may_open_original(session: Session, a: Attachment, p: Principal) -> bool:
    """The DPO always; a consultant only for a retained original whose live coverage names them."""
    if p.role == DPO:
        return True
    if p.role == CONSULTANT and a.original == ORIG_RETAINED:
        cov = find_coverage(session, organisation_id=a.organisation_id, ticket_id=a.ticket_id, at=now())
        return cov is not None and p.user_id in cov.consultant_ids
    return False

"""Invariants every scale-out run must keep, checked in the database and the object store."""

from __future__ import annotations

import boto3
from sqlalchemy import func, select

from intake_api.models import Job
from retention.audit import AuditEvent
from retention.vault import VaultEntry
from sargas.db import session_scope
from sargas.models import Attachment, RedactedCopy

from .stack import CORPUS, Stack


def s3_versions(stack: Stack, prefix: str) -> list[str]:
    bucket, _, base = stack.storage_url[len("s3://"):].partition("/")
    c = boto3.client("s3", endpoint_url=stack.s3_endpoint, region_name="us-east-1")
    resp = c.list_object_versions(Bucket=bucket, Prefix=f"{base}/{prefix}" if base else prefix)
    return [v["Key"] for v in resp.get("Versions", []) + resp.get("DeleteMarkers", [])]


def check_published_once(stack: Stack, att_id: str, original_name: str) -> None:
    """Published exactly once, redacted (never the original bytes), original destroyed exactly once,
    and the storage keeps no version of the original's ciphertext."""
    original = (CORPUS / original_name).read_bytes()
    with session_scope() as s:
        att = s.get(Attachment, att_id)
        assert att.state == "published" and att.original == "destroyed"
        copies = s.scalars(select(RedactedCopy).where(RedactedCopy.attachment_id == att_id)).all()
        assert len(copies) == 1
        entry = s.get(VaultEntry, att.vault_entry_id)
        assert entry.status == "destroyed" and entry.wrapped_key is None
        destroyed = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "original.destroyed", AuditEvent.object_id == entry.id))
        assert destroyed == 1
        published = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "attachment.published", AuditEvent.object_id == att_id))
        assert published == 1
        jobs = s.scalars(select(Job).where(Job.attachment_id == att_id)).all()
        assert [j.state for j in jobs] == ["done"]
        blob_key, vault_key = copies[0].blob_key, entry.blob_key
    r = stack.client.get(f"/api/v1/attachments/{att_id}/redacted", headers=stack.auth)
    assert r.status_code == 200 and r.content and r.content != original
    assert s3_versions(stack, vault_key) == []
    assert len(s3_versions(stack, blob_key)) == 1
    r = stack.client.get(f"/api/v1/attachments/{att_id}/original", headers=stack.auth)
    assert r.status_code in (403, 410)


def check_rejected(stack: Stack, att_id: str) -> None:
    with session_scope() as s:
        att = s.get(Attachment, att_id)
        assert att.state == "rejected" and att.original == "destroyed"
        assert s.scalar(select(func.count()).select_from(RedactedCopy)
                        .where(RedactedCopy.attachment_id == att_id)) == 0
        entry = s.get(VaultEntry, att.vault_entry_id)
        assert entry.status == "destroyed" and entry.wrapped_key is None
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "original.destroyed", AuditEvent.object_id == entry.id)) == 1
        vault_key = entry.blob_key
    assert s3_versions(stack, vault_key) == []
    assert s3_versions(stack, f"redacted/{att_id[:2]}/{att_id}") == []


def job_attempts(att_id: str) -> list[int]:
    with session_scope() as s:
        return [j.attempts for j in s.scalars(select(Job).where(Job.attachment_id == att_id))]

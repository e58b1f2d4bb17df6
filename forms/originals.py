"""Destroying the originals a transfer request or DPA kept, through ``retention.vault.destroy``.

An original is "under" a coverage when its vault entry carries that ``coverage_kind``/``coverage_id``
(the intake pipeline sets them via ``retention.vault.retain`` after :func:`forms.coverage.find_coverage`).
The attachment row mirrors the vault entry (``original = destroyed``). The caller commits and then
calls ``sargas.db.wal_checkpoint()`` so old key bytes do not linger in SQLite's WAL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from retention import vault
from retention.vault import DESTROYED, RETAINED, VaultEntry
from sargas.models import ORIG_DESTROYED, Attachment


def destroy_entry(session: Session, entry: VaultEntry, *, reason: str, actor: str | None = None,
                  ip: str | None = None) -> bool:
    """Crypto-shred one original and mark its attachment ``original: destroyed``. Idempotent."""
    done = vault.destroy(session, entry, reason=reason, actor=actor, ip=ip)
    if entry.status == vault.DESTROYED:  # not when a legal hold deferred it
        for att in session.scalars(select(Attachment).where(Attachment.vault_entry_id == entry.id)):
            att.original = ORIG_DESTROYED
    return done


def covered_entries(session: Session, *, kind: str, coverage_id: str) -> list[VaultEntry]:
    return list(session.scalars(
        select(VaultEntry).where(VaultEntry.coverage_kind == kind, VaultEntry.coverage_id == coverage_id,
                                 VaultEntry.status != DESTROYED)))


def destroy_covered(session: Session, *, kind: str, coverage_id: str, reason: str,
                    actor: str | None = None, ip: str | None = None) -> int:
    """Destroy every original kept under one request/DPA; returns how many were destroyed now."""
    return sum(destroy_entry(session, e, reason=reason, actor=actor, ip=ip)
               for e in covered_entries(session, kind=kind, coverage_id=coverage_id))


def set_retain_until(session: Session, *, kind: str, coverage_id: str, until: datetime | None) -> int:
    """Re-bound the originals kept under a coverage (e.g. provisional hold -> approved window)."""
    entries = covered_entries(session, kind=kind, coverage_id=coverage_id)
    for e in entries:
        e.retain_until = until
    return len(entries)


def overdue_entries(session: Session, *, kinds: tuple[str, ...], at: datetime) -> list[VaultEntry]:
    """Retained originals under ``kinds`` of coverage whose ``retain_until`` has passed."""
    return list(session.scalars(
        select(VaultEntry).where(VaultEntry.status == RETAINED, VaultEntry.coverage_kind.in_(kinds),
                                 VaultEntry.retain_until.is_not(None), VaultEntry.retain_until <= at)))

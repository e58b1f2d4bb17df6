"""The retention sweeper: finds everything due, destroys it, certifies it, tells the client.

``sweep(session_factory, clock, dry_run)`` is idempotent, safe with concurrent runs and resumable:

1. *claim* (one short transaction): due originals are leased with a conditional UPDATE
   (``lease_owner``/``lease_until``; only rows that are not destroyed and not under a live lease);
   on PostgreSQL the candidate rows are also read ``FOR UPDATE SKIP LOCKED``;
2. *destroy* (one transaction per object): re-check it is still ours, still due, not held; then
   ``vault.destroy`` flips the status with a conditional UPDATE (exactly once), deletes the blob,
   issues the certificate and the audit event, and the notice is queued in the same transaction;
3. redacted copies past their period, audit rows and certificates past theirs are removed likewise;
4. SQLite's WAL is checkpointed (TRUNCATE) so overwritten key pages do not linger in the -wal file.

A crash after the claim leaves a lease that expires after ``sweep_lease_seconds``; a crash inside a
destroy transaction rolls it back (a blob already deleted is simply deleted again), so the next run
finishes the work.

Scheduling: ``intake_api.schedule`` runs :func:`sweep` every ``sweep_interval_seconds`` (embedded
scheduler and Celery beat alike; every argument has a default). :func:`scheduler_tick` is the
throttled, never-raising form for a caller that may call it more often.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from retention import audit, audit_verify, certificates, holds, notices, policies
from retention.certificates import DestructionCertificate
from retention.vault import DESTROYED, PENDING, RETAINED, VaultEntry, delete_blob, destroy
from sargas.clock import as_utc, now
from sargas.db import wal_checkpoint
from sargas.models import PROCESSING, REJECTED, Attachment, RedactedCopy, Ticket
from sargas.settings import Settings, get_settings
from sargas.storage import BlobStore, get_blob_store

log = logging.getLogger("sargas.retention")
ACTOR = "system:retention"
CoverageEnd = Callable[[Session, VaultEntry], datetime | None]


@dataclass
class SweepReport:
    dry_run: bool
    owner: str
    at: str
    originals_destroyed: list[dict[str, Any]] = field(default_factory=list)
    originals_due: list[dict[str, Any]] = field(default_factory=list)  # dry run: would be destroyed
    originals_held: list[dict[str, Any]] = field(default_factory=list)
    redacted_deleted: list[dict[str, Any]] = field(default_factory=list)
    audit_pruned: int = 0
    certificates_pruned: int = 0
    notices: int = 0
    skipped: int = 0  # claimed by another sweeper / no longer due
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _candidates(session: Session, t: datetime, s: Settings, limit: int,
                all_retained: bool = False) -> list[VaultEntry]:
    """Coarse SQL filter (anything that might be due); the exact decision is :func:`_due`."""
    from retention.policies import RetentionPolicy as P

    min_pending = _shortest(session, P.pending_deadline_minutes, s.pending_deadline_minutes)
    min_covered = _shortest(session, P.covered_days_after_close, s.covered_days_after_close)
    closed_ticket = select(Ticket.id).where(Ticket.id == VaultEntry.ticket_id, Ticket.status == "closed",
                                            Ticket.closed_at <= t - timedelta(days=min_covered))
    retained_due = (VaultEntry.status == RETAINED) if all_retained else and_(  # a hook decides coverage ends
        VaultEntry.status == RETAINED, or_(VaultEntry.retain_until <= t, closed_ticket.exists()))
    q = (select(VaultEntry).where(
        VaultEntry.status != DESTROYED,
        or_(VaultEntry.lease_until.is_(None), VaultEntry.lease_until < t),
        or_(VaultEntry.destroy_due_at <= t,
            and_(VaultEntry.status == PENDING, VaultEntry.created_at <= t - timedelta(minutes=min_pending)),
            retained_due))
        .order_by(VaultEntry.created_at).limit(limit))
    if _is_pg(session):
        q = q.with_for_update(skip_locked=True)
    return list(session.scalars(q).all())


def _shortest(session: Session, column: Any, default: float) -> float:
    """The shortest period over the default and every organisation's override (coarse SQL filters)."""
    return min([default] + [v for v in session.scalars(select(column).where(column.is_not(None))).all()])


def _due(session: Session, e: VaultEntry, t: datetime, s: Settings,
         coverage_end: CoverageEnd | None) -> str | None:
    ticket = session.get(Ticket, e.ticket_id) if e.ticket_id else None
    end = coverage_end(session, e) if coverage_end is not None and e.status == RETAINED else None
    when, policy = policies.original_due(e, ticket, policies.effective(session, e.organisation_id, s), end)
    return policy if when is not None and when <= t else None


def _fact(e: VaultEntry, policy: str) -> dict[str, Any]:
    return {"vault_entry_id": e.id, "object_id": e.object_id, "policy": policy}


def _sweep_originals(session_factory: Callable[[], Session], t: datetime, s: Settings, rep: SweepReport,
                     store: BlobStore, coverage_end: CoverageEnd | None) -> None:
    lease = timedelta(seconds=s.sweep_lease_seconds)
    claimed: list[str] = []
    with session_factory() as session, session.begin():
        for e in _candidates(session, t, s, s.sweep_batch, all_retained=coverage_end is not None):
            policy = _due(session, e, t, s, coverage_end)
            if policy is None:
                continue
            if holds.is_held(session, e.organisation_id, e.ticket_id):
                rep.originals_held.append(_fact(e, policy))
                continue
            if rep.dry_run:
                rep.originals_due.append(_fact(e, policy))
                continue
            res = session.execute(
                update(VaultEntry).where(VaultEntry.id == e.id, VaultEntry.status != DESTROYED,
                                         or_(VaultEntry.lease_until.is_(None), VaultEntry.lease_until < t))
                .values(lease_owner=rep.owner, lease_until=t + lease)
                .execution_options(synchronize_session=False))
            if res.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(e.id)
            else:
                rep.skipped += 1
    for entry_id in claimed:
        try:
            _destroy_claimed(session_factory, entry_id, t, s, rep, store, coverage_end)
        except Exception as exc:  # noqa: BLE001 - one failure must not stop the sweep; lease expires
            rep.errors.append(f"original {entry_id}: {type(exc).__name__}")
            log.warning("retention: destroying vault entry %s failed: %s", entry_id, type(exc).__name__)


def _destroy_claimed(session_factory: Callable[[], Session], entry_id: str, t: datetime, s: Settings,
                     rep: SweepReport, store: BlobStore, coverage_end: CoverageEnd | None) -> None:
    with session_factory() as session, session.begin():
        e = session.get(VaultEntry, entry_id)
        if e is None or e.status == DESTROYED or e.lease_owner != rep.owner:
            rep.skipped += 1
            return
        policy = _due(session, e, t, s, coverage_end)
        if policy is None or holds.is_held(session, e.organisation_id, e.ticket_id):
            e.lease_owner = e.lease_until = None
            rep.skipped += 1
            return
        if not destroy(session, e, reason=policy, actor=ACTOR, store=store):
            rep.skipped += 1
            return
        rep.originals_destroyed.append(_fact(e, policy))
        att = session.get(Attachment, e.object_id) if e.object_type == "attachment" and e.object_id else None
        if att is not None:
            failed = att.state in (PROCESSING, REJECTED)
            if policy == policies.PENDING_DEADLINE and att.state == PROCESSING:
                att.state, att.error_code = REJECTED, "processing_deadline"
                att.error_message = "Processing did not finish in time; the original was destroyed."
            if policy != policies.UNCOVERED_ON_PUBLISH:
                rep.notices += notices.original_destroyed(session, att, policy, processing_failed=failed)


def _sweep_redacted(session_factory: Callable[[], Session], t: datetime, s: Settings, rep: SweepReport,
                    store: BlobStore) -> None:
    from retention.policies import RetentionPolicy as P

    with session_factory() as session:
        keep = _shortest(session, P.redacted_keep_days_after_close, s.redacted_keep_days_after_close)
        rows = session.execute(
            select(RedactedCopy.id, Attachment.organisation_id, Attachment.ticket_id)
            .join(Attachment, Attachment.id == RedactedCopy.attachment_id)
            .join(Ticket, Ticket.id == Attachment.ticket_id)
            .where(RedactedCopy.deleted_at.is_(None), Ticket.status == "closed",
                   Ticket.closed_at <= t - timedelta(days=keep))
            .order_by(Ticket.closed_at).limit(s.sweep_batch)).all()
    for copy_id, org_id, ticket_id in rows:
        try:
            with session_factory() as session, session.begin():
                ticket = session.get(Ticket, ticket_id)
                due = policies.redacted_due(ticket, policies.effective(session, org_id, s))
                if due is None or due > t:
                    continue
                if holds.is_held(session, org_id, ticket_id):
                    continue
                if rep.dry_run:
                    rep.redacted_deleted.append({"redacted_copy_id": copy_id, "would_delete": True})
                    continue
                res = session.execute(update(RedactedCopy).where(RedactedCopy.id == copy_id,
                                                                 RedactedCopy.deleted_at.is_(None))
                                      .values(deleted_at=now()).execution_options(synchronize_session=False))
                if res.rowcount != 1:  # type: ignore[attr-defined]
                    rep.skipped += 1
                    continue
                c = session.get(RedactedCopy, copy_id)
                assert c is not None
                delete_blob(store, c.blob_key)
                certificates.issue(session, object_type="redacted_copy", object_id=c.id, vault_entry_id=None,
                                   sha256=c.sha256, size=c.size, created_at=c.created_at,
                                   destroyed_at=as_utc(c.deleted_at) or now(),
                                   policy=policies.REDACTED_AFTER_CLOSE, actor=ACTOR,
                                   organisation_id=org_id, ticket_id=ticket_id)
                audit.record(session, ACTOR, "redacted.deleted", "redacted_copy", c.id, None,
                             {"attachment_id": c.attachment_id, "policy": policies.REDACTED_AFTER_CLOSE})
                rep.redacted_deleted.append({"redacted_copy_id": copy_id, "attachment_id": c.attachment_id})
        except Exception as exc:  # noqa: BLE001
            rep.errors.append(f"redacted {copy_id}: {type(exc).__name__}")


def _prune(session_factory: Callable[[], Session], t: datetime, s: Settings, rep: SweepReport) -> None:
    with session_factory() as session, session.begin():
        rep.audit_pruned = audit_verify.prune(session, t, s, dry_run=rep.dry_run)
    cutoff = t - timedelta(days=s.certificate_keep_days)
    with session_factory() as session, session.begin():
        cond = DestructionCertificate.destroyed_at < cutoff
        if rep.dry_run:
            rep.certificates_pruned = session.scalar(
                select(func.count()).select_from(DestructionCertificate).where(cond)) or 0
            return
        res = session.execute(delete(DestructionCertificate).where(cond).execution_options(
            synchronize_session=False))
        rep.certificates_pruned = int(res.rowcount or 0)  # type: ignore[attr-defined]
        if rep.certificates_pruned:
            audit.record(session, ACTOR, "certificates.pruned", "certificate", None, None,
                         {"rows": rep.certificates_pruned})


def sweep(session_factory: Callable[[], Session] | None = None, clock: Callable[[], datetime] = now,
          dry_run: bool = False, *, settings: Settings | None = None, store: BlobStore | None = None,
          coverage_end: CoverageEnd | None = None) -> SweepReport:
    """Run one retention pass. ``clock`` decides what is due (records use ``sargas.clock``).

    ``session_factory`` defaults to the process-wide one (so ``sweep()`` works as a Celery entry point).
    ``coverage_end(session, entry)`` may return the live end of a retained entry's coverage (forms
    passes it; otherwise ``vault_entries.retain_until`` is used, which forms keeps current).
    """
    if session_factory is None:
        from sargas.db import session_factory as _default_factory

        session_factory = _default_factory()
    s = settings or get_settings()
    t = clock()
    rep = SweepReport(dry_run=dry_run, owner=f"{os.getpid()}-{secrets.token_hex(4)}", at=t.isoformat())
    store = store or get_blob_store(s)
    _sweep_originals(session_factory, t, s, rep, store, coverage_end)
    _sweep_redacted(session_factory, t, s, rep, store)
    try:
        _prune(session_factory, t, s, rep)
    except Exception as exc:  # noqa: BLE001
        rep.errors.append(f"prune: {type(exc).__name__}")
    if not dry_run and (rep.originals_destroyed or rep.redacted_deleted or rep.audit_pruned):
        with session_factory() as session:
            wal_checkpoint(session)
    if rep.originals_destroyed or rep.redacted_deleted or rep.errors:
        log.info("retention sweep: %d originals destroyed, %d held, %d redacted copies deleted, %d errors",
                 len(rep.originals_destroyed), len(rep.originals_held), len(rep.redacted_deleted),
                 len(rep.errors))
    return rep


_tick_lock = threading.Lock()
_last_tick = 0.0


def scheduler_tick(coverage_end: CoverageEnd | None = None, force: bool = False) -> SweepReport | None:
    """For the embedded scheduler: call as often as you like; runs :func:`sweep` at most once every
    ``sweep_interval_seconds`` (per process; concurrent processes are safe anyway). Never raises."""
    global _last_tick
    from sargas.db import session_factory

    s = get_settings()
    mono = time.monotonic()
    if not _tick_lock.acquire(blocking=False):
        return None
    try:
        if not force and _last_tick and mono - _last_tick < s.sweep_interval_seconds:
            return None
        _last_tick = mono
        return sweep(session_factory(), now, False, settings=s, coverage_end=coverage_end)
    except Exception as exc:  # noqa: BLE001 - the scheduler must keep running
        log.error("retention sweep failed: %s", type(exc).__name__)
        return None
    finally:
        _tick_lock.release()

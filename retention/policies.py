"""Retention policies: when each kind of object falls due for destruction.

Defaults come from settings; an organisation may override them (``retention_policies`` row, set by a
DPO/admin via :func:`set_policy`, audited).

* uncovered original: destroyed as soon as the redacted copy is published — the intake pipeline calls
  :func:`destroy_uncovered_original` (or ``vault.destroy`` directly);
* pending original past ``pending_deadline_minutes`` (stuck job): destroyed, client told (fail closed);
* covered (retained) original: destroyed at the end of its coverage (``vault_entries.retain_until``,
  kept current by forms; or a ``coverage_end`` hook passed to the sweeper) or
  ``covered_days_after_close`` days after its ticket closes, whichever comes first;
* redacted copies: kept while the ticket is open and ``redacted_keep_days_after_close`` after;
* audit events / certificates: ``audit_keep_days`` / ``certificate_keep_days`` (global).

An active legal hold on the ticket or organisation blocks all of the above until lifted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from retention import audit
from retention.vault import DESTROYED, PENDING, RETAINED, VaultEntry, destroy
from sargas.clock import as_utc, now
from sargas.db import Base, UTCDateTime
from sargas.models import Ticket
from sargas.settings import Settings, get_settings

# policy codes (also used in certificates and audit details)
UNCOVERED_ON_PUBLISH = "uncovered_on_publish"
PENDING_DEADLINE = "pending_deadline"
COVERAGE_ENDED = "coverage_ended"
TICKET_CLOSED = "ticket_closed"
REDACTED_AFTER_CLOSE = "redacted_after_close"


class RetentionPolicy(Base):
    """Per-organisation overrides; NULL = the settings default."""

    __tablename__ = "retention_policies"

    organisation_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    pending_deadline_minutes: Mapped[float | None] = mapped_column(Float)
    covered_days_after_close: Mapped[int | None] = mapped_column(Integer)
    redacted_keep_days_after_close: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=now)
    updated_by: Mapped[str | None] = mapped_column(String(64))


@dataclass(frozen=True)
class Policy:
    pending_deadline: timedelta
    covered_after_close: timedelta
    redacted_after_close: timedelta


def effective(session: Session, organisation_id: str | None, settings: Settings | None = None) -> Policy:
    s = settings or get_settings()
    row = session.get(RetentionPolicy, organisation_id) if organisation_id else None

    def pick(name: str, default: float) -> float:
        v = getattr(row, name, None) if row is not None else None
        return default if v is None else v

    return Policy(
        pending_deadline=timedelta(minutes=pick("pending_deadline_minutes", s.pending_deadline_minutes)),
        covered_after_close=timedelta(days=pick("covered_days_after_close", s.covered_days_after_close)),
        redacted_after_close=timedelta(days=pick("redacted_keep_days_after_close",
                                                 s.redacted_keep_days_after_close)))


def set_policy(session: Session, organisation_id: str, *, actor: str, actor_role: str | None = None,
               pending_deadline_minutes: float | None = None, covered_days_after_close: int | None = None,
               redacted_keep_days_after_close: int | None = None) -> RetentionPolicy:
    """Set (or clear, with None) an organisation's overrides; audited."""
    for v in (pending_deadline_minutes, covered_days_after_close, redacted_keep_days_after_close):
        if v is not None and v < 0:
            raise ValueError("retention periods cannot be negative")
    row = session.get(RetentionPolicy, organisation_id) or RetentionPolicy(organisation_id=organisation_id)
    row.pending_deadline_minutes = pending_deadline_minutes
    row.covered_days_after_close = covered_days_after_close
    row.redacted_keep_days_after_close = redacted_keep_days_after_close
    row.updated_at, row.updated_by = now(), actor
    session.add(row)
    audit.record(session, actor, "retention.policy_set", "organisation", organisation_id, None,
                 {"pending_deadline_minutes": pending_deadline_minutes,
                  "covered_days_after_close": covered_days_after_close,
                  "redacted_keep_days_after_close": redacted_keep_days_after_close}, actor_role=actor_role)
    return row


def original_due(entry: VaultEntry, ticket: Ticket | None, policy: Policy,
                 coverage_end: datetime | None = None) -> tuple[datetime | None, str | None]:
    """(when the original falls due, policy code) — ``(None, None)`` if no policy applies yet."""
    if entry.status == DESTROYED:
        return None, None
    candidates: list[tuple[datetime, str]] = []
    if entry.destroy_due_at is not None:  # deferred by a legal hold, or scheduled by forms/intake
        candidates.append((as_utc(entry.destroy_due_at), entry.destroy_due_reason or "manual"))  # type: ignore[arg-type]
    if entry.status == PENDING:
        candidates.append((as_utc(entry.created_at) + policy.pending_deadline, PENDING_DEADLINE))  # type: ignore[operator]
    elif entry.status == RETAINED:
        end = coverage_end if coverage_end is not None else entry.retain_until
        if end is not None:
            candidates.append((as_utc(end), COVERAGE_ENDED))  # type: ignore[arg-type]
        if ticket is not None and ticket.status == "closed" and ticket.closed_at is not None:
            candidates.append((as_utc(ticket.closed_at) + policy.covered_after_close, TICKET_CLOSED))  # type: ignore[operator]
    if not candidates:
        return None, None
    return min(candidates, key=lambda c: c[0])


def redacted_due(ticket: Ticket | None, policy: Policy) -> datetime | None:
    if ticket is None or ticket.status != "closed" or ticket.closed_at is None:
        return None
    return as_utc(ticket.closed_at) + policy.redacted_after_close  # type: ignore[operator]


def destroy_uncovered_original(session: Session, entry: VaultEntry, *, actor: str | None = None) -> str:
    """The intake rule, called once the redacted copy is published and no coverage applies.

    Returns ``"destroyed"`` or ``"held"`` (a legal hold defers destruction; the original then counts
    as retained until the hold is lifted and the sweeper destroys it). The caller commits.
    """
    if entry.status == DESTROYED:
        return "destroyed"
    return "destroyed" if destroy(session, entry, reason=UNCOVERED_ON_PUBLISH, actor=actor) else "held"

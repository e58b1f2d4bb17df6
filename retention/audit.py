"""Append-only audit log: who did what to which object, when and from where — never content.

Rows are only ever inserted. Every row is hash-chained: ``row_hash = sha256(prev_hash + canonical
row)`` where the canonical row is sorted-key JSON of every column (``seq`` included). ``seq`` is
assigned by the chain itself at flush time, contiguously, so a deleted row shows both as a gap and as
a broken link, and an edited row no longer matches its hash. The head of the chain (last seq and hash)
and the anchor (where pruning cut the log; signed by the retention key) live in ``audit_chain``.

Appends are serialised: on SQLite every write transaction starts with ``BEGIN IMMEDIATE`` (one writer
at a time); on PostgreSQL the chain-head row is read ``FOR UPDATE``. ``details`` holds small scalar
facts (counts, codes, ids), never document text or personal values. Verification and export live in
``retention.audit_verify``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, Text, event, func, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from sargas.clock import now
from sargas.db import Base, UTCDateTime

SYSTEM = "system"
GENESIS = "0" * 64
_order = itertools.count()


class AuditEvent(Base):
    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                     autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))  # user id, or "system" / "system:<component>"
    actor_role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    ip: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


def _clean(details: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in (details or {}).items():
        if isinstance(v, dict):
            v = {str(kk): vv for kk, vv in v.items() if isinstance(vv, int | float | bool | str | None)}
        elif isinstance(v, list | tuple):
            v = [x for x in v if isinstance(x, int | float | bool | str | None)]
        elif not isinstance(v, int | float | bool | str | None):
            v = str(v)
        out[str(k)] = v
    return out


def record(session: Session, actor: str | None, action: str, object_type: str, object_id: str | None,
           ip: str | None = None, details: dict[str, Any] | None = None, *,
           actor_role: str | None = None, at: datetime | None = None) -> AuditEvent:
    """Append one audit event to the session (the caller's transaction commits it)."""
    ev = AuditEvent(at=at or now(), actor=actor or SYSTEM, actor_role=actor_role, action=action,
                    object_type=object_type, object_id=object_id, ip=ip, details=_clean(details))
    ev._chain_order = next(_order)  # type: ignore[attr-defined]  # append order within the session
    session.add(ev)
    return ev


class AuditChain(Base):
    """One row (id 1): the chain head and the pruning anchor."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    head_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    head_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)
    anchor_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    anchor_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)
    anchor_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anchor_signature: Mapped[str | None] = mapped_column(Text)  # Ed25519 over the anchor (see audit_verify)
    pruned_rows: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)


def canonical_time(at: datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_row(seq: int, at: datetime, actor: str, actor_role: str | None, action: str,
                  object_type: str, object_id: str | None, ip: str | None,
                  details: dict[str, Any] | None) -> bytes:
    doc = {"seq": int(seq), "at": canonical_time(at), "actor": actor, "actor_role": actor_role,
           "action": action, "object_type": object_type, "object_id": object_id, "ip": ip,
           "details": details or {}}
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_hash(prev_hash: str, canonical: bytes) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical).hexdigest()


def hash_event(ev: AuditEvent, prev_hash: str) -> str:
    return row_hash(prev_hash, canonical_row(ev.seq, ev.at, ev.actor, ev.actor_role, ev.action,
                                             ev.object_type, ev.object_id, ev.ip, ev.details))


def lock_head(session: Session) -> tuple[int, str]:
    """Read (and on PostgreSQL lock) the chain head; creates it on first use."""
    conn = session.connection()
    t = AuditChain.__table__
    row = conn.execute(select(t.c.head_seq, t.c.head_hash).where(t.c.id == 1).with_for_update()).first()
    if row is None:
        # First append on a database created without the migration: start after any unchained rows.
        last = conn.execute(select(func.max(AuditEvent.__table__.c.seq))).scalar() or 0
        conn.execute(insert(t).values(id=1, head_seq=last, head_hash=GENESIS, anchor_seq=last,
                                      anchor_hash=GENESIS, pruned_rows=0))
        return int(last), GENESIS  # the inserted row stays locked by this transaction
    return int(row[0]), str(row[1])


@event.listens_for(Session, "before_flush")
def _chain_new_events(session: Session, _ctx: object, _instances: object) -> None:
    new = [o for o in session.new if isinstance(o, AuditEvent) and o.row_hash is None]
    if not new:
        return
    new.sort(key=lambda e: getattr(e, "_chain_order", -1))
    seq, prev = lock_head(session)
    for ev in new:
        seq += 1
        ev.at = ev.at or now()
        ev.actor = ev.actor or SYSTEM
        ev.details = _clean(ev.details)
        ev.seq, ev.prev_hash = seq, prev
        ev.row_hash = prev = hash_event(ev, prev)
    t = AuditChain.__table__
    session.connection().execute(update(t).where(t.c.id == 1).values(head_seq=seq, head_hash=prev))

"""Append-only audit log: who did what to which object, when and from where — never content.

Rows are only ever inserted. ``seq`` orders them; ``prev_hash``/``row_hash`` are reserved for the
hash chain the retention issue adds (``record`` leaves them empty for now). ``details`` holds small
scalar facts (counts, codes, ids), never document text or personal values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from retention.clock import now
from retention.db import Base, UTCDateTime

SYSTEM = "system"


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
    session.add(ev)
    return ev

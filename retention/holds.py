"""Legal holds: an admin or DPO places a hold (with a reason) on a ticket or a whole organisation;
nothing under an active hold is destroyed — originals, redacted copies — until it is lifted. Placing
and lifting are audited; the reason is stored for the DPO but never copied into the audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, String, Text, and_, exists, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from retention import audit
from sargas.clock import now
from sargas.db import Base, UTCDateTime, new_id

TICKET, ORGANISATION = "ticket", "organisation"


class HoldError(ValueError):
    pass


class LegalHold(Base):
    __tablename__ = "legal_holds"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    scope: Mapped[str] = mapped_column(String(16))  # ticket | organisation
    organisation_id: Mapped[str] = mapped_column(String(32), index=True)
    ticket_id: Mapped[str | None] = mapped_column(String(32), index=True)
    reason: Mapped[str] = mapped_column(Text)
    placed_by: Mapped[str] = mapped_column(String(64))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    lifted_by: Mapped[str | None] = mapped_column(String(64))
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    lift_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def active(self) -> bool:
        return self.lifted_at is None


def place(session: Session, *, actor: str, actor_role: str | None, reason: str,
          organisation_id: str, ticket_id: str | None = None, ip: str | None = None) -> LegalHold:
    reason = (reason or "").strip()
    if not reason:
        raise HoldError("a legal hold needs a reason")
    hold = LegalHold(scope=TICKET if ticket_id else ORGANISATION, organisation_id=organisation_id,
                     ticket_id=ticket_id, reason=reason[:4000], placed_by=actor, placed_at=now())
    session.add(hold)
    session.flush()
    audit.record(session, actor, "legal_hold.placed", "legal_hold", hold.id, ip,
                 {"scope": hold.scope, "organisation_id": organisation_id, "ticket_id": ticket_id},
                 actor_role=actor_role)
    return hold


def lift(session: Session, hold: LegalHold, *, actor: str, actor_role: str | None, reason: str,
         ip: str | None = None) -> LegalHold:
    if hold.lifted_at is not None:
        raise HoldError("this legal hold has already been lifted")
    reason = (reason or "").strip()
    if not reason:
        raise HoldError("lifting a legal hold needs a reason")
    hold.lifted_at, hold.lifted_by, hold.lift_reason = now(), actor, reason[:4000]
    audit.record(session, actor, "legal_hold.lifted", "legal_hold", hold.id, ip,
                 {"scope": hold.scope, "organisation_id": hold.organisation_id, "ticket_id": hold.ticket_id},
                 actor_role=actor_role)
    return hold


def held_clause(organisation_col: ColumnElement, ticket_col: ColumnElement) -> ColumnElement[bool]:
    """SQL: "an active hold covers this row's organisation or ticket" (for the sweeper's queries)."""
    return exists(select(LegalHold.id).where(
        LegalHold.lifted_at.is_(None),
        or_(and_(LegalHold.scope == ORGANISATION, LegalHold.organisation_id == organisation_col),
            and_(LegalHold.scope == TICKET, LegalHold.ticket_id == ticket_col))))


def is_held(session: Session, organisation_id: str | None, ticket_id: str | None) -> bool:
    conds = []
    if organisation_id:
        conds.append(and_(LegalHold.scope == ORGANISATION, LegalHold.organisation_id == organisation_id))
    if ticket_id:
        conds.append(and_(LegalHold.scope == TICKET, LegalHold.ticket_id == ticket_id))
    if not conds:
        return False
    q = select(LegalHold.id).where(LegalHold.lifted_at.is_(None), or_(*conds)).limit(1)
    return session.scalars(q).first() is not None


def active_holds(session: Session, organisation_id: str | None = None) -> list[LegalHold]:
    q = select(LegalHold).where(LegalHold.lifted_at.is_(None)).order_by(LegalHold.placed_at)
    if organisation_id:
        q = q.where(LegalHold.organisation_id == organisation_id)
    return list(session.scalars(q).all())

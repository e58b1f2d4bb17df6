"""Retention endpoints (included by the intake app, which supplies the real ``current_principal``):

* ``GET  /api/v1/attachments/{id}/certificate`` (DPO) — the signed destruction certificate;
* ``POST /api/v1/legal-holds`` {ticket | organisation_id, reason}, ``GET /api/v1/legal-holds``,
  ``GET /api/v1/legal-holds/{id}``, ``POST /api/v1/legal-holds/{id}/lift`` {reason} (admin, DPO);
* ``GET  /api/v1/audit/export?from=&to=&format=csv|json``, ``GET /api/v1/audit/verify`` (DPO);
* ``GET/PUT /api/v1/organisations/{id}/retention-policy`` (admin, DPO);
* ``GET  /api/v1/retention/public-key`` (admin, DPO) — to pin when verifying certificates offline.
"""

from __future__ import annotations

import base64
import io
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from retention import audit, audit_verify, certificates, holds, keys, policies
from sargas import paging
from sargas.deps import SESSION
from sargas.disposition import content_disposition
from sargas.models import Attachment, Organisation, Ticket
from sargas.principal import ADMIN, DPO, Principal, current_principal

router = APIRouter(prefix="/api/v1", tags=["retention"])


def _require(p: Principal, *roles: str) -> None:
    if p.role not in roles:
        raise HTTPException(403, "Only " + " or ".join(r.upper() if r == DPO else r for r in roles)
                            + " may do this.")


@router.get("/attachments/{attachment_id}/certificate")
def get_certificate(attachment_id: str, p: Principal = Depends(current_principal),
                    session: Session = SESSION) -> dict[str, Any]:
    _require(p, DPO)
    if session.get(Attachment, attachment_id) is None:
        raise HTTPException(404, "No such attachment.")
    cert = session.scalars(select(certificates.DestructionCertificate).where(
        certificates.DestructionCertificate.object_type == "attachment",
        certificates.DestructionCertificate.object_id == attachment_id)).first()
    if cert is None:
        raise HTTPException(404, "The original has not been destroyed, so there is no certificate yet.")
    audit.record(session, p.user_id, "certificate.viewed", "attachment", attachment_id, p.ip, {},
                 actor_role=p.role)
    session.commit()
    return certificates.to_json(cert)


# --- legal holds ------------------------------------------------------------------------------------

class HoldIn(BaseModel):
    ticket: str | None = Field(None, description="ticket reference (e.g. HD-2026-00417) or id")
    organisation_id: str | None = None
    reason: str = Field(..., min_length=1, max_length=4000)


class LiftIn(BaseModel):
    reason: str = Field(..., min_length=1, max_length=4000)


def _hold_out(h: holds.LegalHold) -> dict[str, Any]:
    return {"id": h.id, "scope": h.scope, "organisation_id": h.organisation_id, "ticket_id": h.ticket_id,
            "reason": h.reason, "placed_by": h.placed_by, "placed_at": h.placed_at.isoformat(),
            "active": h.active, "lifted_by": h.lifted_by,
            "lifted_at": h.lifted_at.isoformat() if h.lifted_at else None, "lift_reason": h.lift_reason}


@router.post("/legal-holds", status_code=201)
def place_hold(body: HoldIn, p: Principal = Depends(current_principal),
               session: Session = SESSION) -> dict[str, Any]:
    _require(p, ADMIN, DPO)
    if bool(body.ticket) == bool(body.organisation_id):
        raise HTTPException(422, "Give either a ticket or an organisation_id.")
    ticket_id = None
    if body.ticket:
        q = select(Ticket).where((Ticket.ref == body.ticket) | (Ticket.id == body.ticket))
        t = session.scalars(q).first()
        if t is None:
            raise HTTPException(404, "No such ticket.")
        org_id, ticket_id = t.organisation_id, t.id
    else:
        if session.get(Organisation, body.organisation_id) is None:
            raise HTTPException(404, "No such organisation.")
        org_id = body.organisation_id  # type: ignore[assignment]
    try:
        h = holds.place(session, actor=p.user_id, actor_role=p.role, reason=body.reason,
                        organisation_id=org_id, ticket_id=ticket_id, ip=p.ip)
    except holds.HoldError as exc:
        raise HTTPException(422, str(exc)) from None
    session.commit()
    return _hold_out(h)


@router.get("/legal-holds")
def list_holds(request: Request, response: Response, active: bool = Query(True),
               cursor: str | None = Query(None, max_length=200), limit: int = 100,
               p: Principal = Depends(current_principal),
               session: Session = SESSION) -> list[dict[str, Any]]:
    """Newest first, paged by cursor (``X-Total-Count``, ``X-Next-Cursor``, ``Link``; issue 19.4)."""
    _require(p, ADMIN, DPO)
    q = select(holds.LegalHold)
    if active:
        q = q.where(holds.LegalHold.lifted_at.is_(None))
    try:
        got = paging.page(session, q, holds.LegalHold.placed_at, holds.LegalHold.id, cursor=cursor,
                          limit=paging.clamp(limit, 100))
    except paging.BadCursor:
        raise HTTPException(422, "The cursor is not valid; start again from the first page.") from None
    response.headers.update(paging.headers(got, str(request.url)))
    return [_hold_out(h) for h in got.rows]


@router.get("/legal-holds/{hold_id}")
def get_hold(hold_id: str, p: Principal = Depends(current_principal),
             session: Session = SESSION) -> dict[str, Any]:
    _require(p, ADMIN, DPO)
    h = session.get(holds.LegalHold, hold_id)
    if h is None:
        raise HTTPException(404, "No such legal hold.")
    return _hold_out(h)


@router.post("/legal-holds/{hold_id}/lift")
def lift_hold(hold_id: str, body: LiftIn, p: Principal = Depends(current_principal),
              session: Session = SESSION) -> dict[str, Any]:
    _require(p, ADMIN, DPO)
    h = session.get(holds.LegalHold, hold_id)
    if h is None:
        raise HTTPException(404, "No such legal hold.")
    try:
        holds.lift(session, h, actor=p.user_id, actor_role=p.role, reason=body.reason, ip=p.ip)
    except holds.HoldError as exc:
        raise HTTPException(409, str(exc)) from None
    session.commit()
    return _hold_out(h)


# --- audit --------------------------------------------------------------------------------------------

@router.get("/audit/export")
def export_audit(start: datetime | None = Query(None, alias="from"),
                 end: datetime | None = Query(None, alias="to"),
                 fmt: str = Query("json", alias="format", pattern="^(csv|json)$"),
                 p: Principal = Depends(current_principal),
                 session: Session = SESSION) -> Response:
    _require(p, DPO)
    buf = io.StringIO()
    n = audit_verify.write_export(audit_verify.export_rows(session, start, end), fmt, buf)
    audit.record(session, p.user_id, "audit.exported", "audit", None, p.ip, {"rows": n, "format": fmt},
                 actor_role=p.role)
    session.commit()
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return Response(buf.getvalue(), media_type=media,
                    headers={"Content-Disposition": content_disposition(f"sargas-audit.{fmt}")})


@router.get("/audit/verify")
def verify_audit(p: Principal = Depends(current_principal),
                 session: Session = SESSION) -> dict[str, Any]:
    _require(p, DPO)
    return audit_verify.verify_chain(session).to_dict()


# --- policies and keys -------------------------------------------------------------------------------

class PolicyIn(BaseModel):
    # upper bounds: ten years; beyond that a date overflows (and no policy means it)
    pending_deadline_minutes: float | None = Field(None, ge=1, le=10 * 366 * 24 * 60)
    covered_days_after_close: int | None = Field(None, ge=0, le=10 * 366)
    redacted_keep_days_after_close: int | None = Field(None, ge=0, le=10 * 366)


def _policy_out(session: Session, org_id: str) -> dict[str, Any]:
    eff = policies.effective(session, org_id)
    row = session.get(policies.RetentionPolicy, org_id)
    return {"organisation_id": org_id,
            "overrides": PolicyIn.model_validate(row, from_attributes=True).model_dump() if row else {},
            "effective": {"pending_deadline_minutes": eff.pending_deadline.total_seconds() / 60,
                          "covered_days_after_close": eff.covered_after_close.days,
                          "redacted_keep_days_after_close": eff.redacted_after_close.days}}


@router.get("/organisations/{org_id}/retention-policy")
def get_policy(org_id: str, p: Principal = Depends(current_principal),
               session: Session = SESSION) -> dict[str, Any]:
    _require(p, ADMIN, DPO)
    if session.get(Organisation, org_id) is None:
        raise HTTPException(404, "No such organisation.")
    return _policy_out(session, org_id)


@router.put("/organisations/{org_id}/retention-policy")
def put_policy(org_id: str, body: PolicyIn, p: Principal = Depends(current_principal),
               session: Session = SESSION) -> dict[str, Any]:
    _require(p, ADMIN, DPO)
    if session.get(Organisation, org_id) is None:
        raise HTTPException(404, "No such organisation.")
    policies.set_policy(session, org_id, actor=p.user_id, actor_role=p.role, **body.model_dump())
    session.commit()
    return _policy_out(session, org_id)


@router.get("/retention/public-key")
def public_key(p: Principal = Depends(current_principal)) -> dict[str, str]:
    _require(p, ADMIN, DPO)
    sk = keys.load_signing_key()
    raw = keys.public_bytes(sk.public_key())
    return {"algorithm": "Ed25519", "public_key": base64.b64encode(raw).decode(),
            "fingerprint": keys.fingerprint(raw), "pem": keys.public_pem(sk)}

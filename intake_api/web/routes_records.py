"""Records for the DPO (and admin where the API allows it): legal holds, the audit log with filters
and export, destruction certificates. The retention API's own endpoint functions do the work."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from intake_api.web import listing, records
from intake_api.web.common import FORM, Page, WebDenied, require
from retention import api as retention_api
from retention import holds
from retention.audit import AuditEvent
from retention.certificates import DestructionCertificate
from sargas.disposition import content_disposition
from sargas.models import Attachment, Organisation, Ticket, User
from sargas.principal import ADMIN, DPO

router = APIRouter()
PAGE_SIZE = 100


# --- legal holds --------------------------------------------------------------------------------


def _holds_page(page: Page, status: int = 200, error: str | None = None) -> Response:
    show_all = page.request.query_params.get("all") == "1"
    q = select(holds.LegalHold)
    if not show_all:
        q = q.where(holds.LegalHold.lifted_at.is_(None))
    if org := page.request.query_params.get("org"):
        q = q.where(holds.LegalHold.organisation_id == org)
    pager = listing.paged(page, q, holds.LegalHold.placed_at, holds.LegalHold.id)
    rows = pager.rows
    orgs = page.db.scalars(select(Organisation).order_by(Organisation.name)).all()
    tickets = {
        t.id: t.ref
        for t in page.db.scalars(
            select(Ticket).where(Ticket.id.in_([h.ticket_id for h in rows if h.ticket_id]))
        ).all()
    }
    return page.render(
        "holds.html",
        status=status,
        holds=rows,
        orgs=orgs,
        org_names={o.id: o.name for o in orgs},
        tickets=tickets,
        show_all=show_all,
        error=error,
        pager=pager,
    )


@router.get("/dpo/holds")
def holds_list(page: Page = Depends(require(DPO, ADMIN))) -> Response:
    return _holds_page(page)


@router.post("/dpo/holds")
def hold_place(
    request: Request, form: FormData = FORM, page: Page = Depends(require(DPO, ADMIN)),
) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    ticket = str(form.get("ticket") or "").strip() or None
    org_id = None if ticket else (str(form.get("organisation_id") or "") or None)
    reason = str(form.get("reason") or "").strip()
    if not reason:
        return _holds_page(page, 422, page._("Give a reason."))
    try:
        body = retention_api.HoldIn(ticket=ticket, organisation_id=org_id, reason=reason[:4000])
        retention_api.place_hold(body, p=page.principal, session=page.db)
    except HTTPException as exc:
        page.db.rollback()
        return _holds_page(
            page,
            exc.status_code,
            page._("No such ticket or organisation.")
            if exc.status_code == 404
            else page._("Please check the form and try again."),
        )
    return page.redirect("/dpo/holds", flash="saved")


@router.post("/dpo/holds/{hold_id}/lift")
def hold_lift(
    hold_id: str, request: Request, form: FormData = FORM, page: Page = Depends(require(DPO, ADMIN)),
) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    reason = str(form.get("reason") or "").strip()
    if not reason:
        return _holds_page(page, 422, page._("Give a reason."))
    try:
        retention_api.lift_hold(
            hold_id, retention_api.LiftIn(reason=reason[:4000]), p=page.principal, session=page.db
        )
    except HTTPException:
        page.db.rollback()
        return _holds_page(page, 409, page._("This legal hold cannot be lifted."))
    return page.redirect("/dpo/holds", flash="saved")


# --- audit log ----------------------------------------------------------------------------------


def _day(value: str | None, end: bool = False) -> datetime | None:
    try:
        d = datetime.strptime((value or "").strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None
    return d + timedelta(days=1) if end else d


@router.get("/dpo/audit")
def audit_log(page: Page = Depends(require(DPO))) -> Response:
    qp = page.request.query_params
    start, end = _day(qp.get("from")), _day(qp.get("to"), end=True)
    q = select(AuditEvent).order_by(AuditEvent.seq.desc())
    if start:
        q = q.where(AuditEvent.at >= start)
    if end:
        q = q.where(AuditEvent.at < end)
    if action := (qp.get("action") or "").strip():
        q = q.where(AuditEvent.action.like(action.replace("%", "") + "%"))
    if obj := (qp.get("object") or "").strip():
        q = q.where(AuditEvent.object_id == obj)
    if actor := (qp.get("actor") or "").strip():
        user = page.db.scalar(select(User).where(User.email == actor.lower()))
        q = q.where(AuditEvent.actor == (user.id if user else actor))
    before = qp.get("before")
    if before and before.isdigit():
        q = q.where(AuditEvent.seq < int(before))
    rows = page.db.scalars(q.limit(PAGE_SIZE)).all()
    actors = (
        {
            u.id: u.email
            for u in page.db.scalars(select(User).where(User.id.in_({r.actor for r in rows}))).all()
        }
        if rows
        else {}
    )
    export_qs = "&".join(f"{k}={qp.get(k)}" for k in ("from", "to") if qp.get(k))
    return page.render(
        "audit.html",
        events=rows,
        actors=actors,
        f=qp,
        export_qs=export_qs,
        more=rows[-1].seq if len(rows) == PAGE_SIZE else None,
        details=lambda d: records.detail_pairs(page, d, actors),
        action_label=lambda a: records.action_label(page, a),
        object_label=lambda t: records.object_label(page, t),
        objects=records.objects(page.db, list(rows)),
    )


@router.get("/dpo/audit/export")
def audit_export(page: Page = Depends(require(DPO))) -> Response:
    qp = page.request.query_params
    fmt = qp.get("format", "csv")
    if fmt not in ("csv", "json"):
        raise WebDenied(404)
    return retention_api.export_audit(
        _day(qp.get("from")), _day(qp.get("to"), end=True), fmt, p=page.principal, session=page.db
    )


# --- destruction certificates -------------------------------------------------------------------


@router.get("/dpo/certificates")
def certificates(page: Page = Depends(require(DPO))) -> Response:
    qp = page.request.query_params
    q = select(DestructionCertificate)
    if org := qp.get("org"):
        q = q.where(DestructionCertificate.organisation_id == org)
    if policy := qp.get("policy"):
        q = q.where(DestructionCertificate.policy == policy)
    if start := _day(qp.get("from")):
        q = q.where(DestructionCertificate.destroyed_at >= start)
    if end := _day(qp.get("to"), end=True):
        q = q.where(DestructionCertificate.destroyed_at < end)
    pager = listing.paged(page, q, DestructionCertificate.destroyed_at, DestructionCertificate.id)
    rows = pager.rows
    atts = (
        {
            a.id: a
            for a in page.db.scalars(
                select(Attachment).where(
                    Attachment.id.in_([c.object_id for c in rows if c.object_type == "attachment"])
                )
            ).all()
        }
        if rows
        else {}
    )
    orgs = page.db.scalars(select(Organisation).order_by(Organisation.name)).all()
    policies = sorted(set(page.db.scalars(select(DestructionCertificate.policy).distinct()).all()))
    return page.render(
        "certificates.html",
        certs=rows,
        atts=atts,
        orgs=orgs,
        f=qp,
        policies=policies,
        org_names={o.id: o.name for o in orgs},
        pager=pager,
    )


@router.get("/dpo/certificates/{attachment_id}.json")
def certificate_json(attachment_id: str, page: Page = Depends(require(DPO))) -> Response:
    try:
        doc = retention_api.get_certificate(attachment_id, p=page.principal, session=page.db)
    except HTTPException:
        raise WebDenied(404) from None
    return Response(
        json.dumps(doc, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={
            "Content-Disposition": content_disposition(f"certificate-{attachment_id}.json"),
            "Cache-Control": "no-store",
        },
    )

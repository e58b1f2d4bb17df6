"""The DPO's desk: the request queue (filters), one request with its redacted evidence and the
decisions (approve / reject with reason / revoke), and the organisations' DPAs. Every rule is in
:mod:`forms.service` and :mod:`forms.dpa`; this module turns HTML forms into their input."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from forms import dpa as dpas
from forms import service
from forms.fields import VOCABS, vocab_label
from forms.models import STATES, SUBMITTED, TransferRequest
from forms.validation import FormError
from intake_api.web import listing
from intake_api.web.common import FORM, Page, WebDenied, require
from intake_api.web.routes_requests import acting, field_errors, request_view, visible_request
from sargas.db import wal_checkpoint
from sargas.models import Attachment, Organisation, User
from sargas.principal import ADMIN, DPO

router = APIRouter()


def _orgs(page: Page) -> list[Organisation]:
    return list(page.db.scalars(select(Organisation).order_by(Organisation.name)).all())


@router.get("/dpo/requests")
def queue(page: Page = Depends(require(DPO))) -> Response:
    qp = page.request.query_params
    state = qp.get("state", SUBMITTED)
    state = state if state in STATES else ""
    org = qp.get("org") or ""
    text = (qp.get("q") or "").strip().upper()
    rows = service.list_visible(page.db, acting(page), state or None)
    if org:
        rows = [r for r in rows if r.organisation_id == org]
    if text:
        rows = [r for r in rows if text in r.reference or any(text in x.ticket.ref for x in r.tickets)]
    orgs = _orgs(page)
    pager = listing.paged_list(page, list(rows), "created_at")
    return page.render(
        "dpo_queue.html",
        requests=pager.rows,
        pager=pager,
        states=STATES,
        state=state,
        org=org,
        q=qp.get("q") or "",
        orgs=orgs,
        org_names={o.id: o.name for o in orgs},
    )


def _evidence(page: Page, req: TransferRequest) -> list[dict[str, Any]]:
    out = []
    for x in req.tickets:
        atts = page.db.scalars(
            select(Attachment)
            .where(Attachment.ticket_id == x.ticket_id)
            .order_by(Attachment.created_at.desc())
            .limit(20)
        ).all()
        out.append({"ticket": x.ticket, "attachments": atts})
    return out


def _detail(
    page: Page,
    req: TransferRequest,
    status: int = 200,
    error: str | None = None,
    errors: dict[str, list[str]] | None = None,
) -> Response:
    org = page.db.get(Organisation, req.organisation_id)
    creator = page.db.get(User, req.created_by)
    # who may open originals: the DPO confirms the client's choice or chooses (pre-ticked: those named,
    # else those assigned to the request's tickets)
    assigned = {x.ticket.assigned_consultant_id for x in req.tickets if x.ticket.assigned_consultant_id}
    return page.render(
        "dpo_request.html",
        status=status,
        **request_view(page, req),
        all_consultants=page.db.scalars(
            select(User).where(User.role == "consultant", User.active.is_(True)).order_by(User.email)
        ).all(),
        preselected=set(req.consultant_ids or []) or assigned,
        org=org,
        creator=creator,
        evidence=_evidence(page, req),
        error=error,
        errors=errors or {},
    )


@router.get("/dpo/requests/{request_id}")
def detail(request_id: str, page: Page = Depends(require(DPO))) -> Response:
    return _detail(page, visible_request(page, request_id))


@router.post("/dpo/requests/{request_id}/{action}")
def decide(
    request_id: str, action: str, request: Request, form: FormData = FORM, page: Page = Depends(require(DPO))
) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    if action not in ("approve", "reject", "revoke"):
        raise WebDenied(404)
    body: dict[str, Any] = {"reason": str(form.get("reason") or "").strip() or None}
    days = str(form.get("retention_days") or "").strip()
    if action == "approve" and days:
        body["retention_days"] = int(days) if days.isdigit() else days
    if action == "approve" and form.get("consultants_shown"):
        body["consultants"] = [str(v) for v in form.getlist("consultants")]
    try:
        req = getattr(service, action)(page.db, acting(page), request_id, body)
    except FormError as err:
        page.db.rollback()
        return _detail(
            page,
            visible_request(page, request_id),
            status=err.status if err.status < 500 else 400,
            error=err.message,
            errors=field_errors(err),
        )
    page.db.commit()
    if req.originals_destroyed:
        wal_checkpoint(page.db)
    return page.redirect(f"/dpo/requests/{req.id}", flash="saved")


# --- DPAs ---------------------------------------------------------------------------------------


def _dpa_page(page: Page, status: int = 200, **extra: Any) -> Response:
    orgs = _orgs(page)
    org_id = page.request.query_params.get("org") or extra.pop("org_id", None) or (orgs[0].id if orgs else "")
    rows = dpas.list_for(page.db, acting(page), org_id) if org_id else []
    users = {u.id: u for u in page.db.scalars(select(User).where(User.role == "consultant")).all()}
    cats = [{"code": c, "label": vocab_label(c, page.lang)} for c in VOCABS["data_categories"]]
    return page.render(
        "dpo_dpas.html",
        status=status,
        orgs=orgs,
        org_id=org_id,
        dpas=rows,
        users=users,
        categories=cats,
        v=extra.pop("v", {}),
        errors=extra.pop("errors", {}),
        error=extra.pop("error", None),
    )


@router.get("/dpo/dpas")
def dpa_list(page: Page = Depends(require(DPO, ADMIN))) -> Response:
    return _dpa_page(page)


@router.post("/dpo/dpas")
def dpa_create(
    request: Request, form: FormData = FORM, page: Page = Depends(require(DPO, ADMIN)),
) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    org_id = str(form.get("organisation_id") or "")
    days = str(form.get("retention_days") or "").strip()
    data: dict[str, Any] = {
        "reference": str(form.get("reference") or "").strip() or None,
        "signed_at": str(form.get("signed_at") or "").strip() or None,
        "expires_at": str(form.get("expires_at") or "").strip() or None,
        "scope": str(form.get("scope") or "all"),
        "categories": [str(c) for c in form.getlist("categories")],
        "consultants": [e for e in str(form.get("consultants") or "").replace(",", " ").split() if e],
        "notes": str(form.get("notes") or "").strip() or None,
    }
    if days:
        data["retention_days"] = int(days) if days.isdigit() else days
    try:
        dpas.create(page.db, acting(page), org_id, data)
    except FormError as err:
        page.db.rollback()
        return _dpa_page(
            page,
            status=err.status if err.status < 500 else 400,
            org_id=org_id,
            v={**data, "consultants": str(form.get("consultants") or ""), "retention_days": days},
            errors=field_errors(err),
            error=err.message,
        )
    page.db.commit()
    return page.redirect(f"/dpo/dpas?org={org_id}", flash="saved")


@router.post("/dpo/dpas/{org_id}/{dpa_id}/end")
def dpa_end(
    org_id: str, dpa_id: str, request: Request,
    form: FormData = FORM, page: Page = Depends(require(DPO, ADMIN))
) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    try:
        _, destroyed = dpas.terminate(page.db, acting(page), org_id, dpa_id)
    except FormError as err:
        page.db.rollback()
        return _dpa_page(
            page, status=err.status if err.status < 500 else 400, org_id=org_id, error=err.message
        )
    page.db.commit()
    if destroyed:
        wal_checkpoint(page.db)
    return page.redirect(f"/dpo/dpas?org={org_id}", flash="saved")

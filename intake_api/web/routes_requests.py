"""The client's transfer requests: the form (per-field validation by ``forms.validation`` in the
viewer's language), the list of the organisation's requests and one request with its actions.
Every rule lives in :mod:`forms.service`; this module only turns HTML forms into its input."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from forms import service
from forms.fields import ART9, ART10, VOCABS, field_label, schema, vocab_label
from forms.models import DRAFT, TERMINAL, TransferRequest
from forms.pdf import render_request
from forms.validation import FormError
from intake_api.web import listing
from intake_api.web.common import FORM, Page, WebDenied, require
from sargas.db import wal_checkpoint
from sargas.disposition import content_disposition
from sargas.models import Ticket, User
from sargas.principal import CLIENT, CONSULTANT, DPO, Principal

router = APIRouter()


def acting(page: Page) -> Principal:
    """The viewer's principal, speaking the page's language (error messages, notices)."""
    return dataclasses.replace(page.principal, lang=page.lang)


def form_context(page: Page, lang: str) -> dict[str, Any]:
    """Labels and choices of the current form version, in ``lang`` (from forms.fields)."""
    form = schema()
    vocab = {
        name: [
            {"code": c, "label": vocab_label(c, lang), "special": c in ART9 or c in ART10}
            for c in VOCABS[name]
        ]
        for name in VOCABS
    }
    return {
        "labels": {f.name: field_label(f.name, lang) for f in form.fields},
        "vocab": vocab,
        "required": {f.name: f.required for f in form.fields},
    }


def parse_form(form: FormData) -> dict[str, Any]:
    """HTML form -> the JSON body of ``POST /api/v1/transfer-requests``."""

    def text(name: str) -> str | None:
        v = str(form.get(name) or "").strip()
        return v or None

    days_raw = text("retention_days")
    days: Any = int(days_raw) if days_raw and days_raw.isdigit() else days_raw
    emails = [e for e in re.split(r"[\s,;]+", str(form.get("consultants") or "")) if e]
    emails += [str(v) for v in form.getlist("consultant_ids") if str(v)]  # resolved by consultant_choices
    data: dict[str, Any] = {
        "tickets": [str(v) for v in form.getlist("tickets")],
        "description": text("description"),
        "why_not_anonymised": text("why_not_anonymised"),
        "data_subjects": [str(v) for v in form.getlist("data_subjects")],
        "data_categories": [str(v) for v in form.getlist("data_categories")],
        "purpose": text("purpose"),
        "legal_basis": text("legal_basis"),
        "retention_days": days,
        "consultants": emails,
        "acknowledged": form.get("acknowledged") == "yes",
    }
    for opt in ("contact_name", "contact_email", "contact_phone"):
        if text(opt):
            data[opt] = text(opt)
    # drafts: leave out what is empty so only what was typed is validated
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def field_errors(err: FormError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in err.fields or []:
        out.setdefault(str(f.get("field", "")).split("[")[0] or "_", []).append(str(f.get("problem", "")))
    return out


def _open_tickets(page: Page) -> list[Ticket]:
    return list(
        page.db.scalars(
            select(Ticket)
            .where(Ticket.organisation_id == page.principal.organisation_id, Ticket.status == "open")
            .order_by(Ticket.created_at.desc())
            .limit(200)
        ).all()
    )


def consultant_choices(page: Page, tickets: list[Ticket]) -> list[dict[str, Any]]:
    """The consultants a client may name: those assigned to the organisation's open tickets, each with
    the tickets they work on (names only; the e-mail address is never shown or sent to the page)."""
    by_id: dict[str, dict[str, Any]] = {}
    for t in tickets:
        if not t.assigned_consultant_id:
            continue
        u = page.db.get(User, t.assigned_consultant_id)
        if u is None or not u.active or u.role != CONSULTANT:
            continue
        entry = by_id.setdefault(u.id, {"id": u.id, "name": u.name or u.email.split("@")[0], "refs": []})
        entry["refs"].append(t.ref)
    return sorted(by_id.values(), key=lambda c: c["name"].lower())


def resolve_consultants(page: Page, data: dict[str, Any]) -> None:
    """Picked consultant ids -> their e-mail addresses (the API's input), only for the consultants
    offered; anything else stays as given and fails validation with the one generic answer."""
    offered = {c["id"] for c in consultant_choices(page, _open_tickets(page))}
    out = []
    for v in data.get("consultants", []):
        u = page.db.get(User, v) if v in offered else None
        out.append(u.email if u is not None else v)
    if out:
        data["consultants"] = out


def _render_form(
    page: Page,
    values: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    message: str | None = None,
    status: int = 200,
) -> Response:
    from sargas.settings import get_settings

    tickets = _open_tickets(page)
    return page.render(
        "request_form.html",
        status=status,
        v=values,
        errors=errors or {},
        message=message,
        tickets=tickets,
        consultant_choices=consultant_choices(page, tickets),
        max_days=get_settings().transfer_max_retention_days,
        **form_context(page, page.lang),
    )


@router.get("/requests")
def my_requests(page: Page = Depends(require(CLIENT))) -> Response:
    pager = listing.paged_list(page, list(service.list_visible(page.db, acting(page), None)), "created_at")
    return page.render("requests.html", requests=pager.rows, pager=pager)


@router.get("/requests/new")
def new_request(page: Page = Depends(require(CLIENT))) -> Response:
    ref = page.request.query_params.get("ticket")
    return _render_form(
        page,
        {
            "tickets": [ref] if ref else [],
            "contact_name": page.viewer.user.name or "",
            "contact_email": page.viewer.user.email,
        },
    )


@router.post("/requests/new")
def file_request(request: Request, form: FormData = FORM, page: Page = Depends(require(CLIENT))) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    data = parse_form(form)
    resolve_consultants(page, data)
    values = {
        **data,
        "consultant_ids": [str(v) for v in form.getlist("consultant_ids")],
        "retention_days": str(form.get("retention_days") or ""),
    }
    p = acting(page)
    try:
        req = service.create(page.db, p, data)
        if form.get("action") != "draft":
            service.submit(page.db, p, req.id)
    except FormError as err:
        page.db.rollback()
        return _render_form(page, values, field_errors(err), err.message, status=422)
    page.db.commit()
    return page.redirect(f"/requests/{req.id}", flash="saved")


def visible_request(page: Page, request_id: str) -> TransferRequest:
    try:
        return service.get_visible(page.db, acting(page), request_id)
    except FormError:
        raise WebDenied(404) from None


def request_view(page: Page, req: TransferRequest) -> dict[str, Any]:
    """What the request pages show: answers with labels in the page's language."""
    form = schema(req.schema_version)
    answers = req.answers or {}
    rows = []
    for f in form.fields:
        v = answers.get(f.name)
        if f.kind in ("codes", "code"):
            codes = v if isinstance(v, list) else ([v] if v else [])
            shown = [{"label": vocab_label(c, page.lang), "special": c in ART9 or c in ART10} for c in codes]
            rows.append({"name": f.name, "label": field_label(f.name, page.lang), "codes": shown})
        elif f.kind == "bool":
            rows.append({"name": f.name, "label": field_label(f.name, page.lang), "bool": bool(v)})
        else:
            text = ", ".join(str(x) for x in v) if isinstance(v, list) else ("" if v is None else str(v))
            rows.append({"name": f.name, "label": field_label(f.name, page.lang), "text": text})
    consultants = [u for cid in (req.consultant_ids or []) if (u := page.db.get(User, cid)) is not None]
    return {
        "req": req,
        "rows": rows,
        "consultants": consultants,
        "tickets": [x.ticket for x in req.tickets],
        "terminal": req.state in TERMINAL,
    }


@router.get("/requests/{request_id}")
def show_request(request_id: str, page: Page = Depends(require(CLIENT, CONSULTANT))) -> Response:
    req = visible_request(page, request_id)
    return page.render("request.html", **request_view(page, req), is_draft=req.state == DRAFT)


@router.post("/requests/{request_id}/{action}")
def client_action(
    request_id: str, action: str, request: Request,
    form: FormData = FORM, page: Page = Depends(require(CLIENT))
) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    if action not in ("submit", "withdraw", "fulfil"):
        raise WebDenied(404)
    p = acting(page)
    try:
        if action == "submit":
            req = service.submit(page.db, p, request_id)
        else:
            req = getattr(service, action)(page.db, p, request_id, {"reason": str(form.get("reason") or "")})
    except FormError as err:
        page.db.rollback()
        req = visible_request(page, request_id)
        return page.render(
            "request.html",
            status=err.status if err.status < 500 else 400,
            **request_view(page, req),
            is_draft=req.state == DRAFT,
            error=err.message,
            errors=field_errors(err),
        )
    page.db.commit()
    if req.originals_destroyed:
        wal_checkpoint(page.db)
    return page.redirect(f"/requests/{req.id}", flash="saved")


@router.get("/requests/{request_id}/pdf")
def request_pdf(request_id: str, page: Page = Depends(require(CLIENT, DPO))) -> Response:
    req = visible_request(page, request_id)
    data = render_request(page.db, req, page.lang)
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition(f"{req.reference}-{page.lang}.pdf"),
            "Cache-Control": "no-store",
        },
    )

"""HTTP API v1 of the forms package: transfer requests and DPAs (``forms.api.router``).

Errors are JSON ``{"error": code, "message": text, "fields": [...]}`` in the caller's language:
403 wrong role, 404 not visible, 409 invalid transition, 422 invalid fields (one entry per field).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from forms import dpa as dpas
from forms import service
from forms.fields import CURRENT_VERSION, LANGS, describe
from forms.i18n import t
from forms.pdf import render_request
from forms.schemas import dpa_out, request_out
from forms.validation import FormError
from retention import audit
from sargas import paging
from sargas.db import wal_checkpoint
from sargas.deps import SESSION
from sargas.disposition import content_disposition
from sargas.principal import Principal, current_principal

router = APIRouter(prefix="/api/v1", tags=["transfer requests"])


def _answers(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn :class:`FormError` into its JSON answer (the app's handlers know nothing of forms)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except FormError as e:
            session = kwargs.get("session")
            if session is not None:
                session.rollback()
            return JSONResponse(e.body(), status_code=e.status)

    return wrapper


def _commit(session: Session, destroyed: bool = False) -> None:
    session.commit()
    if destroyed:
        wal_checkpoint(session)


# --- transfer requests ----------------------------------------------------------------------------

@router.get("/transfer-requests/schema")
@_answers
def form_schema(version: int = Query(CURRENT_VERSION), p: Principal = Depends(current_principal)) -> Any:
    return describe(version, p.lang)


@router.post("/transfer-requests", status_code=201)
@_answers
def create_request(body: Any = Body(None), p: Principal = Depends(current_principal),
                   session: Session = SESSION) -> Any:
    req = service.create(session, p, body)
    _commit(session)
    return JSONResponse(request_out(req, p.lang), status_code=201,
                        headers={"Location": f"/api/v1/transfer-requests/{req.id}"})


@router.get("/transfer-requests")
@_answers
def list_requests(request: Request, response: Response, state: str | None = Query(None),
                  cursor: str | None = Query(None, max_length=200), limit: int = 100,
                  p: Principal = Depends(current_principal), session: Session = SESSION) -> Any:
    """Newest first, paged by cursor (``X-Total-Count``, ``X-Next-Cursor``, ``Link``; issue 19.4)."""
    rows = list(service.list_visible(session, p, state))
    try:
        got = paging.page_list(rows, "created_at", cursor=cursor, limit=paging.clamp(limit, 100))
    except paging.BadCursor:
        return JSONResponse({"error": "invalid_cursor",
                             "message": "The cursor is not valid; start again from the first page."},
                            status_code=422)
    response.headers.update(paging.headers(got, str(request.url)))
    return [request_out(r, p.lang) for r in got.rows]


@router.get("/transfer-requests/{request_id}")
@_answers
def get_request(request_id: str, p: Principal = Depends(current_principal),
                session: Session = SESSION) -> Any:
    return request_out(service.get_visible(session, p, request_id), p.lang)


@router.patch("/transfer-requests/{request_id}")
@_answers
def patch_request(request_id: str, body: Any = Body(None), p: Principal = Depends(current_principal),
                  session: Session = SESSION) -> Any:
    req = service.update(session, p, request_id, body)
    _commit(session)
    return request_out(req, p.lang)


def _transition(action: str) -> Callable[..., Any]:
    def endpoint(request_id: str, body: Any = Body(None), p: Principal = Depends(current_principal),
                 session: Session = SESSION) -> Any:
        if body is not None and not isinstance(body, dict):
            raise FormError(422, "invalid_request", t("not_object", p.lang), [])
        fn = getattr(service, action)
        req = fn(session, p, request_id) if action == "submit" else fn(session, p, request_id, body)
        _commit(session, destroyed=bool(req.originals_destroyed))
        return request_out(req, p.lang)

    endpoint.__name__ = f"{action}_request"
    return _answers(endpoint)


for _action in ("submit", "withdraw", "approve", "reject", "revoke", "fulfil"):
    router.add_api_route(f"/transfer-requests/{{request_id}}/{_action}", _transition(_action),
                         methods=["POST"], name=f"{_action}_request",
                         summary=f"{_action.capitalize()} a transfer request")


@router.get("/transfer-requests/{request_id}/pdf", response_class=Response)
@_answers
def request_pdf(request_id: str, lang: str | None = Query(None), p: Principal = Depends(current_principal),
                session: Session = SESSION) -> Any:
    req = service.get_visible(session, p, request_id)
    use = lang if lang in LANGS else req.lang
    data = render_request(session, req, use)
    audit.record(session, p.user_id, "transfer_request.pdf", "transfer_request", req.id, p.ip, {"lang": use},
                 actor_role=p.role)
    session.commit()
    return Response(data, media_type="application/pdf", headers={
        "Content-Disposition": content_disposition(f"{req.reference}-{use}.pdf"),
        "Cache-Control": "no-store"})


# --- DPAs -------------------------------------------------------------------------------------------

@router.get("/organisations/{org_id}/dpas", tags=["dpas"])
@_answers
def list_dpas(org_id: str, p: Principal = Depends(current_principal),
              session: Session = SESSION) -> Any:
    return [dpa_out(session, d) for d in dpas.list_for(session, p, org_id)]


@router.post("/organisations/{org_id}/dpas", status_code=201, tags=["dpas"])
@_answers
def create_dpa(org_id: str, body: Any = Body(None), p: Principal = Depends(current_principal),
               session: Session = SESSION) -> Any:
    d = dpas.create(session, p, org_id, body)
    _commit(session)
    return JSONResponse(dpa_out(session, d), status_code=201)


@router.get("/organisations/{org_id}/dpas/{dpa_id}", tags=["dpas"])
@_answers
def get_dpa(org_id: str, dpa_id: str, p: Principal = Depends(current_principal),
            session: Session = SESSION) -> Any:
    return dpa_out(session, dpas.get(session, p, org_id, dpa_id))


@router.patch("/organisations/{org_id}/dpas/{dpa_id}", tags=["dpas"])
@_answers
def patch_dpa(org_id: str, dpa_id: str, body: Any = Body(None), p: Principal = Depends(current_principal),
              session: Session = SESSION) -> Any:
    d = dpas.update(session, p, org_id, dpa_id, body)
    _commit(session)
    return dpa_out(session, d)


@router.delete("/organisations/{org_id}/dpas/{dpa_id}", tags=["dpas"])
@_answers
def end_dpa(org_id: str, dpa_id: str, p: Principal = Depends(current_principal),
            session: Session = SESSION) -> Any:
    """End (terminate) the agreement: its originals are destroyed; the record stays for the audit."""
    d, n = dpas.terminate(session, p, org_id, dpa_id)
    _commit(session, destroyed=n > 0)
    return {**dpa_out(session, d), "originals_destroyed": n}

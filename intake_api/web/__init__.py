"""The web UI (server-rendered Jinja2 pages + a little JavaScript), served by the intake app.

``mount_web(app)`` includes :data:`router` and installs the handlers that turn "sign in first" and
"not allowed" into a redirect to ``/login`` and an HTML error page. Pages use the same
:class:`sargas.principal.Principal` and the same service functions as the API.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from intake_api.web import (
    routes_account,
    routes_admin,
    routes_auth,
    routes_client,
    routes_consultant,
    routes_dpo,
    routes_records,
    routes_requests,
    routes_static,
)
from intake_api.web.common import WebDenied, WebRedirect, make_page, security_headers
from sargas.db import session_factory

router = APIRouter(include_in_schema=False)
for _m in (
    routes_static,
    routes_auth,
    routes_client,
    routes_requests,
    routes_consultant,
    routes_dpo,
    routes_records,
    routes_admin,
    routes_account,
):
    router.include_router(_m.router)


async def _redirect(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebRedirect)
    resp = RedirectResponse(exc.location, status_code=303)
    security_headers(resp)
    return resp


def _denied(request: Request, exc: Exception) -> Response:  # sync: Starlette runs it in the thread pool
    assert isinstance(exc, WebDenied)
    db = session_factory()()
    try:
        page = make_page(request, db)
        return page.render("error.html", status=exc.status, status_code=exc.status)
    finally:
        db.close()


def mount_web(app: FastAPI) -> None:
    """Add the web UI to the intake app (one call in the app factory)."""
    app.include_router(router)
    app.add_exception_handler(WebRedirect, _redirect)
    app.add_exception_handler(WebDenied, _denied)


__all__ = ["router", "mount_web"]

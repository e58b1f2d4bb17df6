"""The FastAPI application: ``create_app()`` wires settings, database (migrated on start-up), the
Bearer-token principal, the v1 routers of every package and, in embedded mode, the worker."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from forms.api import router as forms_router
from intake_api import apidocs, errors, openapi
from intake_api.accounts_api import router as accounts_router
from intake_api.auth import bearer_principal
from intake_api.connectors.api import router as helpdesk_router
from intake_api.endpoints import router as intake_router
from intake_api.web import mount_web
from retention.api import router as retention_router
from sargas.principal import current_principal
from sargas.settings import Settings, configure, get_settings

log = logging.getLogger("sargas")

# The v1 routers of the other packages, mounted after the intake router and the web UI.
ROUTERS = (forms_router, retention_router, helpdesk_router, accounts_router)


def create_app(settings: Settings | None = None, *, start_worker: bool | None = None,
               migrate: bool = True) -> FastAPI:
    if settings is not None:
        configure(settings)
    s = get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from sargas.db import init_db

        init_db(s)
        if migrate:
            from intake_api.migrate import upgrade

            await run_in_threadpool(upgrade, s)
        run_worker = s.embedded_worker and not s.broker_url if start_worker is None else start_worker
        if run_worker:
            from intake_api.worker import EmbeddedWorker

            app.state.worker = EmbeddedWorker(s)
            await run_in_threadpool(app.state.worker.start)
        gateway = None
        if s.inbound_smtp_port:  # the mail gateway (intake_api.mail.smtp) listens beside the API
            from intake_api.mail.smtp import start_gateway

            worker = app.state.worker
            gateway = await run_in_threadpool(start_gateway, s, worker.notify if worker else None)
        app.state.ready = True
        try:
            yield
        finally:
            app.state.ready = False
            if gateway is not None:
                await run_in_threadpool(gateway.stop)
            if app.state.worker is not None:
                await run_in_threadpool(app.state.worker.stop)

    app = FastAPI(title="Sargas", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Privacy gateway: redacted evidence for helpdesk tickets.")
    app.state.worker = None
    app.state.ready = False
    errors.install(app)
    openapi.install(app)  # the declared contract: every real status code, {error, message} bodies
    apidocs.install(app)  # /docs and /redoc from packaged assets, no CDN (issue 19.3)
    app.dependency_overrides[current_principal] = bearer_principal
    app.include_router(intake_router)
    mount_web(app)
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/healthz", tags=["health"])
    def healthz() -> JSONResponse:
        if not app.state.ready:
            return JSONResponse({"status": "starting"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (``sargas serve --workers N``): settings from SARGAS_*."""
    return create_app(Settings(), migrate=False)

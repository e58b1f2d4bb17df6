"""Admin/DPO view of helpdesk hand-offs: ``GET /api/v1/admin/helpdesk/outbox`` lists the rows with
their state (pending, sent, dead), attempts and error code; ``POST .../{id}/retry`` puts a dead or
failing row back to be sent now (after fixing the connector); ``GET /api/v1/admin/helpdesk/configs``
shows the connector settings without the token.

How it fails: 403 for other roles, 404 for an unknown row, 409 for a row already sent — typed errors,
never content or credentials in an answer.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.connectors import config, handoff
from intake_api.connectors.models import HelpdeskConfig
from intake_api.errors import ApiError
from sargas import outbox
from sargas.clock import now
from sargas.deps import SESSION
from sargas.principal import ADMIN, DPO, Principal, current_principal

router = APIRouter(prefix="/api/v1/admin/helpdesk", tags=["helpdesk"])


def _require(p: Principal) -> None:
    if p.role not in (ADMIN, DPO):
        raise ApiError(403, "forbidden", "Only an admin or the DPO sees helpdesk hand-offs.")


@router.get("/outbox")
def list_outbox(p: Principal = Depends(current_principal),
                session: Session = SESSION) -> list[dict[str, Any]]:
    _require(p)
    return handoff.outbox_rows(session)


@router.post("/outbox/{row_id}/retry")
def retry(row_id: str, p: Principal = Depends(current_principal),
          session: Session = SESSION) -> dict[str, Any]:
    _require(p)
    n = session.get(outbox.Notification, row_id)
    if n is None or n.channel != handoff.HELPDESK:
        raise ApiError(404, "not_found", "No such helpdesk hand-off.")
    if n.state == outbox.SENT:
        raise ApiError(409, "already_sent", "This hand-off was delivered already.")
    n.state, n.next_attempt_at, n.lease_until, n.attempts = outbox.PENDING, now(), None, 0
    session.commit()
    return {"id": n.id, "state": n.state}


@router.get("/configs")
def list_configs(p: Principal = Depends(current_principal),
                 session: Session = SESSION) -> list[dict[str, Any]]:
    _require(p)
    return [config.describe(c) for c in session.scalars(select(HelpdeskConfig))]

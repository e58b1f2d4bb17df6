"""The consultant's pages: the tickets assigned to them. The evidence itself is viewed on the shared
ticket and attachment pages (redacted copy only; the original only behind the audited action)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import func, select

from forms import service
from intake_api.web import listing
from intake_api.web.common import Page, require
from sargas.models import Attachment, Organisation, Ticket
from sargas.principal import CONSULTANT

router = APIRouter()


@router.get("/consultant/tickets")
def assigned(page: Page = Depends(require(CONSULTANT))) -> Response:
    q = select(Ticket).where(Ticket.assigned_consultant_id == page.principal.user_id)
    pager = listing.paged(page, q, Ticket.created_at, Ticket.id)
    rows = pager.rows
    ids = [t.id for t in rows]
    q = select(Attachment.ticket_id, func.count()).where(Attachment.ticket_id.in_(ids))
    counts = dict(page.db.execute(q.group_by(Attachment.ticket_id)).all()) if ids else {}
    orgs = {o.id: o.name for o in page.db.scalars(select(Organisation)).all()}
    named = service.list_visible(page.db, page.principal, None)  # requests that name this consultant
    return page.render("consultant_tickets.html", tickets=rows, counts=counts, org_names=orgs, requests=named,
                       pager=pager)

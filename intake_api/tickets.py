"""API v1: tickets (open, list, close/re-open, assign a consultant)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake_api.attachments import visible_ticket
from intake_api.errors import ApiError
from intake_api.need_to_know import ticket_filter
from intake_api.schemas import TicketIn, TicketOut, TicketPatch
from retention import audit
from sargas import paging
from sargas.clock import now
from sargas.deps import SESSION
from sargas.models import Organisation, Ticket, User
from sargas.principal import ADMIN, CLIENT, CONSULTANT, DPO, Principal, current_principal

router = APIRouter()  # mounted under /api/v1 by intake_api.endpoints.router

def _ticket_out(t: Ticket) -> TicketOut:
    return TicketOut(
        id=t.id,
        ref=t.ref,
        subject=t.subject,
        status=t.status,
        organisation_id=t.organisation_id,
        created_at=t.created_at,
        closed_at=t.closed_at,
        assigned_consultant_id=t.assigned_consultant_id,
    )


@router.post("/tickets", status_code=201, response_model=TicketOut, tags=["tickets"])
def create_ticket(
    body: TicketIn, p: Principal = Depends(current_principal), session: Session = SESSION
) -> TicketOut:
    if p.role == CLIENT:
        org_id = p.organisation_id
        if body.organisation_id and body.organisation_id != org_id:
            raise ApiError(403, "forbidden", "Clients open tickets for their own organisation only.")
    else:
        org_id = body.organisation_id
        if not org_id or session.get(Organisation, org_id) is None:
            raise ApiError(
                422, "organisation_required", "Give the client organisation's id (organisation_id)."
            )
    t = open_ticket(session, org_id, body.subject.strip(), created_by=p.user_id, ip=p.ip, role=p.role)
    if t is None:
        raise ApiError(409, "conflict", "Could not allocate a ticket reference; please retry.")
    session.commit()
    return _ticket_out(t)


def open_ticket(session: Session, org_id: str, subject: str, *, created_by: str | None, ip: str | None,
                role: str | None) -> Ticket | None:
    """A new ticket with the next ``HD-<year>-<n>`` reference (flushed, audited, not committed).
    Each try runs in a savepoint, so a lost race on the reference does not undo the caller's work.
    Returns None if no reference could be allocated (the caller answers 409 / retries later)."""
    year = now().year
    for _ in range(5):
        prefix = f"HD-{year}-"
        last = session.scalar(select(func.max(Ticket.ref)).where(Ticket.ref.like(prefix + "%")))
        n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
        t = Ticket(ref=f"{prefix}{n:05d}", organisation_id=org_id, subject=subject[:300],
                   created_by=created_by,
                   # a consultant who opens a ticket for a client works on it (need-to-know, issue 18.2)
                   assigned_consultant_id=created_by if role == CONSULTANT else None)
        try:
            with session.begin_nested():
                session.add(t)
        except IntegrityError:
            continue
        audit.record(session, created_by, "ticket.created", "ticket", t.id, ip, {"ref": t.ref},
                     actor_role=role)
        return t
    return None


def ticket_query(session: Session, p: Principal, *, status: str | None = None, q: str | None = None,
                 organisation_id: str | None = None, since: date | None = None,
                 until: date | None = None) -> Select[tuple[Ticket]]:
    """The tickets ``p`` may see, filtered (the API list and the web list share it)."""
    query = select(Ticket).where(ticket_filter(session, p))
    if status in ("open", "closed"):
        query = query.where(Ticket.status == status)
    if organisation_id:
        query = query.where(Ticket.organisation_id == organisation_id)
    if q and (q := q.strip()[:100]):
        query = query.where(Ticket.ref.ilike(f"%{_like(q)}%", escape="\\")
                            | Ticket.subject.ilike(f"%{_like(q)}%", escape="\\"))
    if since:
        query = query.where(Ticket.created_at >= datetime.combine(since, time(), UTC))
    if until:
        query = query.where(Ticket.created_at < datetime.combine(until + timedelta(days=1), time(), UTC))
    return query


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def bad_cursor() -> ApiError:
    return ApiError(422, "invalid_cursor", "The cursor is not valid; start again from the first page.")


@router.get("/tickets", response_model=list[TicketOut], tags=["tickets"])
def list_tickets(
    request: Request,
    response: Response,
    p: Principal = Depends(current_principal),
    session: Session = SESSION,
    status: str | None = None,
    q: str | None = Query(None, max_length=100, description="reference or subject contains"),
    organisation_id: str | None = None,
    since: date | None = Query(None, description="created on or after this day (UTC)"),
    until: date | None = Query(None, description="created on or before this day (UTC)"),
    cursor: str | None = Query(None, max_length=200, description="X-Next-Cursor of the previous page"),
    limit: int = 100,
) -> list[TicketOut]:
    query = ticket_query(session, p, status=status, q=q, organisation_id=organisation_id, since=since,
                         until=until)
    try:
        got = paging.page(session, query, Ticket.created_at, Ticket.id, cursor=cursor,
                          limit=paging.clamp(limit, 100))
    except paging.BadCursor:
        raise bad_cursor() from None
    response.headers.update(paging.headers(got, str(request.url)))
    return [_ticket_out(t) for t in got.rows]


@router.patch("/tickets/{ref}", response_model=TicketOut, tags=["tickets"])
def update_ticket(
    ref: str,
    body: TicketPatch,
    p: Principal = Depends(current_principal),
    session: Session = SESSION,
) -> TicketOut:
    """Close or re-open a ticket (its client or staff); assign a consultant (staff)."""
    t = visible_ticket(session, ref, p)
    changes: dict[str, str | None] = {}
    if body.assigned_consultant_id is not None:
        if p.role not in (DPO, ADMIN):
            raise ApiError(403, "forbidden", "Only the data protection officer or an administrator "
                           "assigns consultants.")
        u = session.get(User, body.assigned_consultant_id)
        if u is None or u.role != CONSULTANT:
            raise ApiError(422, "not_a_consultant", "That user is not a consultant.")
        t.assigned_consultant_id = changes["assigned_consultant_id"] = u.id
    if body.status is not None and body.status != t.status:
        t.status = changes["status"] = body.status
        t.closed_at = now() if body.status == "closed" else None
    if changes:
        audit.record(session, p.user_id, "ticket.updated", "ticket", t.id, p.ip, changes, actor_role=p.role)
        session.commit()
    return _ticket_out(t)


@router.get("/tickets/{ref}", response_model=TicketOut, tags=["tickets"])
def get_ticket(
    ref: str, p: Principal = Depends(current_principal), session: Session = SESSION
) -> TicketOut:
    return _ticket_out(visible_ticket(session, ref, p))

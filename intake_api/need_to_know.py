"""Need-to-know for consultants (issue 18.2): a consultant sees a ticket, its attachments, redacted
copies and notices only if the ticket is assigned to them, or if an approved transfer request / DPA
in force for the ticket names them (the DPO decided they may even open its originals). There are no
consultant groups in Sargas, so assignment is per person. Client, DPO and admin rules are unchanged
(a client sees their organisation; DPO and admin see everything). Everything else is "not found",
so an unassigned consultant cannot tell which tickets exist.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true
from sqlalchemy.orm import Session

from forms.coverage import find_coverage
from sargas.clock import now
from sargas.models import Ticket
from sargas.principal import CLIENT, CONSULTANT, Principal


def may_see_ticket(session: Session, p: Principal, ticket: Ticket) -> bool:
    if not p.can_see_organisation(ticket.organisation_id):
        return False
    if p.role != CONSULTANT:
        return True
    if ticket.assigned_consultant_id == p.user_id:
        return True
    cov = find_coverage(session, organisation_id=ticket.organisation_id, ticket_id=ticket.id, at=now())
    return cov is not None and p.user_id in cov.consultant_ids


def named_ticket_ids(session: Session, p: Principal) -> set[str]:
    """Tickets of approved transfer requests that name this consultant (still in force)."""
    from forms import service
    from forms.models import COVERING

    ids: set[str] = set()
    for req in service.list_visible(session, p, None):
        if req.state in COVERING:
            ids.update(link.ticket_id for link in req.tickets)
    return ids


def ticket_filter(session: Session, p: Principal) -> ColumnElement[bool]:
    """SQL condition on :class:`Ticket` for the tickets ``p`` may list."""
    if p.role == CLIENT:
        return Ticket.organisation_id == p.organisation_id
    if p.role != CONSULTANT:
        return true()
    named = named_ticket_ids(session, p)
    return or_(Ticket.assigned_consultant_id == p.user_id, Ticket.id.in_(named)) if named else (
        Ticket.assigned_consultant_id == p.user_id)

"""Does an approved transfer request or a valid DPA cover a ticket at a given time?

The intake pipeline's decision step calls :func:`find_coverage`; a non-``None`` answer means "keep
the original (``retention.vault.retain(..., until=coverage.until)``)", ``None`` means destroy it.
Order of precedence: an approved/active request in its validity window, then a valid DPA, then a
*provisional* hold for a submitted request awaiting the DPO's decision (``provisional=True``;
nobody but the DPO may open such an original, and it is destroyed if the request is not approved).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.fields import categories_of
from forms.models import (
    COVERING,
    KIND_DPA,
    KIND_REQUEST,
    SCOPE_ALL,
    SUBMITTED,
    Dpa,
    TransferRequest,
    TransferRequestTicket,
)
from sargas.clock import as_utc
from sargas.models import Ticket
from sargas.principal import DPO, Principal
from sargas.settings import get_settings


@dataclass(frozen=True)
class Coverage:
    kind: str  # "transfer_request" | "dpa"
    id: str
    until: datetime | None  # originals under this coverage are destroyed at this time (None = open)
    consultant_ids: frozenset[str] = field(default_factory=frozenset)  # may open originals
    reference: str | None = None  # human-readable (request number, DPA reference)
    provisional: bool = False  # submitted request awaiting the DPO: hold only, DPO-only access
    state: str | None = None  # request state / "valid" for a DPA


def _min(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a or b
    return min(a, b)


def request_coverage(req: TransferRequest) -> Coverage:
    provisional = req.state == SUBMITTED
    return Coverage(KIND_REQUEST, req.id, as_utc(req.valid_until) if not provisional else _hold_until(req),
                    frozenset() if provisional else frozenset(req.consultant_ids or ()), req.reference,
                    provisional, req.state)


def _hold_until(req: TransferRequest) -> datetime | None:
    days = get_settings().transfer_pending_hold_days
    return as_utc(req.submitted_at) + timedelta(days=days) if req.submitted_at and days > 0 else None


def dpa_valid(dpa: Dpa, at: datetime) -> bool:
    return (dpa.ended_at is None and as_utc(dpa.signed_at) <= at
            and (dpa.expires_at is None or at < as_utc(dpa.expires_at)))


def dpa_coverage(dpa: Dpa, at: datetime, assigned_consultant_id: str | None = None) -> Coverage:
    until = _min(as_utc(dpa.expires_at), at + timedelta(days=dpa.retention_days))
    ids = set(dpa.consultant_ids or ())
    if assigned_consultant_id:
        ids.add(assigned_consultant_id)
    return Coverage(KIND_DPA, dpa.id, until, frozenset(ids), dpa.reference, False, "valid")


def dpa_scope_covers(dpa: Dpa, entity_types: Iterable[str] | None) -> bool:
    if dpa.scope == SCOPE_ALL:
        return True
    if entity_types is None:
        return False  # a category-scoped DPA needs to know what the upload contains
    return categories_of(entity_types) <= set(dpa.categories or ())


def find_coverage(session: Session, *, organisation_id: str, ticket_id: str, at: datetime,
                  entity_types: Iterable[str] | None = None) -> Coverage | None:
    """The coverage in force for this ticket at ``at``, or ``None`` (then the original is destroyed).

    ``entity_types`` (optional): the redactor's entity types found in the upload; a DPA scoped to
    listed data categories covers an upload only if every type maps into those categories.
    """
    at = as_utc(at) or at
    requests = session.scalars(
        select(TransferRequest)
        .join(TransferRequestTicket, TransferRequestTicket.request_id == TransferRequest.id)
        .where(TransferRequestTicket.ticket_id == ticket_id,
               TransferRequest.organisation_id == organisation_id,
               TransferRequest.state.in_(COVERING + (SUBMITTED,)))
        .order_by(TransferRequest.valid_until.desc())).all()
    for req in requests:
        if req.state in COVERING and req.valid_from is not None and req.valid_until is not None \
                and as_utc(req.valid_from) <= at < as_utc(req.valid_until):
            return request_coverage(req)
    ticket = session.get(Ticket, ticket_id)
    dpas = session.scalars(select(Dpa).where(Dpa.organisation_id == organisation_id, Dpa.ended_at.is_(None))
                           .order_by(Dpa.signed_at.desc())).all()
    for dpa in dpas:
        if dpa_valid(dpa, at) and dpa_scope_covers(dpa, entity_types):
            return dpa_coverage(dpa, at, ticket.assigned_consultant_id if ticket else None)
    for req in requests:
        if req.state == SUBMITTED and (until := _hold_until(req)) is not None and at < until:
            return request_coverage(req)
    return None


def coverage_by_id(session: Session, kind: str | None, coverage_id: str | None) -> Coverage | None:
    """The coverage an original was kept under (``Attachment.coverage_kind/coverage_id``), as it is now."""
    if kind == KIND_REQUEST and coverage_id:
        req = session.get(TransferRequest, coverage_id)
        return request_coverage(req) if req is not None else None
    if kind == KIND_DPA and coverage_id:
        dpa = session.get(Dpa, coverage_id)
        return dpa_coverage(dpa, as_utc(dpa.created_at) or dpa.created_at) if dpa is not None else None
    return None


def may_open_original(session: Session, principal: Principal, *, coverage_kind: str | None,
                      coverage_id: str | None, ticket_id: str | None = None) -> bool:
    """May this caller open an original kept under the given coverage? The DPO always may (while it is
    retained); a consultant only if named by the request (or the DPA / assigned to the ticket for a
    DPA), and never under a provisional hold. Clients and other roles never may."""
    if principal.role == DPO:
        return True
    cov = coverage_by_id(session, coverage_kind, coverage_id)
    if cov is None or cov.provisional or principal.role != "consultant":
        return False
    if principal.user_id in cov.consultant_ids:
        return cov.kind == KIND_DPA or cov.state in COVERING
    if cov.kind == KIND_DPA and ticket_id:
        ticket = session.get(Ticket, ticket_id)
        return ticket is not None and ticket.assigned_consultant_id == principal.user_id
    return False

"""Transfer requests: filing, the life cycle, the DPO's decisions and expiry.

draft -> submitted -> approved | rejected -> active -> expired | revoked | fulfilled; the client may
withdraw until the request has ended. Every transition is audited and notified (client organisation,
the filing user in-app, the named consultants, and the DPOs on submission), each in their language.
Ending a request destroys the originals it kept (:mod:`forms.originals`). The caller commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms import notify
from forms.fields import CURRENT_VERSION, schema
from forms.i18n import action_label, state_label, t
from forms.models import (
    ACTIVE,
    APPROVED,
    COVERING,
    DRAFT,
    EXPIRED,
    FULFILLED,
    KIND_DPA,
    KIND_REQUEST,
    REJECTED,
    REVOKED,
    SUBMITTED,
    TERMINAL,
    WITHDRAWN,
    Dpa,
    TransferRequest,
    TransferRequestTicket,
)
from forms.originals import destroy_covered, destroy_entry, overdue_entries, set_retain_until
from forms.validation import FormError, Problems, require_complete, validate, validate_consultants
from retention import audit
from retention.vault import RETAINED, VaultEntry
from sargas.clock import as_utc, now
from sargas.db import new_id
from sargas.models import User
from sargas.principal import ADMIN, CLIENT, CONSULTANT, DPO, Principal
from sargas.settings import get_settings

# action -> (states it is allowed from, state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "edit": ((DRAFT,), DRAFT),
    "submit": ((DRAFT,), SUBMITTED),
    "withdraw": ((DRAFT, SUBMITTED, APPROVED, ACTIVE), WITHDRAWN),
    "approve": ((SUBMITTED,), APPROVED),
    "reject": ((SUBMITTED,), REJECTED),
    "revoke": ((APPROVED, ACTIVE), REVOKED),
    "fulfil": ((APPROVED, ACTIVE), FULFILLED),
}
CLIENT_ACTIONS = ("edit", "submit", "withdraw")
POLICY = "coverage_ended"  # retention.certificates policy code for every destruction done here
DPO_ACTIONS = ("approve", "reject", "revoke")


# --- access ---------------------------------------------------------------------------------------

def visible(p: Principal, req: TransferRequest) -> bool:
    if p.role in (DPO, ADMIN):
        return True
    if p.role == CONSULTANT:
        return p.user_id in (req.consultant_ids or [])
    return p.role == CLIENT and p.organisation_id == req.organisation_id


def get_visible(session: Session, p: Principal, request_id: str) -> TransferRequest:
    req = session.get(TransferRequest, request_id)
    if req is None or not visible(p, req):
        raise FormError(404, "not_found", t("not_found", p.lang))
    return req


def list_visible(session: Session, p: Principal, state: str | None = None) -> list[TransferRequest]:
    q = select(TransferRequest).order_by(TransferRequest.created_at.desc())
    if state:
        q = q.where(TransferRequest.state == state)
    if p.role == CLIENT:
        q = q.where(TransferRequest.organisation_id == p.organisation_id)
    elif p.role not in (DPO, ADMIN, CONSULTANT):
        return []
    rows = session.scalars(q.limit(1000)).all()
    return [r for r in rows if visible(p, r)]


def _check(p: Principal, req: TransferRequest, action: str) -> None:
    """403 for the wrong role, then 409 for the wrong state (with a clear message)."""
    if action in DPO_ACTIONS and p.role != DPO:
        raise FormError(403, "forbidden", t("dpo_only", p.lang))
    own = p.role == CLIENT and p.organisation_id == req.organisation_id
    if action in CLIENT_ACTIONS and not own:
        raise FormError(403, "forbidden", t("client_only", p.lang))
    if action == "fulfil" and not (p.role == DPO or own):
        raise FormError(403, "forbidden", t("client_only", p.lang))
    allowed, _ = TRANSITIONS[action]
    if req.state not in allowed:
        raise FormError(409, "invalid_transition", t(
            "conflict", p.lang, ref=req.reference, action=action_label(action, p.lang),
            state=state_label(req.state, p.lang), allowed=", ".join(state_label(s, p.lang) for s in allowed)))


# --- filing ---------------------------------------------------------------------------------------

def _apply(session: Session, req: TransferRequest, data: Any, p: Principal) -> None:
    form = schema(req.schema_version)
    cleaned = validate(session, data, form=form, organisation_id=req.organisation_id, lang=p.lang,
                       ticket_ids=[x.ticket_id for x in req.tickets])
    answers = dict(req.answers or {})
    answers.update(cleaned.answers)
    req.answers = answers
    if "retention_days" in cleaned.answers:
        req.retention_days = cleaned.answers["retention_days"]
    if cleaned.consultant_ids is not None:
        req.consultant_ids = cleaned.consultant_ids
    if cleaned.ticket_ids is not None:
        existing = {x.ticket_id: x for x in req.tickets}  # reuse rows: (request, ticket) is unique
        rows = [existing.get(tid) or TransferRequestTicket(ticket_id=tid) for tid in cleaned.ticket_ids]
        for i, row in enumerate(rows):
            row.position = i
        req.tickets = rows
    req.updated_at = now()


def create(session: Session, p: Principal, data: Any) -> TransferRequest:
    """A client files a new request (state draft). Fields present are validated; 422 per field."""
    if p.role != CLIENT or not p.organisation_id:
        raise FormError(403, "forbidden", t("client_only", p.lang))
    user = session.get(User, p.user_id)
    rid = new_id()
    req = TransferRequest(id=rid, reference="TR-" + rid[:10].upper(), organisation_id=p.organisation_id,
                          created_by=p.user_id, lang=p.lang, schema_version=CURRENT_VERSION, state=DRAFT,
                          answers={}, consultant_ids=[], created_at=now(), updated_at=now())
    _apply(session, req, data, p)
    answers = dict(req.answers)
    if not answers.get("contact_email") and user is not None:
        answers["contact_email"] = user.email
    if not answers.get("contact_name") and user is not None and user.name:
        answers["contact_name"] = user.name
    req.answers = answers
    session.add(req)
    session.flush()
    audit.record(session, p.user_id, "transfer_request.created", "transfer_request", req.id, p.ip,
                 {"reference": req.reference, "state": DRAFT, "schema_version": req.schema_version},
                 actor_role=p.role)
    return req


def update(session: Session, p: Principal, request_id: str, data: Any) -> TransferRequest:
    req = get_visible(session, p, request_id)
    _check(p, req, "edit")
    _apply(session, req, data, p)
    audit.record(session, p.user_id, "transfer_request.edited", "transfer_request", req.id, p.ip,
                 {"fields": sorted(data) if isinstance(data, dict) else []}, actor_role=p.role)
    return req


# --- transitions ----------------------------------------------------------------------------------

def _move(session: Session, req: TransferRequest, to: str, *, actor: str | None, role: str | None,
          ip: str | None, reason: str | None = None, destroyed: int | None = None) -> None:
    before, req.state, req.updated_at = req.state, to, now()
    details: dict[str, Any] = {"reference": req.reference, "from": before, "to": to,
                               "tickets": len(req.tickets)}
    if destroyed is not None:
        details["originals_destroyed"] = destroyed
    if reason:
        details["reason_given"] = True  # the text itself is on the request, not in the audit log
    audit.record(session, actor, f"transfer_request.{to}", "transfer_request", req.id, ip, details,
                 actor_role=role)
    notify.request_event(session, req, to, reason=reason, destroyed=destroyed)


def _end(session: Session, req: TransferRequest, to: str, *, actor: str | None, role: str | None,
         ip: str | None, reason: str | None) -> None:
    n = destroy_covered(session, kind=KIND_REQUEST, coverage_id=req.id, reason=POLICY,
                        actor=actor, ip=ip)
    req.ended_at, req.ended_by, req.end_reason = now(), actor or audit.SYSTEM, reason
    req.originals_destroyed = (req.originals_destroyed or 0) + n
    _move(session, req, to, actor=actor, role=role, ip=ip, reason=reason, destroyed=n)


def _reason(p: Principal, body: dict[str, Any] | None, required: bool) -> str | None:
    v = (body or {}).get("reason")
    v = v.strip() if isinstance(v, str) else None
    if required and not v:
        raise FormError(422, "invalid_request", t("invalid", p.lang),
                        [{"field": "reason", "code": "required", "problem": t("reason_required", p.lang)}])
    if v and len(v) > 2000:
        raise FormError(422, "invalid_request", t("invalid", p.lang),
                        [{"field": "reason", "code": "too_long", "problem": t("too_long", p.lang, max=2000)}])
    return v


def submit(session: Session, p: Principal, request_id: str) -> TransferRequest:
    req = get_visible(session, p, request_id)
    _check(p, req, "submit")
    require_complete(req.answers or {}, form=schema(req.schema_version), lang=p.lang)
    req.submitted_at = now()
    _move(session, req, SUBMITTED, actor=p.user_id, role=p.role, ip=p.ip)
    return req


def withdraw(session: Session, p: Principal, request_id: str, body: dict[str, Any] | None) -> TransferRequest:
    req = get_visible(session, p, request_id)
    _check(p, req, "withdraw")
    _end(session, req, WITHDRAWN, actor=p.user_id, role=p.role, ip=p.ip, reason=_reason(p, body, False))
    return req


def approve(session: Session, p: Principal, request_id: str, body: dict[str, Any] | None) -> TransferRequest:
    """DPO: approve (optionally granting fewer ``retention_days`` than requested, and naming the
    ``consultants`` who may open originals). The request is in force from now for the granted days:
    approved, then at once active."""
    req = get_visible(session, p, request_id)
    _check(p, req, "approve")
    days = req.retention_days or get_settings().transfer_max_retention_days
    granted = (body or {}).get("retention_days")
    if granted is not None:
        if isinstance(granted, bool) or not isinstance(granted, int) or not 1 <= granted <= days:
            raise FormError(422, "invalid_request", t("invalid", p.lang), [{
                "field": "retention_days", "code": "retention_range",
                "problem": t("retention_range", p.lang, max=days)}])
        days = granted
    named = (body or {}).get("consultants")
    if named is not None:  # the DPO names who may open the originals (the client may leave it to them)
        probs = Problems(p.lang)
        spec = schema(req.schema_version).field("consultants")
        if not isinstance(named, list) or spec is None:
            probs.add("consultants", "not_list")
        elif (c := validate_consultants(session, probs, spec, named)) is not None:
            req.consultant_ids = c[1]
            req.answers = {**(req.answers or {}), "consultants": c[0]}
        probs.raise_if_any()
    dpo = session.get(User, p.user_id)
    at = now()
    req.retention_days = days
    req.decided_at, req.decided_by = at, p.user_id
    req.decided_by_name = (dpo.name or dpo.email) if dpo is not None else p.email
    req.decision_reason = _reason(p, body, False)
    req.valid_from, req.valid_until = at, at + timedelta(days=days)
    set_retain_until(session, kind=KIND_REQUEST, coverage_id=req.id, until=req.valid_until)
    _move(session, req, APPROVED, actor=p.user_id, role=p.role, ip=p.ip)
    activate(session, req)
    return req


def activate(session: Session, req: TransferRequest, *, at: datetime | None = None) -> bool:
    """approved -> active once the validity window has started (at approval, or by :func:`expire_due`)."""
    at = at or now()
    if req.state != APPROVED or req.valid_from is None or as_utc(req.valid_from) > at:
        return False
    req.activated_at = at
    _move(session, req, ACTIVE, actor=None, role=None, ip=None)
    return True


def reject(session: Session, p: Principal, request_id: str, body: dict[str, Any] | None) -> TransferRequest:
    req = get_visible(session, p, request_id)
    _check(p, req, "reject")
    reason = _reason(p, body, True)
    dpo = session.get(User, p.user_id)
    req.decided_at, req.decided_by, req.decision_reason = now(), p.user_id, reason
    req.decided_by_name = (dpo.name or dpo.email) if dpo is not None else p.email
    _end(session, req, REJECTED, actor=p.user_id, role=p.role, ip=p.ip, reason=reason)
    return req


def revoke(session: Session, p: Principal, request_id: str, body: dict[str, Any] | None) -> TransferRequest:
    req = get_visible(session, p, request_id)
    _check(p, req, "revoke")
    _end(session, req, REVOKED, actor=p.user_id, role=p.role, ip=p.ip, reason=_reason(p, body, True))
    return req


def fulfil(session: Session, p: Principal, request_id: str, body: dict[str, Any] | None) -> TransferRequest:
    """The material is no longer needed (client or DPO): end the request, destroy its originals."""
    req = get_visible(session, p, request_id)
    _check(p, req, "fulfil")
    _end(session, req, FULFILLED, actor=p.user_id, role=p.role, ip=p.ip, reason=_reason(p, body, False))
    return req


# --- expiry (called by the scheduler / retention sweeper) -----------------------------------------

def expire_due(session: Session, at: datetime | None = None) -> dict[str, int]:
    """Do every time-driven step of the forms life cycle that is due at ``at`` (default: now).

    1. approved requests whose window has started -> active;
    2. approved/active requests whose window has ended -> expired, their originals destroyed;
    3. DPAs past their expiry -> ended, their originals destroyed, the organisation told;
    4. originals kept under a request/DPA whose own ``retain_until`` has passed (e.g. a provisional
       hold for a request the DPO never decided, or a DPA's retention days) -> destroyed;
    5. originals still marked retained under a request that has ended or a DPA that ended (an upload
       decided concurrently with the ending) -> destroyed.

    Idempotent; the caller commits (then ``sargas.db.wal_checkpoint()``). Returns counts.
    """
    at = as_utc(at) if at else now()
    out = {"activated": 0, "expired": 0, "dpas_ended": 0, "originals_destroyed": 0}
    for req in session.scalars(select(TransferRequest).where(TransferRequest.state == APPROVED,
                                                             TransferRequest.valid_from <= at)).all():
        out["activated"] += activate(session, req, at=at)
    for req in session.scalars(select(TransferRequest).where(TransferRequest.state.in_(COVERING),
                                                             TransferRequest.valid_until <= at)).all():
        before = req.originals_destroyed or 0
        _end(session, req, EXPIRED, actor=None, role=None, ip=None, reason=None)
        out["expired"] += 1
        out["originals_destroyed"] += (req.originals_destroyed or 0) - before
    from forms.dpa import end_dpa  # local: forms.dpa imports this module's helpers

    for dpa in session.scalars(select(Dpa).where(Dpa.ended_at.is_(None), Dpa.expires_at <= at)).all():
        out["originals_destroyed"] += end_dpa(session, dpa, reason="expired", actor=None, ip=None)
        out["dpas_ended"] += 1
    for entry in overdue_entries(session, kinds=(KIND_REQUEST, KIND_DPA), at=at):
        out["originals_destroyed"] += destroy_entry(session, entry, reason=POLICY)
    kept = select(VaultEntry).where(VaultEntry.status == RETAINED,
                                    VaultEntry.coverage_kind.in_((KIND_REQUEST, KIND_DPA)))
    for entry in session.scalars(kept).all():
        if _coverage_ended(session, entry):
            out["originals_destroyed"] += destroy_entry(session, entry, reason=POLICY)
    return out


def _coverage_ended(session: Session, entry: VaultEntry) -> bool:
    if entry.coverage_kind == KIND_REQUEST:
        req = session.get(TransferRequest, entry.coverage_id)
        return req is None or req.state in TERMINAL
    dpa = session.get(Dpa, entry.coverage_id)
    return dpa is None or dpa.ended_at is not None


def coverage_end(session: Session, entry: VaultEntry) -> datetime | None:
    """Live end of a retained original's coverage, for ``retention.sweeper.sweep(coverage_end=...)``:
    the request's window end (or its end time once ended), the provisional-hold end for a submitted
    request, the DPA's expiry/end; ``None`` if the entry is not under forms coverage."""
    if entry.coverage_kind == KIND_REQUEST:
        req = session.get(TransferRequest, entry.coverage_id)
        if req is None:
            return now()
        if req.state in TERMINAL:
            return as_utc(req.ended_at) or now()
        from forms.coverage import request_coverage

        return request_coverage(req).until if req.state == SUBMITTED else as_utc(req.valid_until)
    if entry.coverage_kind == KIND_DPA:
        dpa = session.get(Dpa, entry.coverage_id)
        if dpa is None:
            return now()
        ends = [d for d in (as_utc(dpa.ended_at), as_utc(dpa.expires_at), as_utc(entry.retain_until)) if d]
        return min(ends) if ends else None
    return None


def run_expiry() -> dict[str, int]:
    """:func:`expire_due` in its own transaction (for the embedded scheduler / a Celery beat task)."""
    from sargas.db import session_scope, wal_checkpoint

    with session_scope() as session:
        out = expire_due(session)
    if out["originals_destroyed"]:
        wal_checkpoint()
    return out

"""JSON shapes of the forms API (plain dicts: the answers follow the request's own schema version)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from forms.coverage import dpa_valid, request_coverage
from forms.fields import schema, special, vocab_label
from forms.i18n import state_label
from forms.models import COVERING, SUBMITTED, Dpa, TransferRequest
from sargas.clock import as_utc, now
from sargas.models import User


def iso(dt: datetime | None) -> str | None:
    dt = as_utc(dt)
    return dt.isoformat() if dt else None


def request_out(req: TransferRequest, lang: str) -> dict[str, Any]:
    form = schema(req.schema_version)
    answers = {name: (req.answers or {}).get(name) for name in form.names}
    cats = answers.get("data_categories") or []
    cov = request_coverage(req) if req.state in COVERING + (SUBMITTED,) else None
    return {
        "id": req.id,
        "reference": req.reference,
        "state": req.state,
        "state_label": state_label(req.state, lang),
        "organisation_id": req.organisation_id,
        "lang": req.lang,
        "schema_version": req.schema_version,
        **answers,
        "tickets": [x.ticket.ref for x in req.tickets],
        "special_categories": special(cats),
        "special_categories_labels": [vocab_label(c, lang) for c in special(cats)],
        "granted_retention_days": req.retention_days if req.decided_at and req.state != "rejected" else None,
        "created_at": iso(req.created_at),
        "updated_at": iso(req.updated_at),
        "submitted_at": iso(req.submitted_at),
        "decided_at": iso(req.decided_at),
        "decided_by": req.decided_by_name,
        "decision_reason": req.decision_reason,
        "valid_from": iso(req.valid_from),
        "valid_until": iso(req.valid_until),
        "activated_at": iso(req.activated_at),
        "ended_at": iso(req.ended_at),
        "end_reason": req.end_reason,
        "originals_destroyed": req.originals_destroyed or 0,
        "covers_originals_until": iso(cov.until) if cov else None,
        "provisional_hold": bool(cov and cov.provisional and cov.until and cov.until > now()),
        "pdf_url": f"/api/v1/transfer-requests/{req.id}/pdf",
    }


def dpa_out(session: Session, dpa: Dpa) -> dict[str, Any]:
    emails = [u.email for cid in (dpa.consultant_ids or []) if (u := session.get(User, cid)) is not None]
    return {
        "id": dpa.id,
        "organisation_id": dpa.organisation_id,
        "reference": dpa.reference,
        "signed_at": iso(dpa.signed_at),
        "expires_at": iso(dpa.expires_at),
        "scope": dpa.scope,
        "categories": list(dpa.categories or []),
        "retention_days": dpa.retention_days,
        "consultants": emails,
        "notes": dpa.notes,
        "valid": dpa_valid(dpa, now()),
        "ended_at": iso(dpa.ended_at),
        "end_reason": dpa.end_reason,
        "created_at": iso(dpa.created_at),
        "updated_at": iso(dpa.updated_at),
    }

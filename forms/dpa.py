"""Data-processing agreements per organisation (DPO/admin): create, read, update, end.

A valid DPA (signed, not expired, not ended) covers the organisation's uploads as its scope says
(``all`` tickets, or only uploads whose detected data falls in the listed ``categories``), with the
same retention bound and audit as a request. Ending a DPA (DELETE, or expiry via
``forms.service.expire_due``) destroys the originals it kept; the record itself stays for the audit.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms import notify
from forms.fields import VOCABS, FieldSpec
from forms.i18n import t
from forms.models import KIND_DPA, SCOPE_ALL, SCOPE_CATEGORIES, Dpa
from forms.originals import destroy_covered
from forms.validation import FormError, Problems, validate_consultants, validate_text
from retention import audit
from sargas.clock import as_utc, now
from sargas.models import Organisation
from sargas.principal import ADMIN, CLIENT, DPO, Principal
from sargas.settings import get_settings

_REF = FieldSpec("reference", "text", min_len=1, max_len=100)
_NOTES = FieldSpec("notes", "text", required=False, max_len=2000)
_CONSULTANTS = FieldSpec("consultants", "emails", required=False, max_items=50)
FIELDS = ("reference", "signed_at", "expires_at", "scope", "categories", "retention_days", "consultants",
          "notes")


def _org(session: Session, p: Principal, org_id: str, *, write: bool) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None:
        raise FormError(404, "not_found", t("org_not_found", p.lang))
    if p.role in (DPO, ADMIN):
        return org
    if not write and p.role == CLIENT and p.organisation_id == org_id:
        return org
    if p.role == CLIENT and p.organisation_id != org_id:
        raise FormError(404, "not_found", t("org_not_found", p.lang))
    raise FormError(403, "forbidden", t("dpo_only", p.lang))


def _date(p: Problems, name: str, v: Any) -> datetime | None:
    if isinstance(v, str):
        try:
            d = datetime.fromisoformat(v.strip()) if "T" in v else datetime.combine(
                date.fromisoformat(v.strip()), datetime.min.time())
            return as_utc(d) if d.tzinfo else d.replace(tzinfo=UTC)
        except ValueError:
            pass
    p.add(name, "not_date")
    return None


def _validate(session: Session, p: Principal, data: Any, dpa: Dpa | None) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise FormError(422, "invalid_request", t("not_object", p.lang), [])
    pr, out = Problems(p.lang), {}
    for key in data:
        if key not in FIELDS:
            pr.add(str(key), "unknown_field")
    for name in ("reference", "signed_at") if dpa is None else ():
        if data.get(name) in (None, ""):
            pr.add(name, "required")
    if data.get("reference") is not None:
        out["reference"] = validate_text(pr, _REF, data["reference"])
    if data.get("notes") is not None:
        out["notes"] = validate_text(pr, _NOTES, data["notes"])
    if data.get("signed_at") is not None:
        out["signed_at"] = _date(pr, "signed_at", data["signed_at"])
    if "expires_at" in data:
        out["expires_at"] = _date(pr, "expires_at", data["expires_at"]) if data["expires_at"] else None
    signed = out.get("signed_at") or (as_utc(dpa.signed_at) if dpa else None)
    if out.get("expires_at") and signed and out["expires_at"] <= signed:
        pr.add("expires_at", "date_order")
    if "scope" in data:
        if data["scope"] not in (SCOPE_ALL, SCOPE_CATEGORIES):
            pr.add("scope", "unknown_code", allowed=f"{SCOPE_ALL}, {SCOPE_CATEGORIES}")
        else:
            out["scope"] = data["scope"]
    if "categories" in data:
        cats = data["categories"]
        allowed = VOCABS["data_categories"]
        if not isinstance(cats, list) or any(c not in allowed for c in cats):
            pr.add("categories", "unknown_code", allowed=", ".join(allowed))
        else:
            out["categories"] = list(dict.fromkeys(cats))
    scope = out.get("scope") or (dpa.scope if dpa else SCOPE_ALL)
    cats = out.get("categories", dpa.categories if dpa else [])
    if scope == SCOPE_CATEGORIES and not cats and "categories" not in [i["field"] for i in pr.items]:
        pr.add("categories", "empty_list")
    max_days = get_settings().transfer_max_retention_days
    if "retention_days" in data:
        v = data["retention_days"]
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= max_days:
            pr.add("retention_days", "retention_range", max=max_days)
        else:
            out["retention_days"] = v
    if data.get("consultants") is not None:
        items = data["consultants"]
        if not isinstance(items, list):
            pr.add("consultants", "not_list")
        elif items and (c := validate_consultants(session, pr, _CONSULTANTS, items)):
            out["consultant_ids"] = c[1]
        elif not items:
            out["consultant_ids"] = []
    pr.raise_if_any()
    return out


def create(session: Session, p: Principal, org_id: str, data: Any) -> Dpa:
    org = _org(session, p, org_id, write=True)
    v = _validate(session, p, data, None)
    dpa = Dpa(organisation_id=org.id, reference=v["reference"], signed_at=v["signed_at"],
              expires_at=v.get("expires_at"), scope=v.get("scope", SCOPE_ALL),
              categories=v.get("categories", []),
              retention_days=v.get("retention_days", get_settings().transfer_max_retention_days),
              consultant_ids=v.get("consultant_ids", []), notes=v.get("notes"), created_by=p.user_id,
              created_at=now(), updated_at=now())
    session.add(dpa)
    session.flush()
    audit.record(session, p.user_id, "dpa.created", "dpa", dpa.id, p.ip,
                 {"organisation_id": org.id, "scope": dpa.scope, "retention_days": dpa.retention_days},
                 actor_role=p.role)
    return dpa


def list_for(session: Session, p: Principal, org_id: str) -> list[Dpa]:
    _org(session, p, org_id, write=False)
    q = select(Dpa).where(Dpa.organisation_id == org_id).order_by(Dpa.signed_at.desc())
    return list(session.scalars(q))


def get(session: Session, p: Principal, org_id: str, dpa_id: str, *, write: bool = False) -> Dpa:
    _org(session, p, org_id, write=write)
    dpa = session.get(Dpa, dpa_id)
    if dpa is None or dpa.organisation_id != org_id:
        raise FormError(404, "not_found", t("dpa_not_found", p.lang))
    return dpa


def update(session: Session, p: Principal, org_id: str, dpa_id: str, data: Any) -> Dpa:
    dpa = get(session, p, org_id, dpa_id, write=True)
    if dpa.ended_at is not None:
        raise FormError(409, "dpa_ended", t("dpa_ended", p.lang))
    v = _validate(session, p, data, dpa)
    for k, val in v.items():
        setattr(dpa, k, val)
    dpa.updated_at = now()
    audit.record(session, p.user_id, "dpa.updated", "dpa", dpa.id, p.ip, {"fields": sorted(v)},
                 actor_role=p.role)
    return dpa


def end_dpa(session: Session, dpa: Dpa, *, reason: str, actor: str | None, ip: str | None,
            role: str | None = None) -> int:
    """End a DPA (``expired`` | ``terminated``): destroy the originals it kept, audit, tell the org."""
    if dpa.ended_at is not None:
        return 0
    dpa.ended_at, dpa.end_reason = now(), reason
    n = destroy_covered(session, kind=KIND_DPA, coverage_id=dpa.id, reason="coverage_ended", actor=actor,
                        ip=ip)
    audit.record(session, actor, f"dpa.{reason}", "dpa", dpa.id, ip, {"originals_destroyed": n},
                 actor_role=role)
    notify.dpa_ended(session, dpa, why=reason, destroyed=n)
    return n


def terminate(session: Session, p: Principal, org_id: str, dpa_id: str) -> tuple[Dpa, int]:
    dpa = get(session, p, org_id, dpa_id, write=True)
    if dpa.ended_at is not None:
        raise FormError(409, "dpa_ended", t("dpa_ended", p.lang))
    return dpa, end_dpa(session, dpa, reason="terminated", actor=p.user_id, ip=p.ip, role=p.role)

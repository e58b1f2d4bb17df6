"""Server-side validation of the transfer-request form, with messages in the client's language.

:func:`validate` checks the fields present (drafts may be incomplete); :func:`require_complete` checks
that everything required is there before submission. Both raise :class:`FormError` (422) listing
every problem as ``{"field": "consultants[1]", "code": "unknown_consultant", "problem": "<text>"}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.fields import VOCABS, FieldSpec, FormSchema
from forms.i18n import t
from sargas.models import Ticket, User
from sargas.principal import CONSULTANT
from sargas.settings import get_settings

EMAIL_RE = re.compile(r"^[^@\s<>\"']{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-./]{5,40}$")
REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/]{0,31}$")


class FormError(Exception):
    """An error answer of the forms API (already in the caller's language)."""

    def __init__(self, status: int, code: str, message: str,
                 fields: list[dict[str, str]] | None = None) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.fields = status, code, message, fields

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.fields is not None:
            out["fields"] = self.fields
        return out


@dataclass
class Problems:
    lang: str
    items: list[dict[str, str]] = field(default_factory=list)

    def add(self, name: str, code: str, **kw: object) -> None:
        self.items.append({"field": name, "code": code, "problem": t(code, self.lang, **kw)})

    def raise_if_any(self) -> None:
        if self.items:
            raise FormError(422, "invalid_request", t("invalid", self.lang), self.items)


def validate_text(p: Problems, f: FieldSpec, v: Any) -> str | None:
    if not isinstance(v, str):
        p.add(f.name, "not_text")
        return None
    v = v.strip()
    if f.required and not v:
        p.add(f.name, "required")
    elif v and len(v) < f.min_len:
        p.add(f.name, "too_short", min=f.min_len)
    elif len(v) > f.max_len:
        p.add(f.name, "too_long", max=f.max_len)
    else:
        return v
    return None


def _list(p: Problems, f: FieldSpec, v: Any) -> list[Any] | None:
    if not isinstance(v, list):
        p.add(f.name, "not_list")
        return None
    if not v and f.required:
        p.add(f.name, "empty_list")
        return None
    if len(v) > f.max_items:
        p.add(f.name, "too_many", max=f.max_items)
        return None
    return v


def _codes(p: Problems, f: FieldSpec, items: list[Any]) -> list[str] | None:
    allowed, out, ok = VOCABS[f.vocab or ""], [], True
    for i, c in enumerate(items):
        if not isinstance(c, str) or c not in allowed:
            p.add(f"{f.name}[{i}]", "unknown_code", allowed=", ".join(allowed))
            ok = False
        elif c in out:
            p.add(f"{f.name}[{i}]", "duplicate")
            ok = False
        else:
            out.append(c)
    return out if ok else None


def _tickets(session: Session, p: Problems, f: FieldSpec, items: list[Any],
             organisation_id: str) -> tuple[list[str], list[str]] | None:
    refs: list[str] = []
    ids: list[str] = []
    for i, r in enumerate(items):
        name = f"{f.name}[{i}]"
        if not isinstance(r, str) or not REF_RE.match(r.strip()):
            p.add(name, "unknown_ticket")
            continue
        ref = r.strip().upper()
        if ref in refs:
            p.add(name, "duplicate")
            continue
        ticket = session.scalar(select(Ticket).where(func.upper(Ticket.ref) == ref))
        if ticket is None or ticket.organisation_id != organisation_id:
            p.add(name, "unknown_ticket")  # same answer for "other organisation": nothing leaks
            continue
        refs.append(ticket.ref)
        ids.append(ticket.id)
    return (refs, ids) if len(refs) == len(items) else None


def validate_consultants(session: Session, p: Problems, f: FieldSpec, items: list[Any],
                         allowed: set[str] | None = None) -> tuple[list[str], list[str]] | None:
    """Named consultants -> (e-mails, user ids). With ``allowed`` (the client's form: the consultants
    assigned to the request's tickets) any other address gets one and the same answer, whether or not
    it belongs to a consultant, so the form is no oracle for who the vendor's consultants are."""
    emails: list[str] = []
    ids: list[str] = []
    for i, e in enumerate(items):
        name = f"{f.name}[{i}]"
        if not isinstance(e, str) or not EMAIL_RE.match(e.strip()):
            p.add(name, "not_email" if allowed is None else "not_assigned_consultant")
            continue
        email = e.strip().lower()
        if email in emails:
            p.add(name, "duplicate")
            continue
        user = session.scalar(select(User).where(User.email == email))
        if allowed is not None and (user is None or user.id not in allowed or not user.active):
            p.add(name, "not_assigned_consultant")
            continue
        if user is None or user.role != CONSULTANT or not user.active:
            p.add(name, "unknown_consultant")
            continue
        emails.append(email)
        ids.append(user.id)
    return (emails, ids) if len(emails) == len(items) else None


@dataclass
class Cleaned:
    answers: dict[str, Any]
    ticket_ids: list[str] | None = None  # set when "tickets" was given
    consultant_ids: list[str] | None = None  # set when "consultants" was given


def assigned_consultants(session: Session, ticket_ids: list[str]) -> set[str]:
    """User ids of the active consultants assigned to these tickets (whom a client may name)."""
    if not ticket_ids:
        return set()
    return set(session.scalars(
        select(User.id).join(Ticket, Ticket.assigned_consultant_id == User.id)
        .where(Ticket.id.in_(ticket_ids), User.role == CONSULTANT, User.active.is_(True))))


def validate(session: Session, data: Any, *, form: FormSchema, organisation_id: str,
             lang: str, ticket_ids: list[str] | None = None) -> Cleaned:
    """Validate the fields present in ``data``; returns the normalised answers (only those fields).
    Named consultants must be assigned to the request's tickets (those in ``data``, else
    ``ticket_ids``: the tickets a draft already has)."""
    p = Problems(lang)
    if not isinstance(data, dict):
        raise FormError(422, "invalid_request", t("not_object", lang), [])
    out = Cleaned(answers={})
    max_days = get_settings().transfer_max_retention_days
    for key in data:
        if form.field(str(key)) is None:
            p.add(str(key), "unknown_field")
    for f in form.fields:
        if f.name not in data:
            continue
        v = data[f.name]
        if v is None and not f.required:
            out.answers[f.name] = None
            continue
        if f.kind == "text":
            out.answers[f.name] = validate_text(p, f, v)
        elif f.kind in ("email", "phone"):
            s = validate_text(p, f, v)
            if s and not (EMAIL_RE if f.kind == "email" else PHONE_RE).match(s):
                p.add(f.name, "not_" + f.kind)
            out.answers[f.name] = s.lower() if s and f.kind == "email" else s
        elif f.kind == "code":
            if not isinstance(v, str) or v not in VOCABS[f.vocab or ""]:
                p.add(f.name, "unknown_code", allowed=", ".join(VOCABS[f.vocab or ""]))
            else:
                out.answers[f.name] = v
        elif f.kind == "int":
            if isinstance(v, bool) or not isinstance(v, int):
                p.add(f.name, "not_int")
            elif not 1 <= v <= max_days:
                p.add(f.name, "retention_range", max=max_days)
            else:
                out.answers[f.name] = v
        elif f.kind == "bool":
            if not isinstance(v, bool):
                p.add(f.name, "not_bool")
            else:
                out.answers[f.name] = v
        elif (items := _list(p, f, v)) is not None:
            if not items:  # an optional list left empty
                out.answers[f.name] = []
                if f.kind == "emails":
                    out.consultant_ids = []
            elif f.kind == "codes":
                out.answers[f.name] = _codes(p, f, items)
            elif f.kind == "refs" and (r := _tickets(session, p, f, items, organisation_id)):
                out.answers[f.name], out.ticket_ids = r
            elif f.kind == "emails":
                tids = (out.ticket_ids or []) if "tickets" in data else (ticket_ids or [])
                if c := validate_consultants(session, p, f, items, assigned_consultants(session, tids)):
                    out.answers[f.name], out.consultant_ids = c
    p.raise_if_any()
    return out


def require_complete(answers: dict[str, Any], *, form: FormSchema, lang: str) -> None:
    """Before submission: every required field answered and the acknowledgement given."""
    p = Problems(lang)
    for f in form.fields:
        v = answers.get(f.name)
        if f.required and (v is None or v == "" or v == []):
            p.add(f.name, "required")
        elif f.kind == "bool" and f.required and v is not True:
            p.add(f.name, "must_acknowledge")
    p.raise_if_any()

"""Notices of the forms life cycle through the shared outbox (``sargas.outbox.enqueue``).

Who hears what, each in their own language:
- the client organisation (e-mail to its address, webhook, in-app for the user who filed) — always;
- the named consultants (in-app + e-mail) — on every transition after submission;
- the DPOs (in-app + e-mail) — when a request is submitted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.fields import special
from forms.i18n import DESTROYED, DPA_SUBJECT, LINK, REASON, SUBJECT, pick, state_label, t
from forms.models import SUBMITTED, Dpa, TransferRequest
from sargas import outbox
from sargas.clock import as_utc
from sargas.models import Organisation, User
from sargas.principal import DPO
from sargas.settings import get_settings
from sargas.timefmt import format_time


def fmt_time(dt: datetime | None, lang: str | None = None, zone: str | None = None) -> str:
    """A time in the organisation's zone (None: the deployment's), Babel-formatted, zone labelled."""
    return format_time(as_utc(dt), lang, zone, fmt="short", label=True) if dt else "—"


def request_link(req: TransferRequest, staff: bool) -> str:
    """The web page of the request: the DPO's decision page, or the client's / consultant's view."""
    base = get_settings().public_base_url.rstrip("/")
    return f"{base}/dpo/requests/{req.id}" if staff else f"{base}/requests/{req.id}"


def _text(req: TransferRequest, event: str, lang: str, *, reason: str | None,
          destroyed: int | None, zone: str | None = None, link: str | None = None) -> tuple[str, str]:
    from forms.coverage import request_coverage

    until = req.valid_until if event != SUBMITTED else request_coverage(req).until
    body = t(event, lang, ref=req.reference, tickets=", ".join(x.ticket.ref for x in req.tickets) or "—",
             until=fmt_time(until, lang, zone), dpo=req.decided_by_name or "—")
    if reason:
        body += pick(REASON, lang, reason=reason)
    if destroyed is not None:
        body += pick(DESTROYED, lang, destroyed=destroyed)
    if link:
        body += "\n\n" + pick(LINK, lang, url=link)
    return pick(SUBJECT, lang, ref=req.reference, state=state_label(event, lang)), body


def request_event(session: Session, req: TransferRequest, event: str, *, reason: str | None = None,
                  destroyed: int | None = None) -> None:
    org = session.get(Organisation, req.organisation_id)
    payload: dict[str, Any] = {
        "request_id": req.id, "reference": req.reference, "state": req.state,
        "tickets": [x.ticket.ref for x in req.tickets],
        "special_categories": special((req.answers or {}).get("data_categories") or ())}
    if destroyed is not None:
        payload["originals_destroyed"] = destroyed
    if req.valid_until is not None:
        payload["valid_until"] = as_utc(req.valid_until).isoformat()
    kind = f"transfer_request.{event}"
    common = dict(kind=kind, payload=payload, object_type="transfer_request", object_id=req.id)
    zone = org.timezone if org is not None else None
    subject, body = _text(req, event, req.lang, reason=reason, destroyed=destroyed, zone=zone,
                          link=request_link(req, staff=False))
    outbox.enqueue(session, organisation=org, lang=req.lang, subject=subject, body=body,
                   user_id=req.created_by, **common)
    recipients: list[User] = []
    if req.state != "draft" and not (event == "withdrawn" and req.submitted_at is None):
        recipients += [u for cid in (req.consultant_ids or []) if (u := session.get(User, cid)) is not None]
    if event == SUBMITTED:
        recipients += list(session.scalars(select(User).where(User.role == DPO, User.active.is_(True))))
    for user in recipients:
        lang = user.effective_lang
        subject, body = _text(req, event, lang, reason=reason, destroyed=destroyed, zone=zone,
                              link=request_link(req, staff=user.role == DPO))
        outbox.enqueue(session, organisation=None, lang=lang, subject=subject, body=body, user_id=user.id,
                       email=user.email, channels=(outbox.INAPP, outbox.EMAIL), **common)


def dpa_ended(session: Session, dpa: Dpa, *, why: str, destroyed: int) -> None:
    org = session.get(Organisation, dpa.organisation_id)
    lang = org.lang if org is not None else "en"
    body = t("dpa_ended", lang, ref=dpa.reference, why=why) + pick(DESTROYED, lang, destroyed=destroyed)
    outbox.enqueue(session, organisation=org, kind="dpa.ended", lang=lang,
                   subject=pick(DPA_SUBJECT, lang, ref=dpa.reference), body=body,
                   payload={"dpa_id": dpa.id, "reference": dpa.reference, "reason": why,
                            "originals_destroyed": destroyed},
                   object_type="dpa", object_id=dpa.id)

"""Readable records for the DPO's audit log (issue 19.8): every audit action as translated words,
the details as key/value pairs in plain words instead of raw JSON, and the object as a link to its
page where there is one. Unknown actions and keys fall back to the stored code (never hidden), so a
new action shows up as its code until it gets a label."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.web.common import N_, Page
from sargas.models import Ticket

ACTION_LABELS = {
    "web.login": N_("Signed in"),
    "web.login_failed": N_("Failed sign-in"),
    "web.logout": N_("Signed out"),
    "ticket.created": N_("Ticket opened"),
    "ticket.updated": N_("Ticket changed"),
    "ticket.reopened": N_("Ticket re-opened"),
    "attachment.uploaded": N_("File uploaded"),
    "attachment.published": N_("Redacted copy published"),
    "attachment.rejected": N_("File rejected"),
    "redacted.read": N_("Redacted copy viewed"),
    "redacted.deleted": N_("Redacted copy deleted"),
    "original.read": N_("Original opened"),
    "original.access_denied": N_("Opening an original refused (not allowed)"),
    "original.read_refused": N_("Opening an original refused"),
    "original.retained": N_("Original kept encrypted"),
    "original.destroyed": N_("Original destroyed"),
    "original.destroy_deferred": N_("Destruction of an original postponed"),
    "certificate.viewed": N_("Destruction certificate viewed"),
    "certificates.pruned": N_("Old certificates removed"),
    "legal_hold.placed": N_("Legal hold placed"),
    "legal_hold.lifted": N_("Legal hold lifted"),
    "retention.policy_set": N_("Retention policy changed"),
    "audit.exported": N_("Audit log exported"),
    "audit.pruned": N_("Old audit events removed"),
    "dpa.created": N_("Data-processing agreement recorded"),
    "dpa.updated": N_("Data-processing agreement changed"),
    "dpa.ended": N_("Data-processing agreement ended"),
    "dpa.expired": N_("Data-processing agreement expired"),
    "dpa.terminated": N_("Data-processing agreement terminated"),
    "transfer_request.created": N_("Transfer request drafted"),
    "transfer_request.edited": N_("Transfer request edited"),
    "transfer_request.submitted": N_("Transfer request submitted"),
    "transfer_request.withdrawn": N_("Transfer request withdrawn"),
    "transfer_request.approved": N_("Transfer request approved"),
    "transfer_request.rejected": N_("Transfer request rejected"),
    "transfer_request.revoked": N_("Transfer request revoked"),
    "transfer_request.fulfilled": N_("Transfer request fulfilled"),
    "transfer_request.expired": N_("Transfer request expired"),
    "transfer_request.pdf": N_("Transfer request PDF downloaded"),
    "organisation.created": N_("Organisation created"),
    "user.created": N_("User created"),
    "user.updated": N_("User changed"),
    "user.language_changed": N_("Language changed"),
    "user.activated": N_("User re-activated"),
    "user.deactivated": N_("User deactivated"),
    "user.password_changed": N_("Password changed"),
    "user.password_change_failed": N_("Password change refused"),
    "user.password_reset_requested": N_("Password reset link requested"),
    "user.password_reset_by_admin": N_("Password reset by an administrator"),
    "user.password_reset": N_("Password reset with a link"),
    "user.password_set": N_("Password set with a link"),
    "token.issued": N_("API token issued"),
    "token.revoked": N_("API token revoked"),
    "helpdesk.failed": N_("Helpdesk hand-off failed"),
    "helpdesk.ticket_linked": N_("Linked to a helpdesk ticket"),
    "mail.received": N_("E-mail received"),
    "mail.ack": N_("E-mail acknowledged"),
    "mail.forward": N_("E-mail forwarded"),
    "mail.finished": N_("E-mail processed"),
    "job.requeued": N_("Processing restarted"),
    "vault.kek_rewrapped": N_("Vault key rotated"),
}
KEY_LABELS = {
    "ref": N_("Reference"),
    "reference": N_("Reference"),
    "state": N_("State"),
    "reason": N_("Reason"),
    "status": N_("Status"),
    "original": N_("Original"),
    "format": N_("Format"),
    "rows": N_("Rows"),
    "lang": N_("Language"),
    "by": N_("Channel"),
    "role": N_("Role"),
    "purpose": N_("Purpose"),
    "originals_destroyed": N_("Originals destroyed"),
    "assigned_consultant_id": N_("Consultant"),
    "filename": N_("File"),
    "size": N_("Size"),
    "counts": N_("Items hidden"),
    "object_id": N_("File"),
    "policy": N_("Reason"),
}
OBJECT_URLS = {
    "attachment": "/attachments/{id}",
    "transfer_request": "/dpo/requests/{id}",
    "legal_hold": "/dpo/holds?all=1",
    "dpa": "/dpo/dpas",
}
STATE_KEYS = ("status", "original", "state")


def action_label(page: Page, action: str) -> str:
    return page._(ACTION_LABELS[action]) if action in ACTION_LABELS else action


LINK_KEYS = {"object_id": "/attachments/{v}", "attachment_id": "/attachments/{v}", "ref": "/tickets/{v}",
             "ticket": "/tickets/{v}", "request_id": "/dpo/requests/{v}"}


def detail_pairs(page: Page, details: dict[str, Any] | None,
                 names: dict[str, str]) -> list[tuple[str, str, str | None]]:
    """``details`` as (label, value, link or None); user ids become e-mails, sizes Babel units,
    states and codes words, ids of attachments, tickets and requests links to their pages."""
    from intake_api.web.common import POLICY_LABELS, STATE_LABELS
    from intake_api.web.i18n import format_size

    out = []
    for key in sorted(details or {}):
        value = (details or {})[key]
        label = page._(KEY_LABELS[key]) if key in KEY_LABELS else key.replace("_", " ")
        if isinstance(value, bool):
            text = page._("Yes") if value else page._("No")
        elif isinstance(value, dict):
            text = ", ".join(f"{page.entity_label(k)}: {page.num(v) if isinstance(v, int) else v}"
                             for k, v in sorted(value.items()))
        elif isinstance(value, list | tuple):
            text = ", ".join(str(v) for v in value)
        elif key == "size" and isinstance(value, int):
            text = format_size(value, page.lang)
        elif isinstance(value, int):
            text = page.num(value)
        elif isinstance(value, str) and value in names:
            text = names[value]
        elif key in STATE_KEYS and isinstance(value, str) and value in STATE_LABELS:
            text = page._(STATE_LABELS[value])
        elif key in ("reason", "policy") and isinstance(value, str) and value in POLICY_LABELS:
            text = page._(POLICY_LABELS[value])
        else:
            text = "" if value is None else str(value)
        link = LINK_KEYS[key].format(v=quote(value, safe="")) \
            if key in LINK_KEYS and isinstance(value, str) and value else None
        out.append((label, text, link))
    return out


OBJECT_LABELS = {
    "ticket": N_("Ticket"),
    "attachment": N_("File"),
    "transfer_request": N_("Transfer request"),
    "legal_hold": N_("Legal hold"),
    "dpa": N_("Data-processing agreement"),
    "user": N_("User"),
    "organisation": N_("Organisation"),
    "audit": N_("Audit log"),
    "vault_entry": N_("Encrypted original"),
}


def object_label(page: Page, object_type: str | None) -> str:
    return page._(OBJECT_LABELS[object_type]) if object_type in OBJECT_LABELS else (object_type or "")


def objects(db: Session, events: list[Any]) -> dict[str, tuple[str, str | None]]:
    """object id -> (text, URL of its page or None) for the events shown; tickets by reference."""
    ticket_ids = {e.object_id for e in events if e.object_type == "ticket" and e.object_id}
    refs = dict(db.execute(select(Ticket.id, Ticket.ref).where(Ticket.id.in_(ticket_ids))).all()) \
        if ticket_ids else {}
    out: dict[str, tuple[str, str | None]] = {}
    for e in events:
        if not e.object_id:
            continue
        if e.object_type == "ticket":
            ref = refs.get(e.object_id)
            out[e.object_id] = (ref, f"/tickets/{ref}") if ref else (e.object_id[:8] + "…", None)
        else:
            url = OBJECT_URLS.get(e.object_type or "")
            out[e.object_id] = (e.object_id[:8] + "…", url.format(id=e.object_id) if url else None)
    return out

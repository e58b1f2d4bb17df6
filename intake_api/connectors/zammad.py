"""Zammad through its documented REST API (``/api/v1``, ``Authorization: Token token=<t>``).

- ticket: found by ``GET /tickets/search?query=<marker>&expand=true`` (title match), else
  ``POST /tickets`` in the group with an internal note as the first article;
- redacted copy and notes: ``POST /ticket_articles`` with ``internal: true``, attachments as base64
  ``{filename, data, mime-type}``; the idempotency marker is the article subject, looked for in
  ``GET /ticket_articles/by_ticket/{id}`` before writing;
- status: ``GET /tickets/{id}?expand=true``; ``closed`` and ``merged`` are closed.

How it fails: :class:`ConnectorError` — 401/403 ``auth_failed``, an unknown group (Zammad answers 422
naming it) ``queue_missing``, other 422 ``rejected``, 5xx ``server_error``, HTML ``bad_response``.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

from intake_api.connectors.base import (
    CLOSED,
    OPEN,
    ConnectorError,
    FileItem,
    Target,
    TicketInfo,
    call,
    marker,
)

CLOSED_STATES = {"closed", "merged"}


def _api(t: Target) -> str:
    return t.base_url.rstrip("/") + "/api/v1"


def _h(t: Target) -> dict[str, str]:
    return {"Authorization": f"Token token={t.token}", "Content-Type": "application/json"}


class ZammadConnector:
    kind = "zammad"

    def create_or_find_ticket(self, t: Target, ticket: TicketInfo) -> str:
        mark = marker(ticket.ref)
        found = call("GET", f"{_api(t)}/tickets/search", _h(t),
                     params={"query": mark, "limit": 10, "expand": "true"})
        if not isinstance(found, list):
            raise ConnectorError("bad_response")
        for item in found:
            if isinstance(item, dict) and mark in str(item.get("title", "")):
                return str(item["id"])
        body = {"title": f"{mark} {ticket.subject}"[:200], "group": t.queue,
                "customer_id": f"guess:{t.customer or 'sargas@localhost'}",
                "article": {"subject": mark, "body": f"Sargas ticket {ticket.ref}", "type": "note",
                            "internal": True, "content_type": "text/plain"}}
        try:
            doc = call("POST", f"{_api(t)}/tickets", _h(t), body=body)
        except ConnectorError as exc:
            if exc.code == "rejected":
                raise ConnectorError("queue_missing", 422) from None
            raise
        if not isinstance(doc, dict) or "id" not in doc:
            raise ConnectorError("bad_response")
        return str(doc["id"])

    def _article(self, t: Target, external_id: str, key: str, text: str, file: FileItem | None) -> None:
        mark = marker(key)
        arts = call("GET", f"{_api(t)}/ticket_articles/by_ticket/{quote(external_id)}", _h(t))
        if not isinstance(arts, list):
            raise ConnectorError("bad_response")
        if any(isinstance(a, dict) and mark in str(a.get("subject") or "") for a in arts):
            return
        body: dict = {"ticket_id": int(external_id) if external_id.isdigit() else external_id,
                      "subject": mark, "body": text, "content_type": "text/plain", "type": "note",
                      "internal": True}
        if file is not None:
            body["attachments"] = [{"filename": file.filename, "mime-type": file.mime,
                                    "data": base64.b64encode(file.data).decode()}]
        call("POST", f"{_api(t)}/ticket_articles", _h(t), body=body)

    def add_attachment(self, t: Target, external_id: str, key: str, file: FileItem, comment: str) -> None:
        self._article(t, external_id, key, comment, file)

    def add_internal_note(self, t: Target, external_id: str, key: str, text: str) -> None:
        self._article(t, external_id, key, text, None)

    def fetch_status(self, t: Target, external_id: str) -> str:
        doc = call("GET", f"{_api(t)}/tickets/{quote(external_id)}", _h(t), params={"expand": "true"})
        if not isinstance(doc, dict) or not ("state" in doc or "state_id" in doc):
            raise ConnectorError("bad_response")
        return CLOSED if str(doc.get("state", "")).lower() in CLOSED_STATES else OPEN

"""Request Tracker 5 through its REST 2 API (``/REST/2.0``, ``Authorization: token <t>``).

- ticket: found by TicketSQL (``Queue = '<q>' AND Subject LIKE '[<ref>]'``), else created in the queue;
- redacted copy: a comment whose subject carries the idempotency marker, the file as base64 JSON in
  ``Attachments``; before writing, the ticket's attachments are searched for the marker;
- note: a comment (RT comments are internal) with the same marker rule;
- status: ``resolved``/``rejected``/``deleted`` are closed, anything else open.

How it fails: a :class:`ConnectorError` — a missing or disabled queue is ``queue_missing`` (checked
before creating, since RT answers a missing queue with 403 like a missing right), a bad token
``auth_failed``, 5xx ``server_error``, HTML or non-JSON ``bad_response``, no connection ``unreachable``.
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

CLOSED_STATES = {"resolved", "rejected", "deleted"}


def _api(t: Target) -> str:
    return t.base_url.rstrip("/") + "/REST/2.0"


def _h(t: Target) -> dict[str, str]:
    return {"Authorization": f"token {t.token}", "Content-Type": "application/json"}


def _tsql(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


class RTConnector:
    kind = "rt"

    def _check_queue(self, t: Target) -> None:
        q = call("GET", f"{_api(t)}/queue/{quote(t.queue, safe='')}", _h(t), missing="queue_missing")
        if not isinstance(q, dict) or str(q.get("Disabled", "0")) == "1":
            raise ConnectorError("queue_missing")

    def create_or_find_ticket(self, t: Target, ticket: TicketInfo) -> str:
        self._check_queue(t)
        found = call("GET", f"{_api(t)}/tickets", _h(t), params={
            "query": f"Queue = '{_tsql(t.queue)}' AND Subject LIKE '{_tsql(marker(ticket.ref))}'"})
        items = found.get("items") if isinstance(found, dict) else None
        if items:
            return str(items[0]["id"])
        doc = call("POST", f"{_api(t)}/ticket", _h(t), missing="queue_missing",
                   body={"Queue": t.queue, "Subject": f"{marker(ticket.ref)} {ticket.subject}"[:200]})
        if not isinstance(doc, dict) or "id" not in doc:
            raise ConnectorError("bad_response")
        return str(doc["id"])

    def _has_marker(self, t: Target, external_id: str, key: str) -> bool:
        mark, page = marker(key), 1
        while True:
            doc = call("GET", f"{_api(t)}/ticket/{quote(external_id)}/attachments", _h(t),
                       params={"fields": "Subject", "per_page": 100, "page": page})
            if not isinstance(doc, dict):
                raise ConnectorError("bad_response")
            if any(mark in str(i.get("Subject") or "") for i in doc.get("items") or []):
                return True
            if page >= int(doc.get("pages") or 1):
                return False
            page += 1

    def _comment(self, t: Target, external_id: str, key: str, text: str,
                 file: FileItem | None = None) -> None:
        if self._has_marker(t, external_id, key):
            return
        body: dict = {"Subject": marker(key), "Content": text, "ContentType": "text/plain"}
        if file is not None:
            body["Attachments"] = [{"FileName": file.filename, "FileType": file.mime,
                                    "FileContent": base64.b64encode(file.data).decode()}]
        call("POST", f"{_api(t)}/ticket/{quote(external_id)}/comment", _h(t), body=body)

    def add_attachment(self, t: Target, external_id: str, key: str, file: FileItem, comment: str) -> None:
        self._comment(t, external_id, key, comment, file)

    def add_internal_note(self, t: Target, external_id: str, key: str, text: str) -> None:
        self._comment(t, external_id, key, text)

    def fetch_status(self, t: Target, external_id: str) -> str:
        doc = call("GET", f"{_api(t)}/ticket/{quote(external_id)}", _h(t))
        if not isinstance(doc, dict) or "Status" not in doc:
            raise ConnectorError("bad_response")
        return CLOSED if str(doc["Status"]).lower() in CLOSED_STATES else OPEN

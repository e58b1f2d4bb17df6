"""The connector seam: what Sargas asks of a vendor's helpdesk, and the one HTTP helper the REST
connectors share.

A connector (one module per helpdesk, listed in :data:`intake_api.connectors.CONNECTORS`) creates or
finds the helpdesk ticket of a Sargas ticket, adds a redacted copy with a comment of what was hidden,
adds an internal note (certificate id, never content) and reports the helpdesk's status. Every write
carries an idempotency ``key`` and is skipped if the helpdesk already holds it, so a retried outbox row
(timeout after the helpdesk accepted it) delivers exactly once.

How it fails: every problem is a :class:`ConnectorError` with a short code (``auth_failed``,
``queue_missing``, ``not_found``, ``server_error``, ``bad_response``, ``unreachable``) and the HTTP
status — never the token, a URL's query or a response body (which could echo content).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

OPEN, CLOSED = "open", "closed"


class ConnectorError(RuntimeError):
    def __init__(self, code: str, status: int | None = None) -> None:
        self.code, self.status = code, status
        super().__init__(code + (f" (http {status})" if status is not None else ""))


@dataclass(frozen=True)
class Target:
    """Where to hand off: the organisation's helpdesk (the token is read from its secret file)."""

    base_url: str
    queue: str
    token: str
    customer: str | None = None  # Zammad: the customer e-mail for new tickets

    def __repr__(self) -> str:  # never print the token
        return f"Target({self.base_url!r}, queue={self.queue!r})"


@dataclass(frozen=True)
class TicketInfo:
    ref: str  # HD-2026-00417 (the find key)
    subject: str


@dataclass(frozen=True)
class FileItem:
    filename: str
    mime: str
    data: bytes


class Connector(Protocol):
    kind: str

    def create_or_find_ticket(self, t: Target, ticket: TicketInfo) -> str: ...

    def add_attachment(self, t: Target, external_id: str, key: str, file: FileItem, comment: str) -> None: ...

    def add_internal_note(self, t: Target, external_id: str, key: str, text: str) -> None: ...

    def fetch_status(self, t: Target, external_id: str) -> str: ...  # OPEN | CLOSED


def marker(key: str) -> str:
    """The idempotency mark put in a comment's subject and looked for before writing."""
    return f"[sargas:{key}]"


def call(method: str, url: str, headers: dict[str, str], *, body: Any = None,
         params: dict[str, Any] | None = None, timeout: float = 20.0,
         missing: str = "not_found") -> Any:
    """One JSON request; returns the decoded JSON. ``missing`` names what a 404 means here."""
    try:
        r = httpx.request(method, url, headers={"Accept": "application/json", **headers},
                          content=None if body is None else json.dumps(body).encode(),
                          params=params, timeout=timeout, follow_redirects=False)
    except httpx.HTTPError:
        raise ConnectorError("unreachable", None) from None
    if r.status_code in (401, 403):
        raise ConnectorError("auth_failed", r.status_code)
    if r.status_code == 404:
        raise ConnectorError(missing, 404)
    if r.status_code >= 500:
        raise ConnectorError("server_error", r.status_code)
    if r.status_code >= 300 and r.status_code != 422:
        raise ConnectorError("bad_response", r.status_code)
    try:
        doc = r.json()
    except ValueError:
        raise ConnectorError("bad_response", r.status_code) from None  # HTML or garbage
    if r.status_code == 422:
        raise ConnectorError("rejected", 422)
    return doc


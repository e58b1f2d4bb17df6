"""Browser sessions: a signed session cookie (HMAC-SHA256, HttpOnly, SameSite=Lax, Secure behind
https), CSRF tokens bound to the session, and the same :class:`Principal` the API uses.

The cookie carries only ids and times: ``user id | issued | nonce | fingerprint`` where the
fingerprint is derived from the user's password hash, so changing the password or deactivating the
user ends every browser session. The signing key is ``SARGAS_WEB_SECRET`` or a file in the data
directory (generated with mode 0600 on first use).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.auth import principal_for
from retention.audit import AuditEvent
from sargas.models import User
from sargas.principal import Principal
from sargas.secretfile import write_secret
from sargas.settings import get_settings

SESSION_COOKIE = "sargas_session"
PRE_COOKIE = "sargas_pre"  # CSRF nonce for the sign-in form (before there is a session)
SESSION_SECONDS = 12 * 3600
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
LOGOUT_ACTION = "web.logout"


@lru_cache(maxsize=4)
def _secret_for(path: str, env: str | None) -> bytes:
    if env:
        return hashlib.sha256(b"sargas-web:" + env.encode()).digest()
    p = Path(path)
    if not p.exists():
        write_secret(p, base64.b64encode(secrets.token_bytes(32)) + b"\n")
    return base64.b64decode(p.read_bytes().strip())


def secret_key() -> bytes:
    s = get_settings()
    return _secret_for(str((s.data_dir / "web-secret.key").resolve()), os.environ.get("SARGAS_WEB_SECRET"))


def _mac(*parts: str) -> str:
    msg = "|".join(parts).encode()
    return base64.urlsafe_b64encode(hmac.new(secret_key(), msg, hashlib.sha256).digest()).decode().rstrip("=")


def fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.id}:{user.password_hash or ''}:{user.active}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class WebSession:
    user_id: str
    issued: int  # milliseconds since the epoch
    nonce: str

    @property
    def csrf(self) -> str:
        return _mac("csrf", self.user_id, self.nonce)


def encode_session(user: User) -> str:
    body = [user.id, str(int(time.time() * 1000)), secrets.token_urlsafe(12), fingerprint(user)]
    return ".".join(body) + "." + _mac("session", *body)


def decode_session(value: str | None) -> tuple[WebSession, str] | None:
    """(session, fingerprint) if the cookie is authentic and fresh; the caller checks the user."""
    if not value:
        return None
    parts = value.split(".")
    if len(parts) != 5:
        return None
    *body, sig = parts
    if not hmac.compare_digest(sig, _mac("session", *body)):
        return None
    user_id, issued, nonce, fp = body
    if not issued.isdigit() or time.time() - int(issued) / 1000 > SESSION_SECONDS:
        return None
    return WebSession(user_id, int(issued), nonce), fp


def is_https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def set_cookie(
    response: Response, request: Request, name: str, value: str, max_age: int | None, http_only: bool = True
) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=http_only, samesite="lax", secure=is_https(request), path="/"
    )


def sign_in(response: Response, request: Request, user: User) -> None:
    set_cookie(response, request, SESSION_COOKIE, encode_session(user), SESSION_SECONDS)
    response.delete_cookie(PRE_COOKIE, path="/")


def sign_out(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


@dataclass(frozen=True)
class Viewer:
    """The signed-in user of one request: the API's Principal plus what pages show."""

    principal: Principal
    user: User
    session: WebSession

    @property
    def role(self) -> str:
        return self.principal.role

    @property
    def csrf(self) -> str:
        return self.session.csrf


def current_viewer(request: Request, db: Session) -> Viewer | None:
    decoded = decode_session(request.cookies.get(SESSION_COOKIE))
    if decoded is None:
        return None
    ws, fp = decoded
    user = db.get(User, ws.user_id)
    if user is None or not user.active or not hmac.compare_digest(fp, fingerprint(user)):
        return None
    if signed_out_since(db, user.id, ws.issued):
        return None
    ip = request.client.host if request.client else None
    return Viewer(principal_for(user, ip), user, ws)


def signed_out_since(db: Session, user_id: str, issued_ms: int) -> bool:
    """Signing out ends every browser session of the user issued before it. The sign-out is an
    audit event already (``web.logout``), so the audit log doubles as the revocation list."""
    issued = datetime.fromtimestamp(issued_ms / 1000, UTC)
    q = (
        select(AuditEvent.seq)
        .where(AuditEvent.action == LOGOUT_ACTION, AuditEvent.object_id == user_id, AuditEvent.at >= issued)
        .limit(1)
    )
    return db.scalar(q) is not None


# --- login throttling ----------------------------------------------------------------------------
# Persistent and shared by replicas: intake_api.throttle (issue 18.3). Keys are built there with
# throttle.key("account", email) / throttle.key("address", ip).


def too_many_failures(db: Session, *keys: str) -> float:
    """Seconds the caller must wait (0.0 = may try now)."""
    from intake_api import throttle

    return throttle.retry_after(db, *keys)


def note_failure(db: Session, *keys: str) -> None:
    from intake_api import throttle

    throttle.note_failure(db, *keys)


def clear_failures(db: Session, *keys: str) -> None:
    from intake_api import throttle

    for k in keys:
        throttle.clear(db, k)


# --- CSRF ---------------------------------------------------------------------------------------


def pre_session_token(request: Request) -> tuple[str, str | None]:
    """(csrf token for the sign-in form, new cookie value or None if the existing one is kept)."""
    nonce = request.cookies.get(PRE_COOKIE)
    fresh = None
    if not nonce or len(nonce) < 16 or len(nonce) > 64:
        nonce = fresh = secrets.token_urlsafe(18)
    return _mac("pre", nonce), fresh


def check_pre_session(request: Request, token: str | None) -> bool:
    nonce = request.cookies.get(PRE_COOKIE)
    return bool(nonce and token and hmac.compare_digest(token, _mac("pre", nonce)) and same_origin(request))


def same_origin(request: Request) -> bool:
    """Reject cross-site POSTs by their Origin header (when the browser sends one)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1].rstrip("/") == host


def check_csrf(request: Request, viewer: Viewer, token: str | None) -> bool:
    token = token or request.headers.get(CSRF_HEADER)
    return bool(token and hmac.compare_digest(token, viewer.csrf) and same_origin(request))

"""Passwords (argon2), API tokens (random, shown once, stored as SHA-256) and the Bearer-token
dependency that replaces ``sargas.principal.current_principal`` in the app. A token is refused (401)
once revoked, past its expiry, or when its user is deactivated."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake_api.errors import ApiError
from sargas.clock import as_utc, now
from sargas.db import read_scope, session_scope
from sargas.models import ApiToken, User
from sargas.principal import Principal

TOKEN_PREFIX = "sgs_"  # noqa: S105 - a public prefix, not a secret
_ph = PasswordHasher()


def hash_password(password: str) -> str:
    return _ph.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return _ph.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, *, label: str | None = None,
                expires_at: datetime | None = None) -> str:
    """Create a new API token for ``user``; the plaintext is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token), prefix=token[:10], label=label,
                         expires_at=expires_at))
    return token


def principal_for(user: User, ip: str | None = None) -> Principal:
    return Principal(user_id=user.id, role=user.role, organisation_id=user.organisation_id, email=user.email,
                     lang=user.effective_lang, ip=ip)


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def bearer_principal(request: Request) -> Principal:
    """Resolve ``Authorization: Bearer <token>`` to a Principal (401 otherwise). The lookup runs in a
    read-only transaction, so authentication never queues behind SQLite writers."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthenticated", "Sign in with an API token (Authorization: Bearer ...).",
                       {"WWW-Authenticate": "Bearer"})
    from intake_api import throttle

    address = throttle.key("token", client_ip(request))
    with read_scope() as session:
        wait = throttle.retry_after(session, address)  # an address guessing tokens waits first
        if wait > 0:
            raise ApiError(429, "too_many_requests", "Too many invalid API tokens from this address; "
                           "try again later.", {"Retry-After": str(max(1, int(wait + 0.999)))})
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token.strip())))
        live = row is not None and row.revoked_at is None and (
            row.expires_at is None or as_utc(row.expires_at) > now())
        user = session.get(User, row.user_id) if row is not None and live else None
        valid = user is not None and user.active
        if valid:
            principal = principal_for(user, client_ip(request))
            token_id, last_used = row.id, row.last_used_at
    if not valid:
        with session_scope() as session:
            throttle.note_failure(session, address)
        raise ApiError(401, "unauthenticated", "The API token is not valid.", {"WWW-Authenticate": "Bearer"})
    t = now()
    if last_used is None or t - last_used > timedelta(minutes=5):
        with session_scope() as session:
            session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=t))
    return principal

"""Passwords (argon2), API tokens (random, shown once, stored as SHA-256) and the Bearer-token
dependency that replaces ``retention.principal.current_principal`` in the app."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.errors import ApiError
from retention.clock import now
from retention.db import get_session
from retention.models import ApiToken, User
from retention.principal import Principal

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


def issue_token(session: Session, user: User) -> str:
    """Create a new API token for ``user``; the plaintext is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token), prefix=token[:10]))
    return token


def principal_for(user: User, ip: str | None = None) -> Principal:
    return Principal(user_id=user.id, role=user.role, organisation_id=user.organisation_id, email=user.email,
                     lang=user.effective_lang, ip=ip)


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def bearer_principal(request: Request, session: Session = Depends(get_session)) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthenticated", "Sign in with an API token (Authorization: Bearer ...).",
                       {"WWW-Authenticate": "Bearer"})
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token.strip())))
    user = session.get(User, row.user_id) if row is not None and row.revoked_at is None else None
    if user is None or not user.active:
        raise ApiError(401, "unauthenticated", "The API token is not valid.", {"WWW-Authenticate": "Bearer"})
    t = now()
    if row.last_used_at is None or t - row.last_used_at > timedelta(minutes=5):
        row.last_used_at = t
    principal = principal_for(user, client_ip(request))
    session.commit()  # end the transaction now: SQLite write locks must not span a streaming upload
    return principal

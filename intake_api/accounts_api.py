"""API v1 for accounts: the caller's password and API tokens (``/me/...``), the password reset by
one-time e-mailed link (no token needed), and the administrator's user list, reset and
deactivation. The rules live in :mod:`intake_api.accounts`; this module maps them to HTTP.

How it fails: every refusal is the product's ``{"error", "message"}`` body: 403 for a wrong
current password or a non-admin, 429 after too many wrong current passwords (the sign-in
throttle), 404 for a token or user that is not there (or not the caller's), 409 for a change the
account's state does not allow, 410 for a spent or expired link, 422 for a password that breaks
the policy. A reset request always answers 202, whether or not the address exists.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api import accounts
from intake_api.auth import client_ip
from intake_api.errors import ApiError
from sargas.deps import SESSION
from sargas.models import ApiToken, User
from sargas.principal import ADMIN, Principal, current_principal

router = APIRouter(prefix="/api/v1", tags=["accounts"])


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


# no control characters (NUL included: PostgreSQL text refuses it, a 500 found by schemathesis)
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


class ResetRequest(BaseModel):
    email: str = Field(min_length=3, max_length=320, pattern=PRINTABLE)


class ResetConfirm(BaseModel):
    token: str = Field(min_length=1, max_length=200, pattern=PRINTABLE)
    new_password: str = Field(max_length=1024)


class TokenIn(BaseModel):
    label: str = Field(min_length=1, max_length=100, pattern=PRINTABLE)
    expires_in_days: int | None = Field(default=None, ge=1, le=accounts.MAX_TOKEN_DAYS,
                                        description="None: valid until revoked")


class TokenOut(BaseModel):
    id: str
    label: str | None
    prefix: str
    created_at: datetime
    expires_at: datetime | None = None
    last_used_at: datetime | None = None


class TokenCreated(TokenOut):
    token: str = Field(description="the secret; shown only in this answer")


class UserOut(BaseModel):
    id: str
    email: str
    name: str | None
    role: str
    organisation_id: str | None
    lang: str | None
    active: bool
    has_password: bool
    created_at: datetime


class ResetIssued(BaseModel):
    mailed: bool
    expires_in_seconds: int


def _refuse(exc: accounts.AccountError) -> ApiError:
    status = {"wrong_password": 403, "too_many": 429, "weak_password": 422, "link_invalid": 410,
              "not_found": 404, "self": 409, "inactive": 409, "label_required": 422,
              "bad_expiry": 422}.get(exc.code, 400)
    return ApiError(status, exc.code, str(exc))


def _user(session: Session, p: Principal) -> User:
    user = session.get(User, p.user_id)
    if user is None:
        raise ApiError(401, "unauthenticated", "The API token is not valid.", {"WWW-Authenticate": "Bearer"})
    return user


def _admin(p: Principal) -> None:
    if p.role != ADMIN:
        raise ApiError(403, "forbidden", "Only an administrator may do this.")


def _token_out(t: ApiToken) -> TokenOut:
    return TokenOut(id=t.id, label=t.label, prefix=t.prefix, created_at=t.created_at, expires_at=t.expires_at,
                    last_used_at=t.last_used_at)


def _user_out(u: User) -> UserOut:
    return UserOut(id=u.id, email=u.email, name=u.name, role=u.role, organisation_id=u.organisation_id,
                   lang=u.lang, active=u.active, has_password=bool(u.password_hash), created_at=u.created_at)


@router.post("/me/password", status_code=204, response_class=Response)
def change_password(body: PasswordChange, p: Principal = Depends(current_principal),
                    session: Session = SESSION) -> Response:
    """Change the caller's password (the current one is required). Every browser session of the
    user ends; API tokens stay valid (revoke them with ``DELETE /me/tokens/{id}``)."""
    user = _user(session, p)
    try:
        accounts.change_password(session, user, body.current_password, body.new_password, p.ip)
    except accounts.AccountError as exc:
        session.commit()  # the failed attempt is audited
        raise _refuse(exc) from None
    session.commit()
    return Response(status_code=204)


@router.post("/password-reset", status_code=202, response_class=Response)
def request_reset(body: ResetRequest, request: Request, session: Session = SESSION) -> Response:
    """Mail a one-time reset link to the address if it belongs to an active user (always 202)."""
    accounts.request_reset(session, body.email, client_ip(request))
    session.commit()
    return Response(status_code=202)


@router.post("/password-reset/confirm", status_code=204, response_class=Response)
def confirm_reset(body: ResetConfirm, request: Request, session: Session = SESSION) -> Response:
    """Set a new password with the token of a reset or set-up link (one use, until it expires)."""
    try:
        accounts.use_link(session, body.token, body.new_password, client_ip(request))
    except accounts.AccountError as exc:
        session.rollback()
        raise _refuse(exc) from None
    session.commit()
    return Response(status_code=204)


@router.get("/me/tokens", response_model=list[TokenOut])
def my_tokens(p: Principal = Depends(current_principal),
              session: Session = SESSION) -> list[TokenOut]:
    """The caller's live API tokens (not revoked, not expired); never the secrets."""
    return [_token_out(t) for t in accounts.live_tokens(session, p.user_id)]


@router.post("/me/tokens", status_code=201, response_model=TokenCreated)
def create_token(body: TokenIn, p: Principal = Depends(current_principal),
                 session: Session = SESSION) -> TokenCreated:
    """A new API token for the caller, with a label and an optional expiry; the secret is shown once."""
    try:
        row, plain = accounts.create_token(session, _user(session, p), body.label, body.expires_in_days, p.ip)
    except accounts.AccountError as exc:
        session.rollback()
        raise _refuse(exc) from None
    out = TokenCreated(**_token_out(row).model_dump(), token=plain)
    session.commit()
    return out


@router.delete("/me/tokens/{token_id}", status_code=204, response_class=Response)
def revoke_token(token_id: str, p: Principal = Depends(current_principal),
                 session: Session = SESSION) -> Response:
    """Revoke one of the caller's tokens (it is refused from now on; revoking the token in use is allowed)."""
    try:
        accounts.revoke_token(session, _user(session, p), token_id, p.ip)
    except accounts.AccountError as exc:
        raise _refuse(exc) from None
    session.commit()
    return Response(status_code=204)


@router.get("/admin/users", response_model=list[UserOut])
def list_users(p: Principal = Depends(current_principal),
               session: Session = SESSION) -> list[UserOut]:
    """Every user (administrators only)."""
    _admin(p)
    return [_user_out(u) for u in session.scalars(select(User).order_by(User.role, User.email)).all()]


def _target(session: Session, user_id: str) -> User:
    user = session.get(User, user_id) if len(user_id) <= 32 else None
    if user is None:
        raise ApiError(404, "not_found", "No such user.")
    return user


@router.post("/admin/users/{user_id}/reset-password", status_code=202, response_model=ResetIssued)
def admin_reset(user_id: str, p: Principal = Depends(current_principal),
                session: Session = SESSION) -> ResetIssued:
    """Reset a user's password: the old one stops working, their browser sessions end, and a one-time
    link is mailed to them (the link itself is never returned here)."""
    _admin(p)
    user = _target(session, user_id)
    try:
        accounts.admin_reset(session, user, actor=p.user_id, ip=p.ip, mail=True)
    except accounts.AccountError as exc:
        raise _refuse(exc) from None
    session.commit()
    return ResetIssued(mailed=True, expires_in_seconds=int(accounts.LINK_TTL[accounts.RESET].total_seconds()))


@router.post("/admin/users/{user_id}/deactivate", response_model=UserOut)
def deactivate(user_id: str, p: Principal = Depends(current_principal),
               session: Session = SESSION) -> UserOut:
    """Deactivate a user: browser sessions end at once and their API tokens are refused."""
    return _set_active(user_id, False, p, session)


@router.post("/admin/users/{user_id}/activate", response_model=UserOut)
def activate(user_id: str, p: Principal = Depends(current_principal),
             session: Session = SESSION) -> UserOut:
    """Let a deactivated user in again (their unrevoked, unexpired tokens work again)."""
    return _set_active(user_id, True, p, session)


def _set_active(user_id: str, active: bool, p: Principal, session: Session) -> UserOut:
    _admin(p)
    user = _target(session, user_id)
    try:
        accounts.set_active(session, user, active, actor=p.user_id, ip=p.ip)
    except accounts.AccountError as exc:
        raise _refuse(exc) from None
    session.commit()
    return _user_out(user)

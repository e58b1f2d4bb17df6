"""Account rules shared by the API, the web pages and the ``sargas admin`` commands: changing a
password, one-time set-password links (reset asked by the user or an admin, set-up of an account
created without a password), deactivation, and the user's own API tokens (label, expiry, revoke).

* Every new password passes :mod:`intake_api.passwords` (one policy everywhere).
* Setting a password changes the user's password hash, which ends every browser session
  (``intake_api.web.security.fingerprint``); deactivation ends sessions and refuses API tokens.
* A link carries 256 random bits; only their SHA-256 is stored. It is spent by its first use,
  dead after its expiry, and every other live link of the user dies with it. The e-mail goes through
  the notification outbox (e-mail channel only: never in-app, never to the organisation's webhook),
  in the user's language; once a link is spent or expired its text is blanked from the outbox rows.
* A reset request for an unknown or inactive address does nothing and looks the same as a real one.

How it fails: :class:`AccountError` with a stable ``code`` (``wrong_password``, ``too_many``,
``weak_password`` with ``problem``, ``link_invalid``, ``not_found``, ``self``, ``inactive``);
nothing here logs a password, a token or a link. The caller's transaction commits (or rolls
back) everything at once.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from intake_api import passwords
from intake_api.auth import hash_password, issue_token, token_hash, verify_password
from intake_api.models import PasswordLink
from retention import audit
from sargas import outbox
from sargas.clock import as_utc, now
from sargas.models import ApiToken, User
from sargas.settings import get_settings

RESET, SETUP = "reset", "setup"
LINK_TTL = {RESET: timedelta(hours=1), SETUP: timedelta(hours=72)}
LINKS_PER_HOUR = 3  # reset mails per user per hour (more requests are silently dropped)
MAX_TOKEN_DAYS = 366
LINK_KIND = "account.password_link"
BLANKED = "(this one-time link was used or has expired)"


class AccountError(ValueError):
    def __init__(self, code: str, message: str, problem: str | None = None) -> None:
        super().__init__(message)
        self.code, self.problem = code, problem


def check_policy(password: str) -> None:
    try:
        passwords.require(password)
    except passwords.PasswordRejected as exc:
        raise AccountError("weak_password", str(exc), exc.code) from None


def set_password(session: Session, user: User, new: str, *, actor: str | None, ip: str | None = None,
                 action: str = "user.password_changed", actor_role: str | None = None) -> None:
    check_policy(new)
    user.password_hash = hash_password(new)
    _spend_links(session, user.id)
    audit.record(session, actor, action, "user", user.id, ip, {}, actor_role=actor_role)


def change_password(session: Session, user: User, current: str, new: str, ip: str | None = None) -> None:
    """The signed-in user's own change; the current password must be right. Wrong guesses count
    against the account like failed sign-ins (intake_api.throttle), so a borrowed session cannot
    try passwords at leisure."""
    from intake_api import throttle

    k = throttle.key("account", user.email)
    if throttle.retry_after(session, k) > 0:
        raise AccountError("too_many", "Too many failed attempts. Please wait a few minutes.")
    if not verify_password(user.password_hash, current):
        throttle.note_failure(session, k)
        audit.record(session, user.id, "user.password_change_failed", "user", user.id, ip, {},
                     actor_role=user.role)
        raise AccountError("wrong_password", "The current password is not right.")
    set_password(session, user, new, actor=user.id, ip=ip, actor_role=user.role)


# --- one-time links -----------------------------------------------------------------------------

def link_url(token: str) -> str:
    return get_settings().public_base_url.rstrip("/") + "/password/set?token=" + token


def issue_link(session: Session, user: User, purpose: str = RESET) -> tuple[PasswordLink, str]:
    """A new one-time link for ``user``; returns the row and the URL (shown or mailed once)."""
    token = secrets.token_urlsafe(32)
    link = PasswordLink(user_id=user.id, token_hash=token_hash(token), purpose=purpose,
                        created_at=now(), expires_at=now() + LINK_TTL[purpose])
    session.add(link)
    session.flush()
    return link, link_url(token)


def mail_link(session: Session, user: User, link: PasswordLink, url: str) -> None:
    """Queue the link's e-mail to the user (outbox, e-mail channel only), in the user's language."""
    from babel.dates import format_datetime

    from intake_api.web.i18n import gettext_for

    lang = user.effective_lang
    _ = gettext_for(lang)
    until = format_datetime(as_utc(link.expires_at), "medium", tzinfo=UTC, locale=lang)
    if link.purpose == SETUP:
        subject = _("Set your Sargas password")
        intro = _("An account was created for you at Sargas. Open this link to choose your password:")
    else:
        subject = _("Reset your Sargas password")
        intro = _("Someone asked to reset the password of your Sargas account. Open this link to "
                  "choose a new password:")
    body = "\n".join([
        _("Hello,"), "", intro, "", url, "",
        _("The link works once and until %(until)s (UTC).", until=until),
        _("If you did not ask for this, ignore this message: your password stays as it is."), "",
        _("Sargas privacy gateway"),
    ])
    outbox.enqueue(session, organisation=user.organisation, kind=LINK_KIND, lang=lang, subject=subject,
                   body=body, user_id=user.id, email=user.email, object_type="password_link",
                   object_id=link.id, channels=(outbox.EMAIL,))


def request_reset(session: Session, email: str, ip: str | None = None) -> None:
    """Mail a reset link to an active user with this address; silently nothing otherwise."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()[:320]))
    if user is None or not user.active:
        return
    recent = session.scalar(select(func.count()).select_from(PasswordLink).where(
        PasswordLink.user_id == user.id, PasswordLink.created_at > now() - timedelta(hours=1)))
    if int(recent or 0) >= LINKS_PER_HOUR:
        return
    link, url = issue_link(session, user, RESET)
    mail_link(session, user, link, url)
    audit.record(session, None, "user.password_reset_requested", "user", user.id, ip, {})
    _blank_dead_links(session)


def live_link(session: Session, token: str) -> PasswordLink | None:
    """The unspent, unexpired link of an active user for ``token``, or None."""
    if not token or len(token) > 100:
        return None
    link = session.scalar(select(PasswordLink).where(PasswordLink.token_hash == token_hash(token)))
    if link is None or link.used_at is not None or as_utc(link.expires_at) <= now():
        return None
    user = session.get(User, link.user_id)
    return link if user is not None and user.active else None


def use_link(session: Session, token: str, new: str, ip: str | None = None) -> User:
    link = live_link(session, token)
    if link is None:
        raise AccountError("link_invalid", "This link is not valid any more; ask for a new one.")
    user = session.get(User, link.user_id)
    assert user is not None
    set_password(session, user, new, actor=user.id, ip=ip, actor_role=user.role,
                 action="user.password_reset" if link.purpose == RESET else "user.password_set")
    return user


def _spend_links(session: Session, user_id: str) -> None:
    """Every live link of the user is spent (a new password makes older links useless)."""
    t = now()
    session.execute(update(PasswordLink)
                    .where(PasswordLink.user_id == user_id, PasswordLink.used_at.is_(None)).values(used_at=t))
    _blank_dead_links(session, user_id)


def _blank_dead_links(session: Session, user_id: str | None = None) -> None:
    """Blank the mail text of spent or expired links that the outbox no longer needs to send."""
    session.flush()
    spent = PasswordLink.used_at.is_not(None) | (PasswordLink.expires_at <= now())
    dead = select(PasswordLink.id).where(spent)
    if user_id is not None:
        dead = dead.where(PasswordLink.user_id == user_id)
    session.execute(update(outbox.Notification)
                    .where(outbox.Notification.kind == LINK_KIND, outbox.Notification.object_id.in_(dead),
                           outbox.Notification.state != outbox.PENDING, outbox.Notification.body != BLANKED)
                    .values(body=BLANKED).execution_options(synchronize_session=False))


# --- administration ------------------------------------------------------------------------------

def admin_reset(session: Session, user: User, *, actor: str | None, ip: str | None = None,
                mail: bool = True) -> str:
    """An administrator resets a password: the old one stops working at once (sessions end), a
    one-time link is issued (mailed unless ``mail=False``) and returned for the caller to show."""
    if not user.active:
        raise AccountError("inactive", "The account is deactivated; reactivate it first.")
    user.password_hash = None
    _spend_links(session, user.id)
    link, url = issue_link(session, user, RESET)
    if mail:
        mail_link(session, user, link, url)
    audit.record(session, actor, "user.password_reset_by_admin", "user", user.id, ip, {"mailed": mail},
                 actor_role="admin")
    return url


def set_active(session: Session, user: User, active: bool, *, actor: str | None,
               ip: str | None = None) -> None:
    """Deactivate (sessions end, tokens refused, live links spent) or reactivate an account."""
    if actor is not None and actor == user.id and not active:
        raise AccountError("self", "You cannot deactivate your own account.")
    if user.active == active:
        return
    user.active = active
    if not active:
        _spend_links(session, user.id)
    audit.record(session, actor, "user.activated" if active else "user.deactivated", "user", user.id, ip, {},
                 actor_role="admin")


# --- the user's own API tokens -------------------------------------------------------------------

def create_token(session: Session, user: User, label: str, expires_in_days: int | None,
                 ip: str | None = None) -> tuple[ApiToken, str]:
    label = " ".join(label.split())[:100]
    if not label:
        raise AccountError("label_required", "Give the token a label.")
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        raise AccountError("bad_expiry", f"A token expires after 1 to {MAX_TOKEN_DAYS} days.")
    expires = now() + timedelta(days=expires_in_days) if expires_in_days else None
    plain = issue_token(session, user, label=label, expires_at=expires)
    session.flush()
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(plain)))
    assert row is not None
    audit.record(session, user.id, "token.issued", "user", user.id, ip, {"prefix": row.prefix},
                 actor_role=user.role)
    return row, plain


def live_tokens(session: Session, user_id: str) -> list[ApiToken]:
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
                           .order_by(ApiToken.created_at.desc())).all()
    return [r for r in rows if not expired(r)]


def expired(row: ApiToken, at: datetime | None = None) -> bool:
    return row.expires_at is not None and as_utc(row.expires_at) <= (at or now())


def revoke_token(session: Session, user: User, token_id: str, ip: str | None = None) -> None:
    row = session.get(ApiToken, token_id) if len(token_id) <= 32 else None
    if row is None or row.user_id != user.id:
        raise AccountError("not_found", "No such token.")
    if row.revoked_at is None:
        row.revoked_at = now()
        audit.record(session, user.id, "token.revoked", "user", user.id, ip, {"prefix": row.prefix},
                     actor_role=user.role)

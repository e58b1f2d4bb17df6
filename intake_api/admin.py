"""Administrative operations shared by the CLI, the admin web pages and the tests: organisations,
users (a given password passes :mod:`intake_api.passwords`, the one policy), API tokens, listings.
Errors are :class:`AdminError` with a message safe to print (never a password)."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.auth import hash_password, issue_token
from retention import audit
from sargas.models import LANGS, Organisation, User
from sargas.principal import ADMIN, CLIENT, ROLES
from sargas.timefmt import valid_zone


class AdminError(ValueError):
    pass


def create_org(
    session: Session,
    name: str,
    *,
    lang: str = "en",
    email: str | None = None,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    mail_domains: list[str] | None = None,
    timezone: str | None = None,
) -> Organisation:
    if lang not in LANGS:
        raise AdminError(f"language must be one of {', '.join(LANGS)}")
    if timezone is not None and not valid_zone(timezone):
        raise AdminError("the time zone must be an IANA name such as Europe/Vilnius")
    name = name.strip()
    if not name:
        raise AdminError("the organisation needs a name")
    if session.scalar(select(Organisation).where(Organisation.name == name)) is not None:
        raise AdminError("an organisation with this name exists already")
    org = Organisation(
        name=name, lang=lang, email=email, webhook_url=webhook_url, webhook_secret=webhook_secret,
        timezone=timezone,
    )
    session.add(org)
    session.flush()
    for d in mail_domains or []:
        add_mail_domain(session, org, d)
    audit.record(
        session, "system:admin", "organisation.created", "organisation", org.id, None, {"lang": lang}
    )
    return org


def add_mail_domain(session: Session, org: Organisation, domain: str) -> None:
    """Mail from anyone at ``domain`` belongs to ``org`` (the mail gateway's sender mapping)."""
    from intake_api.mail.models import MailDomain

    d = domain.strip().lower().lstrip("@")
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,62}\.)+[a-z0-9-]{2,63}", d):
        raise AdminError(f"not a mail domain: {domain!r}")
    if session.scalar(select(MailDomain).where(MailDomain.domain == d)) is not None:
        raise AdminError(f"the mail domain {d} belongs to an organisation already")
    session.add(MailDomain(organisation_id=org.id, domain=d))
    session.flush()


def create_user(
    session: Session,
    email: str,
    *,
    role: str,
    org_name: str | None = None,
    password: str | None = None,
    lang: str | None = None,
    name: str | None = None,
) -> tuple[User, str]:
    """Create a user and return it with a fresh API token (shown once)."""
    email = email.strip().lower()
    if "@" not in email:
        raise AdminError("that is not an e-mail address")
    if role not in ROLES:
        raise AdminError(f"role must be one of {', '.join(ROLES)}")
    if lang is not None and lang not in LANGS:
        raise AdminError(f"language must be one of {', '.join(LANGS)}")
    org = None
    if org_name:
        org = session.scalar(select(Organisation).where(Organisation.name == org_name.strip()))
        if org is None:
            raise AdminError("no organisation with that name")
    if role == CLIENT and org is None:
        raise AdminError("a client user must belong to an organisation (--org)")
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise AdminError("a user with this e-mail exists already")
    if password is not None:
        from intake_api import passwords

        problem = passwords.check(password)
        if problem is not None:
            raise AdminError(passwords.MESSAGES[problem])
    user = User(
        email=email,
        role=role,
        organisation_id=org.id if org else None,
        lang=lang,
        name=name,
        password_hash=hash_password(password) if password else None,
    )
    session.add(user)
    session.flush()
    token = issue_token(session, user)
    audit.record(session, "system:admin", "user.created", "user", user.id, None, {"role": role})
    return user, token


def new_token(session: Session, email: str) -> str:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise AdminError("no user with that e-mail")
    token = issue_token(session, user)
    audit.record(session, "system:admin", "token.issued", "user", user.id, None, {})
    return token


def find_user(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise AdminError("no user with that e-mail")
    return user


def list_users(session: Session, role: str | None = None) -> list[User]:
    q = select(User).order_by(User.role, User.email)
    if role:
        q = q.where(User.role == role)
    return list(session.scalars(q).all())


def list_orgs(session: Session) -> list[tuple[Organisation, int]]:
    """Organisations by name with their number of users."""
    from sqlalchemy import func

    q = select(User.organisation_id, func.count()).group_by(User.organisation_id)
    counts = {org_id: n for org_id, n in session.execute(q).all()}
    orgs = session.scalars(select(Organisation).order_by(Organisation.name))
    return [(o, int(counts.get(o.id, 0))) for o in orgs]


def bootstrap_admin(session: Session, data_dir: Path) -> tuple[str, str] | None:
    """First start of an empty installation: create ``admin@localhost`` with a random password so
    someone can sign in at /login. The password is written once to ``<data_dir>/initial-admin.txt``
    (mode 0600) and returned for the console; nothing happens when any admin exists already."""
    if session.scalar(select(User.id).where(User.role == ADMIN).limit(1)) is not None:
        return None
    password = secrets.token_urlsafe(15)
    user, _ = create_user(session, "admin@localhost", role=ADMIN, password=password, name="Administrator")
    path = data_dir / "initial-admin.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"e-mail: {user.email}\npassword: {password}\n"
                "Change it after the first sign-in (Profile, /profile: Change password).\n")
    return user.email, password

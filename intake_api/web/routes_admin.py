"""The administrator's pages: organisations, users and their roles, API tokens, password resets and
deactivation (through :mod:`intake_api.accounts`, as the API and CLI do); and assigning a
ticket to a consultant (DPO or admin). Creation goes through :mod:`intake_api.admin` (the same
functions as the ``sargas admin`` commands); a new token is shown once and only its hash is kept."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from intake_api import accounts, admin, endpoints, passwords
from intake_api.auth import issue_token
from intake_api.errors import ApiError
from intake_api.schemas import TicketPatch
from intake_api.web.common import FORM, Page, WebDenied, require
from intake_api.web.routes_account import PROBLEMS
from intake_api.web.routes_client import visible_ticket
from retention import audit
from sargas.clock import now
from sargas.models import LANGS, ApiToken, Organisation, User
from sargas.principal import ADMIN, DPO, ROLES

router = APIRouter()


def _form_str(form, name: str) -> str:  # noqa: ANN001 - starlette FormData
    return str(form.get(name) or "").strip()


@router.get("/admin/organisations")
def organisations(page: Page = Depends(require(ADMIN))) -> Response:
    rows = page.db.scalars(select(Organisation).order_by(Organisation.name)).all()
    return page.render("admin_orgs.html", orgs=rows, error=None)


@router.post("/admin/organisations")
def organisation_create(
    request: Request, form: FormData = FORM, page: Page = Depends(require(ADMIN)),
) -> Response:
    page.check_csrf(_form_str(form, "csrf"))
    try:
        org = admin.create_org(
            page.db,
            _form_str(form, "name"),
            lang=_form_str(form, "lang") or "en",
            email=_form_str(form, "email") or None,
        )
    except admin.AdminError:
        page.db.rollback()
        rows = page.db.scalars(select(Organisation).order_by(Organisation.name)).all()
        return page.render(
            "admin_orgs.html", status=422, orgs=rows, error=page._("Please check the form and try again.")
        )
    audit.record(
        page.db,
        page.principal.user_id,
        "organisation.created_by",
        "organisation",
        org.id,
        page.principal.ip,
        {},
        actor_role=ADMIN,
    )
    page.db.commit()
    return page.redirect("/admin/organisations", flash="saved")


def _users_page(
    page: Page, status: int = 200, error: str | None = None, token: str | None = None,
    link: str | None = None, link_for: str | None = None,
) -> Response:
    users = page.db.scalars(select(User).order_by(User.role, User.email)).all()
    orgs = page.db.scalars(select(Organisation).order_by(Organisation.name)).all()
    tokens = page.db.scalars(
        select(ApiToken).where(ApiToken.revoked_at.is_(None)).order_by(ApiToken.created_at.desc())
    ).all()
    by_user: dict[str, list[ApiToken]] = {}
    for t in tokens:
        by_user.setdefault(t.user_id, []).append(t)
    return page.render(
        "admin_users.html",
        status=status,
        users=users,
        orgs=orgs,
        roles=ROLES,
        langs=LANGS,
        tokens=by_user,
        error=error,
        new_token=token,
        new_link=link,
        link_for=link_for,
        org_names={o.id: o.name for o in orgs},
    )


@router.get("/admin/users")
def users(page: Page = Depends(require(ADMIN))) -> Response:
    return _users_page(page)


@router.post("/admin/users")
def user_create(request: Request, form: FormData = FORM, page: Page = Depends(require(ADMIN))) -> Response:
    page.check_csrf(_form_str(form, "csrf"))
    org = (
        page.db.get(Organisation, _form_str(form, "organisation_id"))
        if _form_str(form, "organisation_id")
        else None
    )
    password = str(form.get("password") or "")
    problem = passwords.check(password) if password else None
    if problem is not None:  # the one policy (intake_api.passwords), with its reason translated
        return _users_page(page, 422, page._(PROBLEMS[problem]))
    try:
        user, token = admin.create_user(
            page.db,
            _form_str(form, "email"),
            role=_form_str(form, "role"),
            org_name=org.name if org else None,
            password=password or None,
            lang=_form_str(form, "lang") or None,
            name=_form_str(form, "name") or None,
        )
    except admin.AdminError:
        page.db.rollback()
        return _users_page(page, 422, page._("Please check the form and try again."))
    audit.record(
        page.db,
        page.principal.user_id,
        "user.created_by",
        "user",
        user.id,
        page.principal.ip,
        {"role": user.role},
        actor_role=ADMIN,
    )
    link_url = None
    if not password:  # a way in: a one-time set-password link, mailed and shown once
        link, link_url = accounts.issue_link(page.db, user, accounts.SETUP)
        accounts.mail_link(page.db, user, link, link_url)
    page.db.commit()
    return _users_page(page, token=token, link=link_url)


@router.post("/admin/users/{user_id}/reset-password")
def user_reset(
    user_id: str, request: Request, form: FormData = FORM, page: Page = Depends(require(ADMIN)),
) -> Response:
    """The old password stops working at once (sessions end); a one-time link is mailed and shown."""
    page.check_csrf(_form_str(form, "csrf"))
    user = page.db.get(User, user_id)
    if user is None:
        raise WebDenied(404)
    try:
        url = accounts.admin_reset(page.db, user, actor=page.principal.user_id, ip=page.principal.ip)
    except accounts.AccountError:
        page.db.rollback()
        return _users_page(page, 409, page._("The account is deactivated; reactivate it first."))
    page.db.commit()
    return _users_page(page, link=url, link_for=user.email)


@router.post("/admin/users/{user_id}")
def user_update(
    user_id: str, request: Request, form: FormData = FORM, page: Page = Depends(require(ADMIN)),
) -> Response:
    """Change a user's role or deactivate/reactivate them (sessions end: the cookie fingerprint changes)."""
    page.check_csrf(_form_str(form, "csrf"))
    user = page.db.get(User, user_id)
    if user is None:
        raise WebDenied(404)
    role, active = _form_str(form, "role"), form.get("active") == "yes"
    if user.id == page.principal.user_id and (role != ADMIN or not active):
        return _users_page(page, 409, page._("You cannot remove your own administrator access."))
    if role not in ROLES or (role == "client" and not user.organisation_id):
        return _users_page(page, 422, page._("Please check the form and try again."))
    changes = {}
    if role != user.role:
        changes["role"] = f"{user.role}->{role}"
        user.role = role
    if active != user.active:  # sessions end, tokens are refused, live links are spent
        accounts.set_active(page.db, user, active, actor=page.principal.user_id, ip=page.principal.ip)
    if changes:
        audit.record(
            page.db,
            page.principal.user_id,
            "user.updated",
            "user",
            user.id,
            page.principal.ip,
            changes,
            actor_role=ADMIN,
        )
    page.db.commit()
    return page.redirect("/admin/users", flash="saved")


@router.post("/admin/users/{user_id}/token")
def token_issue(
    user_id: str, request: Request, form: FormData = FORM, page: Page = Depends(require(ADMIN)),
) -> Response:
    page.check_csrf(_form_str(form, "csrf"))
    user = page.db.get(User, user_id)
    if user is None:
        raise WebDenied(404)
    token = issue_token(page.db, user)
    audit.record(
        page.db,
        page.principal.user_id,
        "token.issued",
        "user",
        user.id,
        page.principal.ip,
        {},
        actor_role=ADMIN,
    )
    page.db.commit()
    return _users_page(page, token=token)


@router.post("/admin/tokens/{token_id}/revoke")
def token_revoke(
    token_id: str, request: Request, form: FormData = FORM, page: Page = Depends(require(ADMIN)),
) -> Response:
    page.check_csrf(_form_str(form, "csrf"))
    tok = page.db.get(ApiToken, token_id)
    if tok is None:
        raise WebDenied(404)
    if tok.revoked_at is None:
        tok.revoked_at = now()
        audit.record(
            page.db,
            page.principal.user_id,
            "token.revoked",
            "user",
            tok.user_id,
            page.principal.ip,
            {"prefix": tok.prefix},
            actor_role=ADMIN,
        )
        page.db.commit()
    return page.redirect("/admin/users", flash="saved")


@router.post("/tickets/{ref}/assign")
def assign(
    ref: str, request: Request, form: FormData = FORM, page: Page = Depends(require(DPO, ADMIN)),
) -> Response:
    """Assign a consultant through the API's own ticket update (it checks the role and audits)."""
    page.check_csrf(_form_str(form, "csrf"))
    t = visible_ticket(page, ref)
    try:
        endpoints.update_ticket(
            t.ref,
            TicketPatch(assigned_consultant_id=_form_str(form, "consultant_id") or None),
            p=page.principal,
            session=page.db,
        )
    except ApiError:
        page.db.rollback()
        raise WebDenied(404) from None
    return page.redirect(f"/tickets/{t.ref}", flash="saved")


@router.post("/tickets/{ref}/status")
def ticket_status(
    ref: str, request: Request, form: FormData = FORM, page: Page = Depends(require()),
) -> Response:
    """Close or re-open a ticket (its client or staff; the API's ticket update decides)."""
    page.check_csrf(_form_str(form, "csrf"))
    t = visible_ticket(page, ref)
    status = _form_str(form, "status")
    if status not in ("open", "closed"):
        raise WebDenied(404)
    try:
        endpoints.update_ticket(t.ref, TicketPatch(status=status), p=page.principal, session=page.db)
    except ApiError:
        page.db.rollback()
        raise WebDenied(403) from None
    return page.redirect(f"/tickets/{t.ref}", flash="saved")

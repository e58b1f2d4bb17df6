"""Sign-in, sign-out, the landing page of each role, the language switch and the viewer's profile."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from starlette.datastructures import FormData

from intake_api import throttle
from intake_api.auth import verify_password
from intake_api.web import i18n
from intake_api.web.common import FORM, Page, any_page, require, safe_next
from intake_api.web.security import (
    LOGOUT_ACTION,
    PRE_COOKIE,
    check_pre_session,
    clear_failures,
    note_failure,
    pre_session_token,
    set_cookie,
    sign_in,
    sign_out,
    too_many_failures,
)
from retention import audit
from sargas.models import User
from sargas.principal import ADMIN, CLIENT, CONSULTANT, DPO

router = APIRouter()

HOME = {CLIENT: "/tickets", CONSULTANT: "/consultant/tickets", DPO: "/dpo/requests", ADMIN: "/admin/users"}


def _login_page(page: Page, error: str | None = None, email: str = "", status: int = 200) -> Response:
    token, fresh = pre_session_token(page.request)
    resp = page.render(
        "login.html",
        status=status,
        login_csrf=token,
        error=error,
        email=email,
        next=safe_next(page.request.query_params.get("next")) or "",
    )
    if fresh:
        set_cookie(resp, page.request, PRE_COOKIE, fresh, 3600)
    return resp


@router.get("/login")
def login_form(page: Page = Depends(any_page)) -> Response:
    if page.viewer is not None:
        return page.redirect(HOME.get(page.viewer.role, "/"))
    return _login_page(page)


@router.post("/login")
def login(request: Request, form: FormData = FORM, page: Page = Depends(any_page)) -> Response:
    email = str(form.get("email") or "").strip().lower()[:320]
    password = str(form.get("password") or "")
    if not check_pre_session(request, str(form.get("csrf") or "")):
        return _login_page(page, page._("Your sign-in form expired. Please try again."), email, 400)
    ip = request.client.host if request.client else None
    account = throttle.key("account", email)
    keys = (account, throttle.key("address", ip))  # per account and per client address, in the DB
    wait = too_many_failures(page.db, *keys)
    if wait > 0:
        resp = _login_page(page, page._("Too many failed attempts. Please wait a few minutes."), email, 429)
        resp.headers["Retry-After"] = str(max(1, int(wait + 0.999)))
        return resp
    user = page.db.scalar(select(User).where(User.email == email)) if email else None
    ok = user is not None and user.active and verify_password(user.password_hash, password)
    if not ok or user is None:
        note_failure(page.db, *keys)
        uid = user.id if user else None
        audit.record(page.db, uid, "web.login_failed", "user", uid, ip, {})
        page.db.commit()
        return _login_page(page, page._("Wrong e-mail or password."), email, 401)
    clear_failures(page.db, account)  # the address keeps its count: a flood cannot reset it
    audit.record(page.db, user.id, "web.login", "user", user.id, ip, {}, actor_role=user.role)
    page.db.commit()
    target = safe_next(str(form.get("next") or "")) or HOME.get(user.role, "/")
    resp = RedirectResponse(target, status_code=303)
    sign_in(resp, request, user)
    return page.finish(resp)


@router.post("/logout")
def logout(request: Request, form: FormData = FORM, page: Page = Depends(require())) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    assert page.viewer is not None
    audit.record(
        page.db,
        page.viewer.user.id,
        LOGOUT_ACTION,
        "user",
        page.viewer.user.id,
        page.principal.ip,
        {},
        actor_role=page.viewer.role,
    )
    page.db.commit()
    resp = RedirectResponse("/login", status_code=303)
    sign_out(resp)
    return page.finish(resp)


@router.get("/")
def home(page: Page = Depends(any_page)) -> Response:
    if page.viewer is None:
        return page.redirect("/login")
    return page.redirect(HOME.get(page.viewer.role, "/login"))


@router.get("/profile")
def profile(page: Page = Depends(require())) -> Response:
    from intake_api.web.routes_account import profile_page  # password and API tokens live there

    return profile_page(page)


@router.post("/profile")
def save_profile(request: Request, form: FormData = FORM, page: Page = Depends(require())) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    assert page.viewer is not None
    lang = i18n.valid(str(form.get("lang") or ""))
    user = page.db.get(User, page.viewer.user.id)
    if lang and user is not None:
        user.lang = lang
        audit.record(
            page.db,
            user.id,
            "user.language_changed",
            "user",
            user.id,
            page.principal.ip,
            {"lang": lang},
            actor_role=user.role,
        )
        page.db.commit()
    resp = page.redirect("/profile?lang=" + (lang or page.lang), flash="saved")
    return resp

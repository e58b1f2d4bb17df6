"""The viewer's account pages: change the password and manage API tokens on the profile page, and
the signed-out pages to ask for a reset link ("forgot password") and to set a password from a
one-time link. The rules are :mod:`intake_api.accounts` (the same as the API and the CLI).

How it fails: a form that breaks a rule is shown again with a translated reason (422/403/410);
a forged or stale form gets 400/403; a reset request answers the same page whether the address
exists or not. A link's token never reaches a log or an audit event.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from intake_api import accounts
from intake_api.web.common import FORM, N_, Page, any_page, require
from intake_api.web.security import PRE_COOKIE, check_pre_session, pre_session_token, set_cookie, sign_in

router = APIRouter()

PROBLEMS = {  # intake_api.passwords' problem codes, in the catalogues' words
    "too_short": N_("The password must have at least 10 characters."),
    "too_long": N_("The password must have at most 256 characters."),
    "common": N_("This password is too common (it is on a list of breached passwords); choose another."),
}
EXPIRY_CHOICES = (30, 90, 365)


def problem_text(page: Page, exc: accounts.AccountError) -> str:
    if exc.code == "weak_password":
        return page._(PROBLEMS.get(exc.problem or "", PROBLEMS["common"]))
    if exc.code == "wrong_password":
        return page._("The current password is not right.")
    if exc.code == "too_many":
        return page._("Too many failed attempts. Please wait a few minutes.")
    if exc.code == "link_invalid":
        return page._("This link is not valid any more; ask for a new one.")
    return page._("Please check the form and try again.")


def profile_page(page: Page, status: int = 200, error: str | None = None, token_error: str | None = None,
                 new_token: str | None = None) -> Response:
    assert page.viewer is not None
    return page.render("profile.html", status=status, pw_error=error, token_error=token_error,
                       new_token=new_token, tokens=accounts.live_tokens(page.db, page.viewer.user.id),
                       expiry_choices=EXPIRY_CHOICES)


@router.post("/profile/password")
def change_password(request: Request, form: FormData = FORM, page: Page = Depends(require())) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    assert page.viewer is not None
    user = page.viewer.user
    new, again = str(form.get("new_password") or ""), str(form.get("new_password2") or "")
    if new != again:
        return profile_page(page, 422, page._("The two new passwords differ."))
    try:
        current = str(form.get("current_password") or "")
        accounts.change_password(page.db, user, current, new, page.principal.ip)
    except accounts.AccountError as exc:
        page.db.commit()  # a wrong current password is audited
        status = {"wrong_password": 403, "too_many": 429}.get(exc.code, 422)
        return profile_page(page, status, problem_text(page, exc))
    page.db.commit()
    resp = page.redirect("/profile", flash="password")
    sign_in(resp, request, user)  # this browser stays signed in; every other session has ended
    return resp


@router.post("/profile/tokens")
def create_token(request: Request, form: FormData = FORM, page: Page = Depends(require())) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    assert page.viewer is not None
    days_raw = str(form.get("expires_in_days") or "")
    days = int(days_raw) if days_raw.isdigit() else None
    try:
        _, plain = accounts.create_token(page.db, page.viewer.user, str(form.get("label") or ""), days,
                                         page.principal.ip)
    except accounts.AccountError:
        page.db.rollback()
        return profile_page(page, 422, token_error=page._("Give the token a label."))
    page.db.commit()
    return profile_page(page, new_token=plain)


@router.post("/profile/tokens/{token_id}/revoke")
def revoke_token(
    token_id: str, request: Request, form: FormData = FORM, page: Page = Depends(require()),
) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    assert page.viewer is not None
    try:
        accounts.revoke_token(page.db, page.viewer.user, token_id, page.principal.ip)
    except accounts.AccountError:
        return profile_page(page, 404, token_error=page._("Please check the form and try again."))
    page.db.commit()
    return page.redirect("/profile", flash="saved")


def _signed_out_page(page: Page, template: str, status: int = 200, **ctx: object) -> Response:
    token, fresh = pre_session_token(page.request)
    resp = page.render(template, status=status, login_csrf=token, **ctx)
    if fresh:
        set_cookie(resp, page.request, PRE_COOKIE, fresh, 3600)
    return resp


@router.get("/password/forgot")
def forgot_form(page: Page = Depends(any_page)) -> Response:
    return _signed_out_page(page, "password_forgot.html", sent=False, error=None)


@router.post("/password/forgot")
def forgot(request: Request, form: FormData = FORM, page: Page = Depends(any_page)) -> Response:
    if not check_pre_session(request, str(form.get("csrf") or "")):
        return _signed_out_page(page, "password_forgot.html", 400, sent=False,
                                error=page._("Your sign-in form expired. Please try again."))
    email = str(form.get("email") or "").strip()
    if email:
        accounts.request_reset(page.db, email, request.client.host if request.client else None)
        page.db.commit()
    return _signed_out_page(page, "password_forgot.html", sent=True, error=None)


@router.get("/password/set")
def set_form(page: Page = Depends(any_page)) -> Response:
    token = page.request.query_params.get("token", "")
    link = accounts.live_link(page.db, token)
    return _signed_out_page(page, "password_set.html", 200 if link else 410, token=token if link else "",
                            valid=link is not None, error=None)


@router.post("/password/set")
def set_password(request: Request, form: FormData = FORM, page: Page = Depends(any_page)) -> Response:
    token = str(form.get("token") or "")
    if not check_pre_session(request, str(form.get("csrf") or "")):
        return _signed_out_page(page, "password_set.html", 400, token=token, valid=True,
                                error=page._("Your sign-in form expired. Please try again."))
    new, again = str(form.get("new_password") or ""), str(form.get("new_password2") or "")
    if new != again:
        return _signed_out_page(page, "password_set.html", 422, token=token, valid=True,
                                error=page._("The two new passwords differ."))
    try:
        user = accounts.use_link(page.db, token, new, request.client.host if request.client else None)
    except accounts.AccountError as exc:
        page.db.rollback()
        gone = exc.code == "link_invalid"
        return _signed_out_page(page, "password_set.html", 410 if gone else 422, token="" if gone else token,
                                valid=not gone, error=problem_text(page, exc))
    page.db.commit()
    resp = RedirectResponse("/", status_code=303)  # "/" sends each role to its own start page
    sign_in(resp, request, user)
    return page.finish(resp)

"""What every page handler shares: the page context (viewer, language, translation functions), role
guards, rendering with Jinja2 and the security headers of every HTML answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from intake_api.web import i18n
from intake_api.web.security import Viewer, check_csrf, current_viewer, set_cookie
from sargas import timefmt
from sargas.deps import SESSION

TEMPLATES = Path(__file__).parent / "templates"
_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class WebRedirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class WebDenied(Exception):
    """A page the viewer may not see (403) or that does not exist for them (404)."""

    def __init__(self, status: int = 403) -> None:
        super().__init__(status)
        self.status = status


@dataclass
class Page:
    request: Request
    db: Session
    viewer: Viewer | None
    lang: str
    remember_lang: bool
    _: Callable[..., str] = field(repr=False)
    n_: Callable[..., str] = field(repr=False)

    @property
    def principal(self):  # noqa: ANN201 - sargas.principal.Principal
        assert self.viewer is not None
        return self.viewer.principal

    @property
    def zone(self) -> str | None:
        """The time zone this viewer reads times in: their organisation's (staff: the deployment's)."""
        org = self.viewer.user.organisation if self.viewer is not None else None
        return org.timezone if org is not None else None

    def dt(self, value: Any, fmt: str = "medium") -> str:
        return i18n.format_dt(value, self.lang, fmt, self.zone)

    def num(self, value: Any) -> str:
        return i18n.format_number(value, self.lang)

    def check_csrf(self, token: str | None) -> None:
        if self.viewer is None or not check_csrf(self.request, self.viewer, token):
            raise WebDenied(403)

    def render(self, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = _env.get_template(template).render({**self.template_context(), **ctx})
        resp = HTMLResponse(html, status_code=status)
        self.finish(resp)
        return resp

    def template_context(self) -> dict[str, Any]:
        return {
            "_": self._,
            "n_": self.n_,
            "lang": self.lang,
            "langs": i18n.LANGS,
            "lang_name": i18n.language_name,
            "viewer": self.viewer,
            "csrf": self.viewer.csrf if self.viewer else "",
            "dt": self.dt,
            "tz_label": timefmt.zone_label(self.lang, self.zone),
            "num": self.num,
            "size": lambda n: i18n.format_size(n, self.lang),
            "path": self.request.url.path,
            "lang_url": self.lang_url,
            "url_q": url_q,
            "qs": self.request.query_params,
            "role_label": lambda r: self._(ROLE_LABELS.get(r, r)),
            "state_label": lambda st: self._(STATE_LABELS[st]) if st in STATE_LABELS else st,
            "entity_label": self.entity_label,
            "policy_label": lambda c: self._(POLICY_LABELS[c]) if c in POLICY_LABELS else c,
        }

    def entity_label(self, entity_type: str) -> str:
        from intake_api.notices import entity_label

        return entity_label(entity_type, self.lang)

    def lang_url(self, lang: str) -> str:
        params = {k: v for k, v in self.request.query_params.items() if k != "lang"}
        params["lang"] = lang
        return self.request.url.path + "?" + urlencode(params)

    def finish(self, resp: Response) -> Response:
        if self.remember_lang:
            set_cookie(resp, self.request, i18n.LANG_COOKIE, self.lang, 365 * 86400, http_only=False)
        security_headers(resp)
        return resp

    def redirect(self, location: str, flash: str | None = None) -> Response:
        if flash:
            location += ("&" if "?" in location else "?") + "done=" + quote(flash)
        resp = RedirectResponse(location, status_code=303)
        return self.finish(resp)


def N_(message: str) -> str:
    """Marks a msgid for the catalogs without translating it (translated where it is shown)."""
    return message


ROLE_LABELS = {
    "client": N_("Client"),
    "consultant": N_("Consultant"),
    "dpo": N_("Data protection officer"),
    "admin": N_("Administrator"),
}
STATE_LABELS = {
    # attachments
    "processing": N_("Processing"),
    "published": N_("Published"),
    "rejected": N_("Rejected"),
    # originals
    "pending": N_("Pending"),
    "retained": N_("Retained"),
    "destroyed": N_("Destroyed"),
    # tickets
    "open": N_("Open"),
    "closed": N_("Closed"),
    # transfer requests
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "approved": N_("Approved"),
    "active": N_("Active"),
    "expired": N_("Expired"),
    "revoked": N_("Revoked"),
    "fulfilled": N_("Fulfilled"),
    "withdrawn": N_("Withdrawn"),
}
POLICY_LABELS = {
    "uncovered_on_publish": N_("Not covered: destroyed once the redacted copy was published"),
    "pending_deadline": N_("Processing deadline passed (fail closed)"),
    "coverage_ended": N_("The covering request or agreement ended"),
    "ticket_closed": N_("Retention period after the ticket closed elapsed"),
    "redacted_after_close": N_("Redacted copy's period after closing elapsed"),
    "rejected": N_("Processing failed (fail closed)"),
    "manual": N_("Destroyed on request"),
    "no_coverage": N_("Not covered by a request or agreement: destroyed after redaction"),
    "no_coverage_clean": N_("Not covered, nothing to hide: destroyed after processing"),
}


def url_q(value: str) -> str:
    return quote(value, safe="")


def security_headers(resp: Response) -> None:
    resp.headers.setdefault("Content-Security-Policy", CSP)
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    resp.headers.setdefault("X-Frame-Options", "DENY")
    resp.headers.setdefault("Cache-Control", "no-store")


async def posted_form(request: Request) -> FormData:
    """Dependency: the posted form, read on the event loop *before* the page's database session opens.

    Form routes are plain ``def`` functions (run in the thread pool) that take this first: no
    database call runs on the event loop. One there would wait for SQLite's write lock while the
    thread holding it waits for the loop to close its session (the server froze for a minute when
    sign-ins overlapped page loads)."""
    return await request.form()


FORM = Depends(posted_form)


def make_page(request: Request, db: Session) -> Page:
    viewer = current_viewer(request, db)
    db.commit()  # end the read (SQLite takes the write lock at BEGIN); objects stay loaded
    profile = None
    if viewer is not None:  # the user's own choice, else their organisation's language, else the browser
        profile = viewer.user.lang or (viewer.user.organisation.lang if viewer.user.organisation else None)
    lang, remember = i18n.negotiate(request, profile)
    return Page(request, db, viewer, lang, remember, i18n.gettext_for(lang), i18n.ngettext_for(lang))


def any_page(request: Request, db: Session = SESSION) -> Page:
    """A page anyone may see (sign-in); ``viewer`` may be None."""
    return make_page(request, db)


def require(*roles: str) -> Callable[..., Page]:
    """Dependency: a signed-in viewer with one of ``roles`` (none given = any role)."""

    def dep(request: Request, db: Session = SESSION) -> Page:
        page = make_page(request, db)
        if page.viewer is None:
            target = request.url.path + (("?" + request.url.query) if request.url.query else "")
            raise WebRedirect("/login?next=" + quote(target, safe=""))
        if roles and page.viewer.role not in roles:
            raise WebDenied(403)
        return page

    return dep


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None

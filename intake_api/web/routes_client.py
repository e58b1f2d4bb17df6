"""Tickets and their evidence: the client's ticket list, a ticket with its attachments and the upload
zone, the redacted preview (images inline, PDF pages rendered as images) and the in-app notices.

The ticket and attachment pages are shared by every role (a consultant or DPO sees the same redacted
evidence); visibility and the original's authorisation come from :mod:`intake_api.attachments`, the
same rules the API applies, called with the signed-in viewer's :class:`Principal`.
"""

from __future__ import annotations

import io

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select
from starlette.datastructures import FormData

from intake_api import attachments, endpoints
from intake_api.errors import ApiError
from intake_api.notices import ERROR_TEXT, error_text
from intake_api.schemas import TicketIn
from intake_api.tickets import ticket_query
from intake_api.web import listing
from intake_api.web.common import FORM, Page, WebDenied, require
from sargas import outbox
from sargas.models import ORIG_RETAINED, PUBLISHED, REJECTED, Attachment, Organisation, Ticket, User
from sargas.principal import ADMIN, CLIENT, CONSULTANT, DPO

router = APIRouter()
MAX_PREVIEW_PAGES = 20
PAGE_TYPES = ("png", "jpeg", "webp", "tiff", "bmp", "gif", "pdf")


def visible_ticket(page: Page, ref: str) -> Ticket:
    try:
        return attachments.visible_ticket(page.db, ref, page.principal)
    except ApiError:
        raise WebDenied(404) from None


def visible_attachment(page: Page, att_id: str) -> Attachment:
    try:
        return attachments.visible_attachment(page.db, att_id, page.principal)
    except ApiError:
        raise WebDenied(404) from None


def may_open_original(page: Page, att: Attachment) -> bool:
    """Whether to offer the button: a retained original the viewer may open (the API's rule)."""
    return att.original == ORIG_RETAINED and attachments.may_open_original(page.db, att, page.principal)


@router.get("/tickets")
def tickets(page: Page = Depends(require())) -> Response:
    p, qp = page.principal, page.request.query_params
    query = ticket_query(page.db, p, status=qp.get("status"), q=qp.get("q"),
                         organisation_id=(qp.get("org") or None) if p.is_staff else None,
                         since=listing.day(qp.get("from")), until=listing.day(qp.get("to")))
    pager = listing.paged(page, query, Ticket.created_at, Ticket.id)
    rows = pager.rows
    counts = (
        dict(
            page.db.execute(
                select(Attachment.ticket_id, func.count())
                .where(Attachment.ticket_id.in_([t.id for t in rows]))
                .group_by(Attachment.ticket_id)
            ).all()
        )
        if rows
        else {}
    )
    orgs = page.db.scalars(select(Organisation).order_by(Organisation.name)).all() if p.is_staff else []
    return page.render(
        "tickets.html", tickets=rows, counts=counts, orgs=orgs, org_names={o.id: o.name for o in orgs},
        pager=pager, f=qp,
    )


@router.post("/tickets")
def new_ticket(request: Request, form: FormData = FORM, page: Page = Depends(require())) -> Response:
    page.check_csrf(str(form.get("csrf") or ""))
    subject = str(form.get("subject") or "").strip()
    if not subject or len(subject) > 300:
        return page.redirect("/tickets?error=subject")
    org_id = str(form.get("organisation_id") or "") or None
    try:
        out = endpoints.create_ticket(
            TicketIn(subject=subject, organisation_id=org_id), p=page.principal, session=page.db
        )
    except ApiError:
        return page.redirect("/tickets?error=organisation")
    return page.redirect(f"/tickets/{out.ref}")


@router.get("/tickets/{ref}")
def ticket(ref: str, page: Page = Depends(require())) -> Response:
    t = visible_ticket(page, ref)
    atts = page.db.scalars(
        select(Attachment).where(Attachment.ticket_id == t.id).order_by(Attachment.created_at.desc())
    ).all()
    consultant = page.db.get(User, t.assigned_consultant_id) if t.assigned_consultant_id else None
    can_upload = page.principal.role == CLIENT and t.status == "open"
    consultants = (
        page.db.scalars(
            select(User).where(User.role == CONSULTANT, User.active.is_(True)).order_by(User.email)
        ).all()
        if page.principal.role in (DPO, ADMIN)
        else []
    )
    return page.render(
        "ticket.html",
        ticket=t,
        attachments=atts,
        reasons={a.id: rejection_reason(page, a) for a in atts if a.state == REJECTED},
        consultant=consultant,
        can_upload=can_upload,
        org=page.db.get(Organisation, t.organisation_id),
        max_mb=_max_mb(),
        consultants=consultants,
    )


def rejection_reason(page: Page, a: Attachment) -> str:
    """Why a file was rejected, in the page's language (the redactor's reason, as in the notices)."""
    reason = error_text(a.error_code, page.lang)
    return reason[:1].upper() + reason[1:] + "."


def _max_mb() -> int:
    from sargas.settings import get_settings

    return get_settings().max_upload_bytes // (1 << 20)


@router.post("/ui/tickets/{ref}/attachments")
async def upload(ref: str, request: Request, page: Page = Depends(require(CLIENT))) -> Response:
    """The upload zone's target: CSRF header + session cookie, then the API's own streaming upload."""
    page.check_csrf(request.headers.get("x-csrf-token"))
    try:
        api_response = Response()  # carries the API's Idempotent-Replayed header, if any
        accepted = await endpoints.upload_attachment(ref, request, api_response, p=page.principal)
    except ApiError as exc:
        return JSONResponse(
            {"error": exc.code, "message": _upload_error(page, exc.code)}, status_code=exc.status
        )
    out = JSONResponse({"id": accepted.id, "url": f"/attachments/{accepted.id}"}, status_code=202)
    if "idempotent-replayed" in api_response.headers:
        out.headers["Idempotent-Replayed"] = api_response.headers["idempotent-replayed"]
    return out


def _upload_error(page: Page, code: str) -> str:
    _ = page._
    reason = ERROR_TEXT.get(code, {}).get(page.lang)  # the redactor's refusals, as in the notices
    if reason and code not in ("too_large", "unsupported_type"):
        return reason[:1].upper() + reason[1:] + "."
    return {
        "too_large": _("The file is larger than the upload limit."),
        "unsupported_type": _("This kind of file is not supported (send PNG, JPEG or PDF)."),
        "mislabelled": _("The file's name or type does not match its content."),
        "empty_file": _("The file is empty."),
        "ticket_closed": _("The ticket is closed; open a new one to add files."),
    }.get(code, _("The upload failed; please try again."))


@router.get("/ui/attachments/{att_id}/state")
def attachment_state(att_id: str, page: Page = Depends(require())) -> Response:
    a = visible_attachment(page, att_id)
    doc = {"id": a.id, "state": a.state, "original": a.original, "label": page._(_state_msg(a.state)),
           "pages_done": a.pages_done, "pages_total": a.pages_total,
           "pages_label": page._("Page %(done)s of %(total)s", done=a.pages_done or 0, total=a.pages_total)
           if a.pages_total else None}
    if a.state == REJECTED:
        doc["reason"] = rejection_reason(page, a)
    elif a.state == PUBLISHED:
        doc["hidden"] = page.n_("%(num)s item hidden", "%(num)s items hidden",
                                sum(int(v) for v in (a.counts or {}).values()))
    return JSONResponse(doc, headers={"Cache-Control": "no-store"})


def _state_msg(state: str) -> str:
    from intake_api.web.common import STATE_LABELS

    return STATE_LABELS.get(state, state)


@router.get("/attachments/{att_id}")
def attachment(att_id: str, page: Page = Depends(require())) -> Response:
    a = visible_attachment(page, att_id)
    pages, text_view = 0, None
    if a.state == PUBLISHED:
        if a.file_type in PAGE_TYPES:
            pages = min(a.pages or 1, MAX_PREVIEW_PAGES) if a.file_type == "pdf" else 1
        else:  # office files, text, mail, archives: no renderer here, a text view of the redacted copy
            from redactor.preview import text_preview

            text_view = text_preview(_redacted_bytes(page, a)[0])
    hidden = sum(int(v) for v in (a.counts or {}).values())
    return page.render(
        "attachment.html",
        att=a,
        reason=rejection_reason(page, a) if a.state == REJECTED else None,
        ticket=a.ticket,
        pages=pages,
        text_view=text_view,
        hidden=hidden,
        total_pages=a.pages,
        may_open=may_open_original(page, a),
        max_preview=MAX_PREVIEW_PAGES,
    )


def _redacted_bytes(page: Page, a: Attachment) -> tuple[bytes, str]:
    try:
        resp = endpoints.get_redacted(a.id, p=page.principal, session=page.db)
    except ApiError:
        raise WebDenied(404) from None
    return bytes(resp.body), resp.media_type or ""


@router.get("/ui/attachments/{att_id}/page/{n}.png")
def preview_page(att_id: str, n: int, page: Page = Depends(require())) -> Response:
    """One page of the redacted copy as PNG (PDF pages rendered with PyMuPDF)."""
    a = visible_attachment(page, att_id)
    if n < 1 or n > MAX_PREVIEW_PAGES:
        raise WebDenied(404)
    data, mime = _redacted_bytes(page, a)
    png = render_page_png(data, mime, n)
    if png is None:
        raise WebDenied(404)
    return Response(
        png,
        media_type="image/png",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


def render_page_png(data: bytes, mime: str, n: int, dpi: int = 110) -> bytes | None:
    if mime == "application/pdf" or data[:5] == b"%PDF-":
        import pymupdf

        with pymupdf.open(stream=data, filetype="pdf") as doc:
            if n > doc.page_count:
                return None
            return doc[n - 1].get_pixmap(dpi=dpi).tobytes("png")
    if n != 1:
        return None
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return data
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        out = io.BytesIO()
        im.convert("RGBA" if im.mode in ("RGBA", "LA", "P") else "RGB").save(out, "PNG")
        return out.getvalue()


@router.get("/ui/attachments/{att_id}/download")
def download_redacted(att_id: str, page: Page = Depends(require())) -> Response:
    a = visible_attachment(page, att_id)
    try:
        return endpoints.get_redacted(a.id, p=page.principal, session=page.db)
    except ApiError:
        raise WebDenied(404) from None


@router.post("/attachments/{att_id}/original")
def open_original(
    att_id: str, request: Request, form: FormData = FORM, page: Page = Depends(require(CONSULTANT, DPO))
) -> Response:
    """The explicit "open original (audited)" action; the API's endpoint authorises and audits it."""
    page.check_csrf(str(form.get("csrf") or ""))
    a = visible_attachment(page, att_id)
    try:
        return endpoints.get_original(a.id, p=page.principal, session=page.db)
    except ApiError as exc:
        raise WebDenied(403 if exc.status == 403 else 404) from None


@router.get("/notices")
def notices(page: Page = Depends(require())) -> Response:
    n = outbox.Notification
    pager = listing.paged(page, endpoints.notice_query(page.principal), n.created_at, n.id)
    return page.render("notices.html", notices=pager.rows, pager=pager)

"""API v1: tickets, attachments (upload, status, redacted copy, original) and in-app notices."""

from __future__ import annotations

from typing import NoReturn

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from intake_api.attachments import (
    may_open_original,
    register_upload,
    remember_key,
    replayed_upload,
    visible_attachment,
    visible_ticket,
)
from intake_api.committer import committer
from intake_api.errors import ApiError
from intake_api.schemas import (
    AttachmentOut,
    NotificationOut,
    UploadAccepted,
)
from intake_api.tickets import (  # noqa: F401
    bad_cursor,
    create_ticket,
    get_ticket,
    list_tickets,
    update_ticket,
)
from intake_api.tickets import router as tickets_router
from intake_api.uploads import receive_file
from retention import audit, vault
from sargas import outbox, paging
from sargas.db import read_scope
from sargas.deps import SESSION
from sargas.disposition import content_disposition
from sargas.models import (
    ORIG_DESTROYED,
    ORIG_RETAINED,
    PUBLISHED,
    Attachment,
    RedactedCopy,
)
from sargas.principal import CLIENT, Principal, current_principal
from sargas.settings import get_settings
from sargas.storage import get_blob_store

router = APIRouter(prefix="/api/v1")
router.include_router(tickets_router)


@router.post(
    "/tickets/{ref}/attachments", status_code=202, response_model=UploadAccepted, tags=["attachments"]
)
async def upload_attachment(
    ref: str, request: Request, response: Response, p: Principal = Depends(current_principal)
) -> UploadAccepted:
    """Upload one file (multipart field ``file``). A retry is safe: with the same ``Idempotency-Key``
    header (per user and ticket), or the same file from the same uploader on the ticket within
    ``upload_duplicate_seconds``, the answer is the first attachment (header ``Idempotent-Replayed:
    true``) and no second attachment or notice is made."""
    settings = get_settings()
    key = request.headers.get("idempotency-key")
    if key is not None and not (0 < len(key) <= 255 and key.isprintable()):
        await _drain(request, 2 * settings.max_upload_bytes)
        raise ApiError(400, "bad_idempotency_key", "The Idempotency-Key header must be 1 to 255 printable "
                       "characters.")

    def _ticket() -> tuple[str, str, str, int, tuple[str, str] | None, vault.VaultWriter | None]:
        with read_scope() as s:
            t = visible_ticket(s, ref, p)
            first = replayed_upload(s, p, t.id, key)
            if first is not None:
                return t.id, t.organisation_id, t.ref, 0, (first.id, first.state), None
            if t.status != "open":
                raise ApiError(409, "ticket_closed", "The ticket is closed; open a new one to add files.")
            n = s.scalar(select(func.count()).select_from(Attachment).where(Attachment.ticket_id == t.id))
            found = t.id, t.organisation_id, t.ref, int(n or 0) + 1
        # the vault writer in the same thread-pool hop: each hop waits for a thread and the loop
        return *found, None, vault.open_writer()

    ticket_id, org_id, ticket_ref, index, replay, opened = await run_in_threadpool(_ticket)
    if replay is not None:
        await _drain(request, 2 * settings.max_upload_bytes)
        return _replayed(response, *replay)
    assert opened is not None
    writer = opened
    from sargas.db import new_id

    att_id = new_id()
    try:
        got = await receive_file(request, writer, max_bytes=settings.max_upload_bytes, index=index)
        wrapped, sha, size = got.wrapped_key, got.sha256, got.size
    except Exception as exc:
        await run_in_threadpool(writer.abort)
        if isinstance(exc, ApiError):
            await _drain(request, 2 * settings.max_upload_bytes)
        raise
    except BaseException:  # cancelled: no await here
        writer.abort()
        raise

    def _store(s: Session) -> tuple[str, str] | None:  # in the group-commit thread (one transaction)
        first = replayed_upload(s, p, ticket_id, key, sha, settings.upload_duplicate_seconds)
        if first is not None:  # checked again here: the committer serialises concurrent retries
            if key and replayed_upload(s, p, ticket_id, key) is None:
                remember_key(s, p, ticket_id, key, first.id)
            return first.id, first.state
        register_upload(s, writer, wrapped, sha, size, attachment_id=att_id, ticket_id=ticket_id,
                        organisation_id=org_id, ticket_ref=ticket_ref, filename=got.filename,
                        file_type=got.file_type, p=p)
        if key:
            s.flush()
            remember_key(s, p, ticket_id, key, att_id)
        return None

    try:
        replay = await committer.run(_store)  # type: ignore[assignment]
    except Exception:
        await run_in_threadpool(get_blob_store().delete, writer.blob_key)
        raise
    except BaseException:  # cancelled: no await here
        get_blob_store().delete(writer.blob_key)
        raise
    if replay is not None:  # the first upload's blob stays; this copy is not needed
        await run_in_threadpool(get_blob_store().delete, writer.blob_key)
        return _replayed(response, *replay)
    worker = getattr(request.app.state, "worker", None)
    if worker is not None:
        worker.notify()
    elif get_settings().broker_url:  # scale-out: hand the durable job to Celery (intake_api.tasks)
        from intake_api.tasks import enqueue_attachment

        await run_in_threadpool(enqueue_attachment, att_id)
    return UploadAccepted(id=att_id, status_url=f"/api/v1/attachments/{att_id}")


def _replayed(response: Response, att_id: str, state: str) -> UploadAccepted:
    response.headers["Idempotent-Replayed"] = "true"
    return UploadAccepted(id=att_id, status_url=f"/api/v1/attachments/{att_id}", state=state)


async def _drain(request: Request, limit: int) -> None:
    """Read and discard the rest of a refused upload so the client gets the answer, not a reset."""
    seen = 0
    try:
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > limit:
                return
    except Exception:  # noqa: BLE001,S110 - stream already consumed or client gone
        pass


def _attachment_out(a: Attachment) -> AttachmentOut:
    return AttachmentOut(
        id=a.id,
        ticket=a.ticket.ref,
        filename=a.filename,
        file_type=a.file_type,
        size=a.size,
        sha256=a.sha256,
        state=a.state,
        original=a.original,
        counts=dict(a.counts or {}),
        pages=a.pages,
        pages_done=a.pages_done,
        pages_total=a.pages_total,
        error=a.error_code,
        message=a.error_message,
        coverage={"kind": a.coverage_kind, "id": a.coverage_id}
        if a.coverage_kind and a.coverage_id
        else None,
        redacted_url=f"/api/v1/attachments/{a.id}/redacted" if a.state == PUBLISHED else None,
        created_at=a.created_at,
        processed_at=a.processed_at,
    )


@router.get("/tickets/{ref}/attachments", response_model=list[AttachmentOut], tags=["attachments"])
def list_attachments(
    ref: str, p: Principal = Depends(current_principal), session: Session = SESSION
) -> list[AttachmentOut]:
    t = visible_ticket(session, ref, p)
    rows = session.scalars(
        select(Attachment).where(Attachment.ticket_id == t.id).order_by(Attachment.created_at)
    ).all()
    return [_attachment_out(a) for a in rows]


@router.get("/attachments/{att_id}", response_model=AttachmentOut, tags=["attachments"])
def get_attachment(
    att_id: str, p: Principal = Depends(current_principal), session: Session = SESSION
) -> AttachmentOut:
    return _attachment_out(visible_attachment(session, att_id, p))


@router.get(
    "/attachments/{att_id}/redacted",
    tags=["attachments"],
    responses={200: {"content": {"image/png": {}, "application/pdf": {}}}},
)
def get_redacted(
    att_id: str, p: Principal = Depends(current_principal), session: Session = SESSION
) -> Response:
    a = visible_attachment(session, att_id, p)
    copy = session.scalar(select(RedactedCopy).where(RedactedCopy.attachment_id == a.id))
    if a.state != PUBLISHED or copy is None:
        raise ApiError(
            409 if a.state == "processing" else 404,
            "not_available",
            "There is no redacted copy yet."
            if a.state == "processing"
            else "This attachment has no redacted copy.",
        )
    if copy.deleted_at is not None:
        raise ApiError(410, "gone", "The redacted copy has been deleted under the retention policy.")
    data = get_blob_store().get(copy.blob_key)
    audit.record(session, p.user_id, "redacted.read", "attachment", a.id, p.ip, {}, actor_role=p.role)
    session.commit()
    return Response(
        data,
        media_type=copy.mime,
        headers={
            "Content-Disposition": content_disposition(_redacted_name(a.filename, copy.mime)),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _redacted_name(filename: str, mime: str) -> str:
    """The stored name, with the extension of what the redacted copy is (an Outlook .msg comes out as
    an .eml)."""
    from redactor.types import FileType

    out = next((t for t in FileType if t.mime == mime), None)
    if out is None or filename.lower().endswith("." + out.extension):
        return filename
    return (filename.rsplit(".", 1)[0] if "." in filename else filename) + "." + out.extension


def _refuse_original(session: Session, a: Attachment, p: Principal, action: str, details: dict,
                     status: int, code: str, message: str) -> NoReturn:
    """Every refused access to an original is audited (and committed) before the error goes out."""
    audit.record(session, p.user_id, action, "attachment", a.id, p.ip, details, actor_role=p.role)
    session.commit()
    raise ApiError(status, code, message)


@router.get("/attachments/{att_id}/original", tags=["attachments"])
def get_original(
    att_id: str, p: Principal = Depends(current_principal), session: Session = SESSION
) -> Response:
    a = visible_attachment(session, att_id, p)
    if not may_open_original(session, a, p):
        _refuse_original(session, a, p, "original.access_denied", {"original": a.original}, 403, "forbidden",
                         "Only the data protection officer or a consultant named in an approved "
                         "transfer request may open an original.")
    if a.original == ORIG_DESTROYED or a.vault_entry_id is None:
        _refuse_original(session, a, p, "original.read_refused", {"reason": "destroyed"}, 410,
                         "original_destroyed", "The original was destroyed and cannot be recovered.")
    if a.original != ORIG_RETAINED:
        _refuse_original(session, a, p, "original.read_refused", {"reason": "pending"}, 409, "pending",
                         "The file is still being processed.")
    try:
        data = vault.read_original(
            session, a.vault_entry_id, actor=p.user_id, purpose="download", ip=p.ip, actor_role=p.role
        )
    except vault.OriginalDestroyed:
        session.commit()
        raise ApiError(
            410, "original_destroyed", "The original was destroyed and cannot be recovered."
        ) from None
    session.commit()
    from redactor.types import FileType

    return Response(
        data,
        media_type=FileType(a.file_type).mime,
        headers={
            "Content-Disposition": content_disposition(a.filename),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/notifications", response_model=list[NotificationOut], tags=["notifications"])
def list_notifications(
    request: Request,
    response: Response,
    p: Principal = Depends(current_principal),
    session: Session = SESSION,
    cursor: str | None = Query(None, max_length=200, description="X-Next-Cursor of the previous page"),
    limit: int = 50,
) -> list[NotificationOut]:
    n = outbox.Notification
    try:
        got = paging.page(session, notice_query(p), n.created_at, n.id, cursor=cursor,
                          limit=paging.clamp(limit, 50))
    except paging.BadCursor:
        raise bad_cursor() from None
    response.headers.update(paging.headers(got, str(request.url)))
    return [
        NotificationOut(
            id=row.id,
            kind=row.kind,
            lang=row.lang,
            subject=row.subject,
            body=row.body,
            data=row.payload or {},
            created_at=row.created_at,
            read=row.read_at is not None,
        )
        for row in got.rows
    ]


def notice_query(p: Principal) -> Select[tuple[outbox.Notification]]:
    """The in-app notices ``p`` sees (the API list and the web list share it)."""
    n = outbox.Notification
    q = select(n).where(n.channel == outbox.INAPP)
    if p.role == CLIENT:
        return q.where(n.organisation_id == p.organisation_id,
                       (n.user_id.is_(None)) | (n.user_id == p.user_id))
    return q.where(n.user_id == p.user_id)

"""Streaming upload: the multipart body is parsed as it arrives and the file part is encrypted into
the vault chunk by chunk, so the plaintext never touches disk (Starlette's UploadFile would spool
it to a temporary file). Size and type are checked while streaming; any rejection aborts the vault
writer, so nothing half-stored remains.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

from intake_api.errors import ApiError
from intake_api.validate import StreamCheck
from redactor.errors import RedactorError
from redactor.filenames import redact_filename
from redactor.types import FileType
from retention.vault import VaultWriter

SNIFF_BYTES = 2048
_EXT = {
    "png": FileType.PNG,
    "jpg": FileType.JPEG,
    "jpeg": FileType.JPEG,
    "jpe": FileType.JPEG,
    "webp": FileType.WEBP,
    "tif": FileType.TIFF,
    "tiff": FileType.TIFF,
    "bmp": FileType.BMP,
    "gif": FileType.GIF,
    "pdf": FileType.PDF,
}
_MIME = {
    "image/png": FileType.PNG,
    "image/jpeg": FileType.JPEG,
    "image/jpg": FileType.JPEG,
    "image/webp": FileType.WEBP,
    "image/tiff": FileType.TIFF,
    "image/bmp": FileType.BMP,
    "image/gif": FileType.GIF,
    "application/pdf": FileType.PDF,
}
_KIND = {FileType.PDF: "a PDF document"}


def sniff_head(head: bytes) -> FileType:
    """File type from the first bytes (magic numbers), never from the name; 415 if unsupported."""
    try:
        from redactor.sniff import sniff  # the redactor's own rules, when available
    except ImportError:  # pragma: no cover - before the engine lands
        sniff = _fallback_sniff
    from redactor.errors import UnsupportedType

    try:
        return sniff(head)
    except UnsupportedType as exc:
        raise ApiError(415, "unsupported_type", exc.message) from None


def _fallback_sniff(head: bytes) -> FileType:
    from redactor.errors import UnsupportedType

    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return FileType.PNG
    if head[:3] == b"\xff\xd8\xff":
        return FileType.JPEG
    if b"%PDF-" in head[:1024]:
        return FileType.PDF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileType.WEBP
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return FileType.TIFF
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return FileType.GIF
    raise UnsupportedType("Unsupported type: unknown file format." if head else "The file is empty.")


def sanitise_filename(name: str | None, ftype: FileType) -> str:
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[^\w.\-\[\] ]+", "_", name, flags=re.UNICODE).strip(" ._")
    name = re.sub(r"[ _]{2,}", "_", name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[:100] or "upload"
    return f"{stem}.{ftype.extension}"


def public_filename(name: str | None, ftype: FileType, *, index: int = 1) -> str:
    """The only name ever stored or shown: personal data in it replaced, then sanitised.

    The name as uploaded is never stored (issue 13: file names are data); it is detected on in
    memory, before sanitising (which would break e-mail addresses), and dropped.
    """
    return sanitise_filename(redact_filename(name or "", index=index), ftype)


def check_label(filename: str | None, content_type: str | None, ftype: FileType) -> None:
    """Reject a file whose name or declared type contradicts its content (415, plain words)."""
    ext = (filename or "").rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    claimed = _EXT.get(ext)
    declared = _MIME.get((content_type or "").split(";")[0].strip().lower())
    for c in (claimed, declared):
        if c is not None and c is not ftype:
            raise ApiError(
                415,
                "mislabelled",
                f"The file is labelled as {c.value.upper()} but its content is "
                f"{_KIND.get(ftype, 'a ' + ftype.value.upper() + ' image')}; "
                "rename it or upload the right file.",
            )


@dataclass
class Received:
    filename: str  # sanitised
    file_type: FileType  # detected from the content
    size: int


class _State:
    def __init__(self) -> None:
        self.headers: dict[bytes, bytes] = {}
        self.field = b""
        self.value = b""
        self.is_file = False
        self.filename: str | None = None
        self.content_type: str | None = None
        self.file_parts = 0
        self.pending: list[bytes] = []
        self.part_done = False


async def receive_file(request: Request, writer: VaultWriter, *, max_bytes: int, index: int = 1) -> Received:
    """Stream the ``file`` part of a multipart body into ``writer``. The caller aborts ``writer`` on
    any exception; on success the blob is committed (``finish``) and its metadata returned."""
    ctype, params = parse_options_header(request.headers.get("content-type"))
    if ctype != b"multipart/form-data" or not params.get(b"boundary"):
        raise ApiError(415, "not_multipart", "Send the file as multipart/form-data in a field named 'file'.")
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes + 64 * 1024:
        raise ApiError(413, "too_large", f"The file is larger than the limit of {max_bytes // (1 << 20)} MB.")

    st = _State()

    def on_part_begin() -> None:
        st.headers, st.is_file, st.part_done = {}, False, False

    def on_header_field(data: bytes, start: int, end: int) -> None:
        st.field += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        st.value += data[start:end]

    def on_header_end() -> None:
        st.headers[st.field.lower()] = st.value
        st.field, st.value = b"", b""

    def on_headers_finished() -> None:
        disp, opts = parse_options_header(st.headers.get(b"content-disposition"))
        if opts.get(b"name") == b"file":
            st.file_parts += 1
            if st.file_parts > 1:
                raise ApiError(400, "one_file_only", "Upload one file per request.")
            st.is_file = True
            raw = opts.get(b"filename")
            st.filename = raw.decode("utf-8", "replace") if raw is not None else None
            ct = st.headers.get(b"content-type")
            st.content_type = ct.decode("latin-1") if ct else None

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if st.is_file:
            st.pending.append(data[start:end])

    def on_part_end() -> None:
        if st.is_file:
            st.part_done = True
            st.is_file = False

    parser = MultipartParser(
        params[b"boundary"],
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )

    head = bytearray()
    ftype: FileType | None = None
    check: StreamCheck | None = None
    size = 0

    def start(data: bytes) -> None:
        nonlocal ftype, check
        ftype = sniff_head(data)
        check_label(st.filename, st.content_type, ftype)
        check = StreamCheck(ftype)
        put(data)

    def put(data: bytes) -> None:
        assert check is not None
        check.feed(data)
        writer.write(data)

    def drain(final: bool) -> None:
        nonlocal size
        if not st.pending:
            if ftype is None and head and (final or st.part_done):
                start(bytes(head))
            return
        data = b"".join(st.pending)
        st.pending.clear()
        size += len(data)
        if size > max_bytes:
            raise ApiError(413, "too_large", f"The file is larger than the limit of {max_bytes >> 20} MB.")
        if ftype is None:
            head.extend(data)
            if len(head) < SNIFF_BYTES and not (final or st.part_done):
                return
            start(bytes(head))
        else:
            put(data)

    try:
        async for chunk in request.stream():
            if chunk:
                try:
                    parser.write(chunk)
                except ApiError:
                    raise
                except Exception:
                    raise ApiError(
                        400, "bad_multipart", "The upload is not a valid multipart body."
                    ) from None
                drain(False)
        parser.finalize()
    except ClientDisconnect:
        raise ApiError(400, "incomplete_upload", "The upload was interrupted; please try again.") from None
    drain(True)
    if st.file_parts == 0:
        raise ApiError(422, "missing_file", "Send the file in a multipart field named 'file'.")
    if size == 0:
        raise ApiError(422, "empty_file", "The file is empty.")
    if not st.part_done:
        raise ApiError(400, "incomplete_upload", "The upload was interrupted; please try again.")
    assert ftype is not None and check is not None
    try:
        check.finish()
    except RedactorError as exc:
        raise ApiError(422, exc.code, exc.message) from None
    name = await run_in_threadpool(public_filename, st.filename, ftype, index=index)
    st.filename = None
    return Received(filename=name, file_type=ftype, size=size)

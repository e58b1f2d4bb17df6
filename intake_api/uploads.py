"""Streaming upload: the multipart body is parsed as it arrives and the file part is encrypted into
the vault chunk by chunk, so the plaintext never touches disk (Starlette's UploadFile would spool
it to a temporary file). Size and type are checked while streaming, and once the body is in, the
redactor's header probe (:mod:`redactor.probe`: pixel bombs, frame/page counts, encrypted PDFs) runs
on the plaintext kept in memory (never on disk); any rejection aborts the vault writer, so nothing
half-stored remains. A file name over 255 characters is refused with ``file_name_too_long``.
The CPU work (parsing, checks, hashing, encryption, storage writes) runs in the thread pool in
batches, never on the event loop.
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
from redactor.errors import ImageBomb, RedactorError, TooManyPages
from redactor.filenames import redact_filename
from redactor.probe import probe
from redactor.types import FileType
from retention.vault import VaultWriter

SNIFF_BYTES = 2048
FEED_BYTES = 1024 * 1024  # body bytes handed to a worker thread at a time (one hop for most files)
MAX_NAME_CHARS = 255  # a longer file name is refused with a clear 422 (it is shortened when kept)
MAX_PART_HEADER_BYTES = 64 * 1024
_NAME_MESSAGE = f"The file name is too long; rename the file to at most {MAX_NAME_CHARS} characters."
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
    "docx": FileType.DOCX, "docm": FileType.DOCX, "dotx": FileType.DOCX,
    "xlsx": FileType.XLSX, "xlsm": FileType.XLSX,
    "pptx": FileType.PPTX, "pptm": FileType.PPTX, "ppsx": FileType.PPTX,
    "odt": FileType.ODT, "ods": FileType.ODS, "rtf": FileType.RTF, "csv": FileType.CSV,
    "txt": FileType.TXT, "text": FileType.TXT, "log": FileType.TXT,
    "eml": FileType.EML, "msg": FileType.MSG, "zip": FileType.ZIP,
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
    **{t.mime: t for t in (FileType.DOCX, FileType.XLSX, FileType.PPTX, FileType.ODT, FileType.ODS,
                           FileType.RTF, FileType.CSV, FileType.EML, FileType.MSG, FileType.ZIP)},
}
_KIND = {FileType.PDF: "a PDF document", FileType.ZIP: "a ZIP archive", FileType.MSG: "an Outlook message",
         FileType.EML: "an e-mail", FileType.TXT: "plain text", FileType.CSV: "a CSV table"}
_VAGUE = (FileType.ZIP, FileType.TXT, FileType.CSV)  # what a sniff of the first bytes may fall back to
_OOXML = (FileType.DOCX, FileType.XLSX, FileType.PPTX)
_LEGACY = ("doc", "xls", "ppt", "dot", "xlt", "pps")


def sniff_head(head: bytes) -> FileType:
    """File type from the first bytes (magic numbers), never from the name; 415 if unsupported."""
    from redactor.errors import UnsupportedType
    from redactor.sniff import sniff

    try:
        return sniff(head)
    except UnsupportedType as exc:
        raise ApiError(415, "unsupported_type", exc.message) from None
    except RedactorError as exc:  # e.g. a password-protected Office file, known from its first bytes
        raise ApiError(422, exc.code, exc.message) from None


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


def check_label(filename: str | None, content_type: str | None, ftype: FileType) -> FileType:
    """Reject a file whose name or declared type contradicts its content (415, plain words).

    Returns the type to record: the first bytes cannot always tell a ZIP from an office package or
    a CSV from plain text, so within such a family the label decides (the redactor sniffs the whole
    file again and is the authority).
    """
    ext = (filename or "").rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    claimed = _EXT.get(ext)
    declared = _MIME.get((content_type or "").split(";")[0].strip().lower())
    if ftype is FileType.MSG and (claimed in _OOXML or declared in _OOXML or ext in _LEGACY):
        # an Office file in a Compound File container: password-protected OOXML or a legacy format
        raise ApiError(422, "encrypted_file",
                       "The Office document is password-protected or in the old .doc/.xls/.ppt format; "
                       "save it as an unprotected DOCX, XLSX or PPTX and upload it again.")
    if ftype.family == "text" and any(c is not None and c.family != "text" for c in (claimed, declared)):
        raise ApiError(415, "unsupported_type",
                       f"The file is labelled as {next(c for c in (claimed, declared) if c).value.upper()} "
                       "but its content is not; upload the right file.")
    for c in (claimed, declared):
        if c is not None and c is not ftype and c.family == ftype.family and ftype in _VAGUE:
            return c  # the first bytes could not tell (a ZIP-based office file, a CSV read as text)
    for c in (claimed, declared):
        if c is not None and c is not ftype:
            raise ApiError(
                415,
                "mislabelled",
                f"The file is labelled as {c.value.upper()} but its content is "
                f"{_KIND.get(ftype, _kind(ftype))}; "
                "rename it or upload the right file.",
            )
    return ftype


def _kind(ftype: FileType) -> str:
    article = "an" if ftype.value[0] in "aeiorx" else "a"
    return f"{article} {ftype.value.upper()} {'image' if ftype.is_image else 'document'}"


@dataclass
class Received:
    filename: str  # sanitised
    file_type: FileType  # detected from the content
    size: int
    wrapped_key: bytes  # of the vault blob, committed (``VaultWriter.finish``)
    sha256: str


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
    any exception; on success the blob is committed (``writer.finish``, in the same thread-pool hop
    as the last checks) and its metadata returned."""
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
            if st.filename is not None and len(st.filename) > MAX_NAME_CHARS:
                raise ApiError(422, "file_name_too_long", _NAME_MESSAGE)
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
        max_header_size=MAX_PART_HEADER_BYTES,
    )

    head = bytearray()
    plain: list[bytes] = []
    ftype: FileType | None = None
    check: StreamCheck | None = None
    size = 0

    def start(data: bytes) -> None:
        nonlocal ftype, check
        ftype = check_label(st.filename, st.content_type, sniff_head(data))
        check = StreamCheck(ftype)
        put(data)

    def put(data: bytes) -> None:
        assert check is not None
        check.feed(data)
        writer.write(data)
        plain.append(data)  # in memory only (bounded by max_bytes), for the header probe

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

    def feed(chunks: list[bytes]) -> None:  # in a worker thread: parse, check, hash, encrypt, write
        try:
            for chunk in chunks:
                parser.write(chunk)
                drain(False)
        except ApiError:
            raise
        except Exception as exc:
            if "header size" in str(exc):  # python-multipart: "Maximum header size exceeded"
                raise ApiError(422, "file_name_too_long", _NAME_MESSAGE) from None
            raise ApiError(400, "bad_multipart", "The upload is not a valid multipart body.") from None

    def finalize() -> None:
        parser.finalize()
        drain(True)

    # The CPU work of an upload (multipart parsing, type checks, SHA-256, AES-GCM, the storage write)
    # runs in the thread pool, in batches of about FEED_BYTES: the event loop only moves bytes, so
    # other requests are answered while a file streams in (issue 20).
    batch: list[bytes] = []
    pending = 0
    try:
        async for chunk in request.stream():
            if chunk:
                batch.append(chunk)
                pending += len(chunk)
                if pending >= FEED_BYTES:
                    chunks, batch, pending = batch, [], 0
                    await run_in_threadpool(feed, chunks)
    except ClientDisconnect:
        raise ApiError(400, "incomplete_upload", "The upload was interrupted; please try again.") from None

    def tail() -> tuple[str, bytes, str]:  # one hop: rest of the body, checks, probe, name, commit
        if batch:
            feed(batch)
        finalize()
        if st.file_parts == 0:
            raise ApiError(422, "missing_file", "Send the file in a multipart field named 'file'.")
        if size == 0:
            raise ApiError(422, "empty_file", "The file is empty.")
        if not st.part_done:
            raise ApiError(400, "incomplete_upload", "The upload was interrupted; please try again.")
        assert ftype is not None and check is not None
        try:
            check.finish()
            data = b"".join(plain)
            plain.clear()
            probe(data, ftype)  # the redactor's own rules, headers only
            del data
        except RedactorError as exc:
            status = 413 if isinstance(exc, ImageBomb | TooManyPages) else 422
            raise ApiError(status, exc.code, exc.message) from None
        name = public_filename(st.filename, ftype, index=index)
        st.filename = None
        wrapped, sha, _ = writer.finish()
        return name, wrapped, sha

    # Every thread-pool hop waits for a free thread and then for the event loop (and the GIL) to take
    # the answer; with OCR running beside the API those waits made the tail (issue 20).
    name, wrapped, sha = await run_in_threadpool(tail)
    assert ftype is not None
    return Received(filename=name, file_type=ftype, size=size, wrapped_key=wrapped, sha256=sha)

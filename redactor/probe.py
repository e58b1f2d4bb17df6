"""Cheap header probe: is this file acceptable at all? (issue 18.8)

Reads only what the container's headers say — image size and frame count (PIL ``Image.open`` does
not decode pixels; TIFF pages are visited by their directories), the PDF's page count and whether
it is encrypted — so the API can refuse a pixel bomb, an absurd page count or a password-protected
PDF at upload time with a 4xx, and the redactor applies the very same rules before decoding
anything (one rule for the API and ``sargas redact``). Raises the redactor's typed errors; a file
the probe cannot read is left to the format handler, which is the authority (fail closed there).

Encrypted PDFs: a PDF with any password — a user (open) password *or* only an owner (permissions)
password — is refused as ``encrypted_file``. An owner password states that the author restricted
changes to the file; rewriting it into a redacted copy would silently drop that restriction.
"""

from __future__ import annotations

import io
import warnings

from redactor.errors import CorruptFile, EncryptedFile, ImageBomb, RedactorError, TooManyPages
from redactor.limits import Limits
from redactor.types import FileType

OWNER_PASSWORD_MESSAGE = " ".join((  # noqa: S105 - a message, not a password
    "The PDF is protected by a permissions (owner) password;",
    "save it without protection and upload it again."))


def image_totals(im, limits: Limits) -> tuple[int, int]:  # noqa: ANN001 - a PIL image, opened
    """(frames, total pixels) of an opened PIL image, raising on a bomb; decodes no pixel data."""
    w, h = im.size
    if w <= 0 or h <= 0:
        raise CorruptFile()
    if w * h > limits.max_pixels:
        raise ImageBomb()
    n = int(getattr(im, "n_frames", 1) or 1)
    if n > limits.max_pages:
        raise TooManyPages(f"The image has {n} frames or pages; at most {limits.max_pages} are accepted.")
    if getattr(im, "format", None) == "TIFF" and n > 1:  # pages have their own sizes
        total = 0
        for i in range(n):
            im.seek(i)  # reads the page's directory only
            pw, ph = im.size
            if pw * ph > limits.max_pixels:
                raise ImageBomb()
            total += pw * ph
        im.seek(0)
    else:  # animated GIF/PNG/WEBP frames are decoded onto the full canvas
        total = n * w * h
    if total > limits.max_image_total_pixels:
        raise ImageBomb(f"The image has {n} frames of {total // 1_000_000} million pixels in all; at most "
                        f"{limits.max_image_total_pixels // 1_000_000} million are accepted.")
    return n, total


def check_pdf(doc, limits: Limits) -> None:  # noqa: ANN001 - an opened pymupdf.Document
    if doc.needs_pass:
        raise EncryptedFile()
    if (doc.metadata or {}).get("encryption"):
        raise EncryptedFile(OWNER_PASSWORD_MESSAGE)
    if not doc.is_pdf or doc.page_count == 0:
        raise CorruptFile("The PDF has no readable pages.")
    if doc.page_count > limits.max_pages:
        raise TooManyPages(f"The PDF has {doc.page_count} pages; at most {limits.max_pages} are accepted.")


def probe(data: bytes, file_type: FileType, limits: Limits | None = None) -> None:
    """Raise a :class:`RedactorError` if the headers already show the file will be refused."""
    limits = limits or Limits.from_env()
    try:
        if file_type is FileType.PDF:
            import pymupdf

            try:
                doc = pymupdf.open(stream=data, filetype="pdf")
            except Exception:  # noqa: BLE001 - damaged: the stream check / handler decides
                return
            with doc:
                check_pdf(doc, limits)
            return
        from PIL import Image

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            try:
                im = Image.open(io.BytesIO(data))
            except Image.DecompressionBombError as exc:
                raise ImageBomb() from exc
            except Exception:  # noqa: BLE001 - not readable here: the handler decides
                return
            with im:
                image_totals(im, limits)
    except RedactorError:
        raise
    except Exception:  # noqa: BLE001,S110 - a probe never fails a file the handler could read
        return

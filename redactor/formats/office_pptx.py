"""PowerPoint presentations (PPTX/PPTM): redacted in place, presentation out.

The shared OOXML walk (:mod:`redactor.formats.ooxml`) covers slides, layouts, masters, notes,
comments, chart caches and alt text; here comment authors (``p:cmAuthor``, modern ``p188:author``)
lose their names. Macros, OLE objects and metadata go. Fails with a typed
:class:`redactor.errors.RedactorError`; never returns a partly redacted copy.
"""

from __future__ import annotations

from lxml import etree

from redactor.formats import DocContext, DocOutput
from redactor.formats.ooxml import Kind, redact_package
from redactor.formats.package import attr_local, local
from redactor.types import FileType

_PML = "application/vnd.openxmlformats-officedocument.presentationml."


def _prepare(name: str, root: etree._Element) -> None:
    for el in root.iter():
        if local(el) in ("cmAuthor", "author"):
            for k in list(el.attrib):
                if attr_local(k) in ("name", "initials", "userId"):
                    el.set(k, "")


KIND = Kind(FileType.PPTX, {
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": _PML + "presentation.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml": _PML + "slideshow.main+xml",
}, prepare=_prepare)


def redact(data: bytes, ctx: DocContext, file_type: FileType = FileType.PPTX) -> DocOutput:
    return redact_package(data, ctx, KIND)

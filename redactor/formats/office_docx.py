"""Word documents (DOCX/DOCM/DOTX): redacted in place, Word document out.

Everything is the shared OOXML walk (:mod:`redactor.formats.ooxml`): body runs, tables, text boxes,
headers/footers, footnotes/endnotes, comments, tracked insertions and deletions (``w:delText``),
field codes, alt text, custom XML; document variables, macros, OLE objects, attached templates
and metadata go. A macro-enabled document comes out as a plain one (its main content type is
switched). Fails with a :class:`redactor.errors.RedactorError` subclass; never returns a partly
redacted copy.
"""

from __future__ import annotations

from lxml import etree

from redactor.formats import DocContext, DocOutput
from redactor.formats.ooxml import Kind, redact_package
from redactor.formats.package import local
from redactor.types import FileType

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
def _prepare(name: str, root: etree._Element) -> None:
    """Document variables (``w:docVar``, mail-merge and template data kept in settings.xml) hold
    their values in attributes no reader shows: they are removed."""
    for el in [e for e in root.iter() if local(e) == "docVar"]:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)


KIND = Kind(FileType.DOCX, {
    "application/vnd.ms-word.document.macroEnabled.main+xml": _WML + "document.main+xml",
}, prepare=_prepare)


def redact(data: bytes, ctx: DocContext, file_type: FileType = FileType.DOCX) -> DocOutput:
    return redact_package(data, ctx, KIND)

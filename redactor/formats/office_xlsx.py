"""Excel workbooks (XLSX/XLSM): redacted in place, workbook out.

The shared OOXML walk (:mod:`redactor.formats.ooxml`) covers shared strings, inline strings, number
cells, formulas, hidden sheets/rows/columns (hiding changes nothing: every cell is read), comments
and their authors, defined names, data validation lists and prompts, chart caches and pivot cache
items. Pivot cache records (a copy of the data) are dropped; the pivot refreshes on load.

After replacement the workbook is kept valid: a number cell whose value was replaced becomes an
inline string cell, a replaced pivot number item a string item, a replaced number in a chart cache
``0``. Shared-string indices and boolean/error cells are not analysed. Fails with a typed
:class:`redactor.errors.RedactorError`; never returns a partly redacted copy.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from redactor.formats import DocContext, DocOutput
from redactor.formats.ooxml import RULES, Kind, redact_package
from redactor.formats.package import local
from redactor.types import FileType

_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."


def _not_text(el: etree._Element) -> bool:
    """A cell value that is an index or a flag, not text: ``<c t="s"><v>12</v></c>``."""
    parent = el.getparent()
    return (local(el) == "v" and parent is not None and local(parent) == "c"
            and parent.get("t") in ("s", "b", "e"))


def _number(value: str | None) -> bool:
    try:
        float(value or "")
    except ValueError:
        return False
    return True


def _prepare(name: str, root: etree._Element) -> None:
    if local(root) == "pivotCacheDefinition":
        root.set("refreshOnLoad", "1")


def _fix(name: str, root: etree._Element) -> None:
    for el in root.iter():
        tag = local(el)
        if tag == "c" and el.get("t") in (None, "n", "d"):
            v = next((c for c in el if local(c) == "v"), None)
            if v is not None and not _number(v.text) and (el.get("t") != "d" or "[" in (v.text or "")):
                ns = el.tag.rsplit("}", 1)[0] + "}" if "}" in el.tag else ""
                el.set("t", "inlineStr")
                el.remove(v)
                for f in [c for c in el if local(c) == "f"]:
                    el.remove(f)
                is_ = etree.SubElement(el, ns + "is")
                etree.SubElement(is_, ns + "t").text = v.text
        elif tag == "n" and not _number(el.get("v")):
            el.tag = el.tag[:-1] + "s"
        elif tag == "v" and el.getparent() is not None and local(el.getparent()) == "pt":
            cache = el.getparent().getparent()
            if cache is not None and local(cache) == "numCache" and not _number(el.text):
                el.text = "0"


KIND = Kind(FileType.XLSX, {
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": _SML + "sheet.main+xml",
}, rules=replace(RULES, skip_text=_not_text), prepare=_prepare, fix=_fix)


def redact(data: bytes, ctx: DocContext, file_type: FileType = FileType.XLSX) -> DocOutput:
    return redact_package(data, ctx, KIND)

"""OpenDocument text and spreadsheets (ODT, ODS): redacted in place, same format out.

The package is unpacked under the zip-bomb limits; an encrypted package (``manifest:encryption-data``)
is refused with :class:`EncryptedFile`. Every XML part (``content.xml``, ``styles.xml`` with the
headers and footers, ``settings.xml``, embedded chart objects) has ALL its text nodes analysed
together: paragraphs, spans split over styles, notes, annotations, tracked changes (deleted text
included), frame titles and descriptions (alt text), cell values held in attributes
(``office:value``, ``office:string-value``, ``office:date-value``) and link targets.

``meta.xml`` is replaced by an empty one; annotation and change authors are emptied; macros
(``Basic/``, ``Scripts/``, event listeners), OLE objects, thumbnails and preview replacements are
dropped. Embedded raster pictures are OCR'd and redacted through the image handler; pictures it
cannot read are blanked. A cell whose value was replaced becomes a text cell, so the file stays
valid. Fails with a typed :class:`redactor.errors.RedactorError`; never a partly redacted copy.
"""

from __future__ import annotations

import re

from lxml import etree

from redactor.errors import CorruptFile, EncryptedFile
from redactor.formats import DocContext, DocOutput
from redactor.formats.ooxml import BLANK_PNG, redact_image
from redactor.formats.package import (
    TextRules,
    attr_local,
    collect_text,
    local,
    parse_xml,
    read_zip,
    to_xml,
    write_zip,
)
from redactor.textredact import PieceSet
from redactor.types import FileType

MANIFEST = "META-INF/manifest.xml"
MF_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
META = (b'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta xmlns:office="' + OFFICE_NS.encode()
        + b'" office:version="1.2"><office:meta/></office:document-meta>')
_DROP = re.compile(r"^(Basic|Scripts|Thumbnails|ObjectReplacements|Configurations2)/|^layout-cache$")
_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z ]*\]")
_VALUE_ATTRS = ("value", "date-value", "time-value", "boolean-value", "currency")

RULES = TextRules(
    blocks=frozenset({"p", "h"}),
    virtual={"s": " ", "tab": "\t", "line-break": "\n"},
    skip=frozenset({"binary-data"}),
    attrs=frozenset({"string-value", "value", "date-value", "href", "title", "description", "formula"}),
    scrub_attrs=frozenset({"author", "initials"}),
    scrub_elements=frozenset({"creator", "initial-creator", "printed-by"}),
)


def redact(data: bytes, ctx: DocContext, file_type: FileType) -> DocOutput:
    members = read_zip(data, ctx.limits, budget=ctx.budget)
    files = {m.name: m.data for m in members if not m.name.endswith("/")}
    if MANIFEST not in files or "content.xml" not in files:
        raise CorruptFile("The OpenDocument file has no content or manifest and cannot be read.")
    manifest = parse_xml(files[MANIFEST])
    if any(local(el) == "encryption-data" for el in manifest.iter()):
        raise EncryptedFile("The document is password-protected; save it without a password and "
                            "upload it again.")
    objects = {n.split("/", 1)[0] for n in files if "/" in n and n.split("/", 1)[1] == "content.xml"}
    dropped = {n for n in files if _DROP.search(n) or (n.startswith("Object ") and "/" not in n)}
    if any(n.startswith(("Basic/", "Scripts/")) for n in dropped):
        ctx.warnings.append("Macros were removed from the document.")
    if any(n.startswith("Object ") and "/" not in n for n in dropped):
        ctx.warnings.append("Embedded objects (OLE) were removed from the document.")
    ps = PieceSet()
    trees: dict[str, etree._Element] = {}
    out: dict[str, bytes] = {}
    names = [n for n in files if n not in dropped]
    for part, name in enumerate(names):
        low = name.lower()
        if name == "mimetype":
            out[name] = files[name]
        elif name == "meta.xml" or (name.endswith("/meta.xml") and name.split("/", 1)[0] in objects):
            out[name] = META
        elif name == MANIFEST:
            trees[name] = manifest
        elif low.endswith((".xml", ".rdf")):
            root = parse_xml(files[name])
            _strip_scripts(root)
            collect_text(root, RULES, ps, part)
            trees[name] = root
        elif low.endswith(_IMAGES):
            out[name] = redact_image(files[name], ctx, part)
        elif low.startswith("pictures/") or low.startswith("media/"):
            out[name] = BLANK_PNG
            ctx.warnings.append("An embedded image of a kind that cannot be read (EMF/WMF/SVG) was blanked.")
        else:
            dropped.add(name)
            ctx.warnings.append("An embedded file of an unknown kind was removed from the document.")
    ctx.add_spans(ps.redact(ctx.lang))
    _clean_manifest(manifest, dropped)
    for name, root in trees.items():
        _fix_cells(root)
        out[name] = to_xml(root)
    order = [n for n in names if n in out]
    if "mimetype" in order:
        order.remove("mimetype")
        order.insert(0, "mimetype")
    return DocOutput(write_zip(((n, out[n]) for n in order), stored_first="mimetype"), file_type,
                     parts=len(order))


def _strip_scripts(root: etree._Element) -> None:
    for el in list(root.iter()):
        if local(el) in ("event-listeners", "scripts", "object-ole") and el.getparent() is not None:
            el.getparent().remove(el)


def _clean_manifest(manifest: etree._Element, dropped: set[str]) -> None:
    for el in list(manifest):
        path = next((v for k, v in el.attrib.items() if attr_local(k) == "full-path"), "")
        if path in dropped or any(d.startswith(path) for d in dropped if path.endswith("/")):
            manifest.remove(el)


def _fix_cells(root: etree._Element) -> None:
    """A cell whose text or value was replaced is a text cell now: value attributes removed."""
    for el in root.iter():
        if local(el) not in ("table-cell", "covered-table-cell"):
            continue
        texts = [el.get(k) or "" for k in el.attrib] + ["".join(el.itertext())]
        if not any(_PLACEHOLDER.search(t) for t in texts):
            continue
        for k in list(el.attrib):
            ln = attr_local(k)
            if ln in _VALUE_ATTRS:
                del el.attrib[k]
            elif ln == "value-type":
                el.set(k, "string")

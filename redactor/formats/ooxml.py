"""Office Open XML packages (DOCX, XLSX, PPTX): the parts every kind shares.

:func:`redact_package` unpacks the ZIP (zip-bomb limits), then

* drops what cannot be made safe or is not needed: macros (``vbaProject.bin``, ``vbaData.xml``),
  OLE objects and other embeddings, ActiveX controls, external links and data connections, printer
  settings, thumbnails, custom properties; the relationships and content-type entries pointing at
  them, external template/frame/OLE relationships, and the XML elements that used them;
* replaces ``docProps/core.xml`` and ``docProps/app.xml`` with empty ones (author, company,
  last-modified-by, titles of parts are gone);
* parses every other XML part (safely, :func:`redactor.formats.package.parse_xml`) and hands ALL
  its text nodes — runs, deleted text, field codes, comments, headers, footers, notes, chart caches,
  defined names, validation lists, custom XML — plus alt text, tooltips and external hyperlink
  targets to one analysis, so a value is replaced in place wherever it is;
* OCRs and redacts every embedded raster image through the image handler; images it cannot read
  (EMF, WMF, SVG) are replaced by a blank;
* refuses macro-only packages (add-ins) with :class:`UnsafeContent`. Encrypted OOXML is a CFB
  container and is refused by the sniffer (:class:`EncryptedFile`).

Format modules add their own rules (:class:`Kind`): the main part, extra text attributes, fix-ups
that keep the file valid after a replacement (a number cell that became text).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from redactor.errors import RedactorError, TooManyPages, UnsafeContent
from redactor.formats import DocContext, DocOutput
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

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DROP = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml|vbaProjectSignature\w*\.bin|attachedToolbars\.bin|"
    r"customizations\.xml|connections\.xml|thumbnail\.\w+)$|"
    r"(^|/)(embeddings|activeX|externalLinks|printerSettings|queryTables|ctrlProps)/|"
    r"^docProps/custom\.xml$|pivotCacheRecords\d*\.xml$|\.bin$", re.IGNORECASE)
_EXTERNAL_DROP = ("oleObject", "externalLink", "attachedTemplate", "frame", "subDocument",
                  "externalLinkPath", "package", "control", "oleObjectLink", "dataConnection")
_IMAGES = (".png", ".jpg", ".jpeg", ".jpe", ".gif", ".bmp", ".tif", ".tiff", ".webp")
_KEEP_BINARY = (".odttf", ".ttf", ".otf", ".fntdata")
_XML = (".xml", ".rels", ".vml")
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8ffff3f0005fe02fea7d6a4800000000049454e44ae426082")
CORE = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp='
        b'"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"/>')
APP = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
       b'"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       b'<Application>Sargas</Application></Properties>')
_ADDIN = ("addin.macroEnabled", "ms-word.template.macroEnabled")

RULES = TextRules(
    blocks=frozenset({"p", "si", "is", "text", "del", "moveFrom"}),  # deleted text: its own block
    virtual={"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-", "ptab": "\t"},
    skip=frozenset({"binData", "fldData", "rsids"}),
    attrs=frozenset({"descr", "title", "tooltip", "instr", "prompt", "error", "promptTitle", "errorTitle",
                     "v"}),
    scrub_attrs=frozenset({"author", "initials", "userId", "providerId", "lastModifiedBy",
                           "displayName"}),
    scrub_elements=frozenset({"author", "creator", "lastModifiedBy"}),
)


@dataclass(frozen=True)
class Kind:
    file_type: FileType
    main_types: dict[str, str]  # macro-enabled main content type -> plain one
    rules: TextRules = RULES
    prepare: Callable[[str, etree._Element], None] | None = None  # before analysis (scrubbing)
    fix: Callable[[str, etree._Element], None] | None = None  # after replacement (validity)
    extra: dict = field(default_factory=dict)


def _target(rels_name: str, target: str) -> str:
    base = posixpath.dirname(posixpath.dirname(rels_name))  # word/_rels/x.rels -> word
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


def _source(rels_name: str) -> str:
    d, f = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(d), f[: -len(".rels")])


def redact_package(data: bytes, ctx: DocContext, kind: Kind) -> DocOutput:
    members = read_zip(data, ctx.limits, budget=ctx.budget)
    files = {m.name: m.data for m in members if not m.name.endswith("/")}
    if "[Content_Types].xml" not in files:
        raise RedactorError("The office document has no content list and cannot be read.")
    ct = parse_xml(files["[Content_Types].xml"])
    _check_main(ct, kind)
    dropped = {n for n in files if _DROP.search(n)}
    if dropped & {n for n in files if n.lower().endswith("vbaproject.bin")}:
        ctx.warnings.append("Macros were removed from the document.")
    if any("/embeddings/" in n or "/activeX/" in n for n in dropped):
        ctx.warnings.append("Embedded objects (OLE, ActiveX) were removed from the document.")
    if any("externalLinks/" in n or n.endswith("connections.xml") for n in dropped):
        ctx.warnings.append("External links and data connections were removed from the document.")
    unknown = {n for n in files if n not in dropped and not _known(n)}
    if unknown:  # decided before the relationships are cleaned, so none is left pointing at them
        ctx.warnings.append("An embedded file of an unknown kind was removed from the document.")
        dropped |= unknown
    trees: dict[str, etree._Element] = {}
    ps = PieceSet()
    dead_ids: dict[str, set[str]] = {}
    out: dict[str, bytes] = {}
    names = [n for n in files if n not in dropped]
    for part, name in enumerate(names):
        low = name.lower()
        if name in ("docProps/core.xml", "docProps/app.xml"):
            out[name] = CORE if name.endswith("core.xml") else APP
        elif low.endswith(_XML):
            if name == "[Content_Types].xml":
                trees[name] = ct
                continue
            root = parse_xml(files[name]) if not low.endswith(".vml") else _parse_vml(files[name])
            trees[name] = root
            if low.endswith(".rels"):
                dead_ids[_source(name)] = _clean_rels(name, root, dropped, ps, part)
            else:
                if kind.prepare is not None:
                    kind.prepare(name, root)
                collect_text(root, kind.rules, ps, part)
        elif low.endswith(_IMAGES):
            out[name] = redact_image(files[name], ctx, part)
        elif low.startswith(("word/media/", "xl/media/", "ppt/media/")) or "/media/" in low:
            out[name] = BLANK_PNG
            ctx.warnings.append("An embedded image of a kind that cannot be read (EMF/WMF/SVG) was blanked.")
        else:  # fonts (_known lets nothing else through)
            out[name] = files[name]
    for name, ids in dead_ids.items():
        if ids and name in trees:
            _drop_refs(trees[name], ids)
    ctx.add_spans(ps.redact(ctx.lang))
    _clean_types(ct, dropped, kind)
    for name, root in trees.items():
        if kind.fix is not None:
            kind.fix(name, root)
        out[name] = to_xml(root)
    order = ["[Content_Types].xml", *[n for n in names if n != "[Content_Types].xml" and n in out]]
    return DocOutput(write_zip((n, out[n]) for n in order), kind.file_type, parts=len(order))


def _known(name: str) -> bool:
    low = name.lower()
    return (low.endswith(_XML + _IMAGES + _KEEP_BINARY) or name in ("docProps/core.xml", "docProps/app.xml")
            or "/media/" in low)


def _check_main(ct: etree._Element, kind: Kind) -> None:
    for el in ct:
        ctype = el.get("ContentType", "")
        if any(a in ctype for a in _ADDIN):
            raise UnsafeContent("The file is a macro add-in or macro template: it is only macros and "
                                "cannot be made safe.")


def _clean_types(ct: etree._Element, dropped: set[str], kind: Kind) -> None:
    for el in list(ct):
        part = (el.get("PartName") or "").lstrip("/")
        if local(el) == "Override" and part in dropped:
            ct.remove(el)
            continue
        ctype = el.get("ContentType", "")
        if ctype in kind.main_types:
            el.set("ContentType", kind.main_types[ctype])
        if local(el) == "Default" and el.get("Extension", "").lower() == "bin":
            ct.remove(el)


def _clean_rels(name: str, root: etree._Element, dropped: set[str], ps: PieceSet, part: int) -> set[str]:
    """Remove relationships to dropped parts and unsafe external ones; external link targets are
    analysed as text. Returns the ids removed (their users are removed from the source part)."""
    dead: set[str] = set()
    for rel in list(root):
        rtype = rel.get("Type", "").rsplit("/", 1)[-1]
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if (external and rtype in _EXTERNAL_DROP) or (not external and _target(name, target) in dropped) \
                or rtype in ("vbaProject", "oleObject", "package", "control", "externalLink"):
            dead.add(rel.get("Id", ""))
            root.remove(rel)
        elif external:
            ps.add(target, lambda v, rel=rel: rel.set("Target", v), part)
    return dead


def _drop_refs(root: etree._Element, ids: set[str]) -> None:
    """Remove the elements of a part that use removed relationships (OLE objects, external refs)."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if any(k.startswith("{" + R_NS + "}") and v in ids for k, v in el.attrib.items()):
            parent = el.getparent()
            if parent is None:
                continue
            if local(el) in ("blip", "imagedata"):  # keep the picture, drop the link
                for k in [k for k in el.attrib if k.startswith("{" + R_NS + "}")]:
                    del el.attrib[k]
                continue
            parent.remove(el)


def _parse_vml(data: bytes) -> etree._Element:
    """Legacy VML drawings (comment boxes, OLE previews) are often not well-formed: parse leniently.
    What the lenient parser cannot read is lost, never kept unredacted."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    root = etree.fromstring(data, parser) if b"<!ENTITY" not in data else None
    return root if root is not None else etree.fromstring(b"<xml/>")


def redact_image(data: bytes, ctx: DocContext, part: int) -> bytes:
    try:
        return ctx.redact_embedded(data, part).data
    except TooManyPages:
        raise
    except RedactorError:
        ctx.warnings.append("An embedded image that could not be read was blanked.")
        return BLANK_PNG


def attr_named(el: etree._Element, name: str) -> str | None:
    for k, v in el.attrib.items():
        if attr_local(k) == name:
            return v
    return None

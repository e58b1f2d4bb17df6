"""ZIP packages and XML parts, shared by the OOXML, ODF and archive handlers.

* :func:`read_zip` unpacks a ZIP into memory under the zip-bomb limits (member count, total
  unpacked size, per-member ratio; sizes are counted while inflating, the headers are not trusted)
  and refuses encrypted members.
* :func:`parse_xml` parses one part with entities, DTD loading and network access off (a DOCTYPE
  that declares entities is refused), so billion-laughs and XXE parts fail as :class:`CorruptFile`.
* :func:`collect_text` walks a part and registers every text node (element text and tail) with a
  :class:`redactor.textredact.PieceSet`: nodes under one *block* element (a paragraph, a shared
  string, a cell) form one block, so values split over runs are found whole.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from redactor.errors import CorruptFile, EncryptedFile, TooLarge
from redactor.limits import Limits
from redactor.textredact import Piece, PieceSet

_CHUNK = 1 << 16
MAX_XML_PART = 64 * 1024 * 1024


@dataclass(slots=True)
class Member:
    name: str
    data: bytes
    info: zipfile.ZipInfo
    encrypted: bool = False


def read_zip(data: bytes, limits: Limits, *, budget: list[int] | None = None,
             allow_encrypted: bool = False) -> list[Member]:
    """All members of a ZIP (directories included, data empty). ``budget`` = [members, bytes, pages] left,
    shared by nested archives so limits count over every level. An encrypted member fails the whole
    package, or (``allow_encrypted``, archives) comes back empty with ``encrypted`` set."""
    budget = budget if budget is not None else [limits.max_members, limits.max_unpacked, limits.max_pages]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise CorruptFile("The ZIP container is damaged and cannot be read.") from exc
    if len(infos) > budget[0]:
        raise TooLarge(f"The file contains more than {limits.max_members} files.")
    budget[0] -= len(infos)
    out: list[Member] = []
    with zf:
        for info in infos:
            if info.flag_bits & 0x1:
                if not allow_encrypted:
                    raise EncryptedFile("The ZIP container is password-protected; upload it without a "
                                        "password.")
                out.append(Member(info.filename, b"", info, encrypted=True))
                continue
            out.append(Member(info.filename, b"" if info.is_dir() else _inflate(zf, info, limits, budget),
                              info))
    return out


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: list[int]) -> bytes:
    buf = bytearray()
    cap = max(info.compress_size, 1) * limits.max_ratio
    try:
        with zf.open(info) as f:
            while chunk := f.read(_CHUNK):
                buf += chunk
                budget[1] -= len(chunk)
                if budget[1] < 0:
                    raise TooLarge(f"The file unpacks to more than {limits.max_unpacked >> 20} MB.")
                if len(buf) > cap and len(buf) > 1 << 20:
                    raise TooLarge("The file is a compression bomb (it unpacks to far more than its size).")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise CorruptFile("A part of the ZIP container is damaged.") from exc
    except RuntimeError as exc:  # zipfile: encrypted member without a password
        raise EncryptedFile() from exc
    return bytes(buf)


def write_zip(members: Iterable[tuple[str, bytes]], *, stored_first: str | None = None) -> bytes:
    """A new ZIP of ``members`` (fresh headers: no comments, extra fields or original dates)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            if name.endswith("/"):
                info.external_attr = 0o40755 << 16
                zf.writestr(info, b"")
                continue
            info.compress_type = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=False)


def parse_xml(data: bytes) -> etree._Element:
    if len(data) > MAX_XML_PART:
        raise TooLarge("A part of the document is too large.")
    if b"<!ENTITY" in data[:65536] or b"<!ENTITY" in data:
        raise CorruptFile("The document contains XML entity declarations and was refused.")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptFile("A part of the document is damaged (invalid XML).") from exc
    if root is None:
        raise CorruptFile("A part of the document is empty.")
    return root


def to_xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def attr_local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _setter(el: etree._Element, where: str) -> Callable[[str], None]:
    def put(value: str) -> None:
        setattr(el, where, value)

    return put


def _attr_setter(el: etree._Element, name: str) -> Callable[[str], None]:
    def put(value: str) -> None:
        el.set(name, value)

    return put


@dataclass(frozen=True, slots=True)
class TextRules:
    """What text means in one XML dialect."""

    blocks: frozenset[str]  # local names of block elements (paragraph, shared string, cell)
    virtual: dict[str, str]  # local names of empty elements that stand for text (tab, break)
    skip: frozenset[str] = frozenset()  # subtrees whose text is not document text
    attrs: frozenset[str] = frozenset()  # attributes holding document text (alt text, tooltips)
    scrub_attrs: frozenset[str] = frozenset()  # attributes naming people: emptied
    scrub_elements: frozenset[str] = frozenset()  # elements naming people (authors): text emptied
    skip_text: Callable[[etree._Element], bool] | None = None  # nodes not to analyse


def collect_text(root: etree._Element, rules: TextRules, pieces: PieceSet, part: int) -> None:
    """Register every text node and text attribute of ``root`` with ``pieces``."""
    _walk(root, rules, pieces, part, None)


def _walk(el: etree._Element, rules: TextRules, ps: PieceSet, part: int, block: list[Piece] | None) -> None:
    name = local(el)
    if not name:  # processing instruction: its tail still belongs to the text
        _text(el, "tail", rules, ps, part, block)
        return
    for key in list(el.attrib):
        ln = attr_local(key)
        if ln in rules.scrub_attrs:
            el.set(key, "")
        elif ln in rules.attrs:
            ps.add(el.get(key), _attr_setter(el, key), part)
    if name in rules.scrub_elements:
        if el.text:
            el.text = ""
        for child in el:
            el.remove(child)
    elif name in rules.skip or (rules.skip_text is not None and rules.skip_text(el)):
        pass
    elif name in rules.blocks:
        mine: list[Piece] = []
        _text(el, "text", rules, ps, part, mine)
        for child in el:
            _walk(child, rules, ps, part, mine)
        ps.block(mine)
    else:
        if block is not None and name in rules.virtual:
            block.append(Piece(_virtual(el, rules.virtual[name]), None, part))
        _text(el, "text", rules, ps, part, block)
        for child in el:
            _walk(child, rules, ps, part, block)
    _text(el, "tail", rules, ps, part, block)


def _virtual(el: etree._Element, text: str) -> str:
    for key, value in el.attrib.items():  # ODF <text:s text:c="3"/>: three spaces
        if attr_local(key) == "c" and value.isdigit():
            return text * min(int(value), 100)
    return text


def _text(el: etree._Element, where: str, rules: TextRules, ps: PieceSet, part: int,
          block: list[Piece] | None) -> None:
    value = getattr(el, where)
    if not value:
        return
    if block is not None:
        block.append(Piece(value, _setter(el, where), part))
    elif value.strip():
        ps.add(value, _setter(el, where), part)

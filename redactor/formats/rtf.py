"""Rich Text Format: redacted in place, RTF out.

The file is parsed into groups and tokens (control words, ``\\'hh`` and ``\\uN`` escapes with their
fallback characters, text runs, ``\\binN`` data). Text of the body, headers/footers, footnotes,
annotations and field instructions (``HYPERLINK "mailto:..."``) is analysed as blocks broken at
``\\par``/``\\cell``/``\\row``/..., so a value split by formatting (``{\\b Jo}nas``) or by escapes is
found whole and removed from every token it touches (a ``\\uN`` escape loses its fallback too).
Placeholders are written as plain ASCII.

Dropped: ``\\info`` (author, company...), user properties and document variables, annotation
authors, the revision author table, OLE objects (``\\object``), theme/colour-scheme/data-store blobs,
and pictures the image handler cannot read; PNG/JPEG pictures are OCR'd and redacted in place.
Font, colour, style and list tables are kept and not analysed. An unbalanced file (more ``}`` than
``{``, or an unterminated group) fails as :class:`CorruptFile`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from redactor.errors import CorruptFile, RedactorError
from redactor.formats import DocContext, DocOutput
from redactor.textredact import Piece, PieceSet
from redactor.types import FileType

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|[\r\n]+|"
                    rb"([^\\{}\r\n]+)")
_DROP = {"info", "userprops", "docvar", "atnauthor", "atnid", "revtbl", "object", "themedata",
         "colorschememapping", "datastore", "xmlnstbl", "passwordhash", "password", "listpicture"}
_KEEP = {"fonttbl", "colortbl", "stylesheet", "listtable", "listoverridetable", "rsidtbl", "generator",
         "latentstyles", "pgdsctbl", "mmathPr", "fldtype", "filetbl", "bkmkstart", "bkmkend", "pnseclvl",
         "wgrffmtfilter", "defchp", "defpap", "ftnsep", "ftnsepc", "aftnsep", "aftnsepc"}
_BREAK = {"par", "line", "sect", "page", "row", "cell", "nestcell", "nestrow", "header", "footer",
          "footnote", "annotation", "fldinst", "headerl", "headerr", "headerf", "footerl", "footerr",
          "footerf"}
_CHARS = {"tab": "\t", "emdash": "\u2014", "endash": "\u2013", "bullet": "\u2022", "lquote": "\u2018",
          "rquote": "\u2019", "ldblquote": "\u201c", "rdblquote": "\u201d", "~": "\u00a0", "_": "-"}
MAX_DEPTH = 200


@dataclass(slots=True)
class Tok:
    raw: bytes
    word: str = ""
    arg: int | None = None
    text: str = ""  # document text this token stands for
    shadows: list[Tok] = field(default_factory=list)  # fallback chars of a \\uN escape


@dataclass(slots=True)
class Group:
    items: list[Tok | Group] = field(default_factory=list)
    dropped: bool = False

    def destination(self) -> str:
        toks = [t for t in self.items[:3] if isinstance(t, Tok)]
        for t in toks:
            if t.word and t.word != "*":
                return t.word
        return ""


def _parse(data: bytes) -> Group:
    root = Group()
    stack = [root]
    pos = 0
    while pos < len(data):
        m = _TOKEN.match(data, pos)
        if m is None:  # a lone backslash at the end
            raise CorruptFile("The RTF document is damaged.")
        pos = m.end()
        word, arg, hexa, sym, brace, text = m.groups()
        if brace == b"{":
            g = Group()
            stack[-1].items.append(g)
            stack.append(g)
            if len(stack) > MAX_DEPTH:
                raise CorruptFile("The RTF document is nested too deeply.")
        elif brace == b"}":
            stack.pop()
            if not stack:
                raise CorruptFile("The RTF document is damaged (unbalanced braces).")
        elif word is not None:
            tok = Tok(m.group(0), word.decode("ascii"), int(arg) if arg is not None else None)
            if tok.word == "bin" and tok.arg:
                n = max(0, tok.arg)
                tok.raw += data[pos:pos + n]
                pos += n
            stack[-1].items.append(tok)
        elif hexa is not None:
            stack[-1].items.append(Tok(m.group(0), "'", int(hexa, 16)))
        elif sym is not None:
            stack[-1].items.append(Tok(m.group(0), sym.decode("latin-1")))
        elif text is not None:
            stack[-1].items.append(Tok(m.group(0), "", None, ""))
        else:
            stack[-1].items.append(Tok(m.group(0)))  # line breaks in the source: no text
    if len(stack) != 1:
        raise CorruptFile("The RTF document is damaged (unterminated group).")
    return root


def _escape(text: str) -> bytes:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            n = ord(ch)
            out.append(f"\\u{n - 65536 if n > 32767 else n}?")
    return "".join(out).encode("ascii")


class _Walker:
    def __init__(self, ctx: DocContext, codepage: str) -> None:
        self.ctx = ctx
        self.cp = codepage
        self.ps = PieceSet()
        self.block: list[Piece] = []
        self.part = 0

    def flush(self) -> None:
        self.ps.block(self.block)
        self.block = []

    def piece(self, tok: Tok, text: str) -> None:
        def put(value: str, tok: Tok = tok) -> None:
            tok.raw = _escape(value)
            for s in tok.shadows:
                s.raw = b""

        self.block.append(Piece(text, put, self.part))

    def walk(self, g: Group, uc: int = 1) -> None:
        dest = g.destination()
        if dest in _DROP:
            g.dropped = True
            if dest == "object":
                self.ctx.warnings.append("Embedded objects (OLE) were removed from the document.")
            return
        if dest == "pict":
            self._pict(g)
            return
        if dest in _KEEP or (g.items and isinstance(g.items[0], Tok) and g.items[0].word == "*"
                             and dest not in _BREAK):
            return
        if dest in _BREAK:
            self.flush()
            self.part += 1
        skip = 0  # fallback characters of the last \\uN still to pass over
        last_u: Tok | None = None
        items: list[Tok | Group] = []
        for item in g.items:
            if isinstance(item, Group):
                items.append(item)
                self.walk(item, uc)
                continue
            is_text = not item.word and item.raw[:1] not in (b"\r", b"\n", b"\\", b"")
            if skip and last_u is not None and (item.word == "'" or is_text):
                if item.word == "'" or len(item.raw) <= skip:
                    skip -= 1 if item.word == "'" else len(item.raw)
                    last_u.shadows.append(item)
                    items.append(item)
                    continue
                shadow = Tok(item.raw[:skip])  # the fallback is the start of this text run
                last_u.shadows.append(shadow)
                items.append(shadow)
                item.raw = item.raw[skip:]
            skip = 0
            items.append(item)
            if item.word == "uc" and item.arg is not None:
                uc = max(0, item.arg)
            elif item.word == "u" and item.arg is not None:
                n = item.arg + 65536 if item.arg < 0 else item.arg
                self.piece(item, chr(n) if 0 < n < 0x110000 else "")
                skip, last_u = uc, item
            elif item.word == "'":
                self.piece(item, bytes([item.arg or 0]).decode(self.cp, "replace"))
            elif item.word in _CHARS:
                self.block.append(Piece(_CHARS[item.word], None, self.part))
            elif item.word in _BREAK:
                self.flush()
            elif is_text:
                self.piece(item, item.raw.decode(self.cp, "replace"))
        g.items = items
        if dest in _BREAK:
            self.flush()

    def _pict(self, g: Group) -> None:
        words = {t.word for t in g.items if isinstance(t, Tok)}
        hex_toks = [t for t in g.items if isinstance(t, Tok) and not t.word and t.raw.strip()]
        if ("pngblip" not in words and "jpegblip" not in words) or "bin" in words:
            g.dropped = True
            self.ctx.warnings.append("An embedded picture of a kind that cannot be read was removed.")
            return
        try:
            data = bytes.fromhex(b"".join(t.raw for t in hex_toks).decode("ascii"))
            redacted = self.ctx.redact_embedded(data, self.part).data
        except (ValueError, RedactorError):
            g.dropped = True
            self.ctx.warnings.append("An embedded picture that could not be read was removed.")
            return
        for t in hex_toks:
            t.raw = b""
        hex_toks[0].raw = redacted.hex().encode("ascii")


def _serialise(g: Group, out: list[bytes]) -> None:
    for item in g.items:
        if isinstance(item, Group):
            if not item.dropped:
                out.append(b"{")
                _serialise(item, out)
                out.append(b"}")
        else:
            out.append(item.raw)


def _walk(data: bytes, ctx: DocContext) -> tuple[Group, _Walker]:
    root = _parse(data)
    m = re.search(rb"\\ansicpg(\d{3,5})", data[:4096])
    codepage = f"cp{m.group(1).decode()}" if m else "cp1252"
    try:
        b"".decode(codepage)
    except LookupError:
        codepage = "cp1252"
    walker = _Walker(ctx, codepage)
    for item in root.items:
        if isinstance(item, Group):
            walker.walk(item)
    walker.flush()
    return root, walker


def text_blocks(data: bytes) -> list[str]:
    """The text of an RTF document, one string per paragraph (for previews; pictures skipped)."""
    from redactor.limits import Limits

    ctx = DocContext("auto", Limits(max_depth=0))  # depth 0: embedded pictures are not opened
    _, walker = _walk(data, ctx)
    return ["".join(p.text for p in b) for b in walker.ps.blocks]


def redact(data: bytes, ctx: DocContext, file_type: FileType = FileType.RTF) -> DocOutput:
    root, walker = _walk(data, ctx)
    ctx.add_spans(walker.ps.redact(ctx.lang))
    out: list[bytes] = []
    _serialise(root, out)
    return DocOutput(b"".join(out), FileType.RTF, parts=walker.part + 1)

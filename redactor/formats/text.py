"""Plain text and CSV: redacted text, same encoding and layout out.

The encoding is UTF-8 (BOM kept), UTF-16 with BOM, or else a one-byte code page (see
:func:`redactor.sniff.decode_text`); the output is written back in the same encoding, values
replaced by placeholders. A TXT file is one text (presidio-anonymizer replacement); a CSV file is
parsed with its sniffed dialect and every cell is one block, so a value never runs into the next
cell and the delimiters survive. Text that cannot be decoded fails as :class:`CorruptFile`.
"""

from __future__ import annotations

import csv
import io

from redactor.errors import CorruptFile
from redactor.formats import DocContext, DocOutput
from redactor.sniff import decode_text
from redactor.textredact import PieceSet, redact_text
from redactor.types import FileType


def _encoding(data: bytes, text: str) -> tuple[str, bytes]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", b""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8", b"\xef\xbb\xbf"
    try:
        data.decode("utf-8")
        return "utf-8", b""
    except UnicodeDecodeError:
        pass
    for enc in ("cp1251", "cp1257"):
        try:
            if data.decode(enc) == text:
                return enc, b""
        except UnicodeDecodeError:
            continue
    return "utf-8", b""


def redact(data: bytes, ctx: DocContext, file_type: FileType) -> DocOutput:
    text = decode_text(data)
    if text is None:
        raise CorruptFile("The text file uses an encoding that cannot be read.")
    enc, bom = _encoding(data, text)
    if file_type is FileType.CSV:
        new = _csv(text, ctx)
    else:
        new, spans = redact_text(text, ctx.lang)
        ctx.add_spans([(s, 0) for s in spans])
    return DocOutput(bom + new.encode(enc, "replace"), file_type, parts=1)


def _csv(text: str, ctx: DocContext) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    newline = "\r\n" if "\r\n" in text[:65536] else "\n"
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    ps = PieceSet()
    for r, row in enumerate(rows):
        for c in range(len(row)):
            ps.add(row[c], lambda v, row=row, c=c: row.__setitem__(c, v), r)
    ctx.add_spans(ps.redact(ctx.lang))
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=dialect.delimiter, quotechar=dialect.quotechar or '"',
                        quoting=csv.QUOTE_MINIMAL, lineterminator=newline)
    writer.writerows(rows)
    out = buf.getvalue()
    return out if text.endswith(("\n", "\r")) else out[: -len(newline)] if out.endswith(newline) else out

"""Values by column: a table cell shaped like the values found in the other cells of its column.

Small or recompressed text is read with damage: a digit read as '$', a '@' as a letter, a dash
as a dot. A checksum or a pattern then rejects the cell, while the same column's other cells are
found. Runs after the value recognizers and reads what they found (``doc.shared["found"]``): with the
reading structure (:mod:`redactor.layout`) a column is the run of vertically adjacent cells that
overlap horizontally; when two or more cells of a column are wholly found as one kind of value (a
phone, an e-mail address, an IBAN, a personal code, an address ...) and they are a quarter of its
value cells or more, another cell of that column of the same shape is that kind too. The shape is
the cell's length, its mix of digits, letters, punctuation and spaces, its number of words and of
digits, compared with the found cells of the column. Left alone: a label, a cell of a header row, a
key=value record, a line that is one cell, a cell that does not start or end where a found cell
does, and a cell out of those bounds; so a totals row, a status column or a log viewer's lines
beside them change nothing. Names have their own column rule
(:mod:`redactor.recognizers.person_column`). Adds only; a column with fewer than two found values
changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from redactor.layout import Cell, Layout, label_kind, layout_of
from redactor.nlp import DocInfo
from redactor.recognizers.base import SargasRecognizer, real_digits

# kinds of value that fill a table cell alone; names and addresses have their own structure
KINDS = ("PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD", "LT_PERSONAL_CODE",
         "LV_PERSONAL_CODE", "EE_PERSONAL_CODE", "RU_INN", "RU_SNILS", "RU_PASSPORT", "ID_DOCUMENT",
         "IP_ADDRESS", "ADDRESS")
WHOLE = 0.9  # a found value fills its cell when it covers this share of the cell's characters
SHARE = 1 / 4  # ... and found cells are at least this share of the column's value cells
MAX_DISTANCE = 0.3  # L1 distance of two cells' character mixes (digits, letters, punctuation, spaces)


def mix(text: str) -> tuple[float, float, float, float]:
    """Shares of digits, letters, spaces and other characters in ``text``."""
    n = max(len(text), 1)
    d = sum(ch.isdigit() for ch in text)
    a = sum(ch.isalpha() for ch in text)
    s = sum(ch.isspace() for ch in text)
    return d / n, a / n, s / n, (n - d - a - s) / n


def _distance(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


def _header_row(lay: Layout, c: Cell) -> bool:
    """``c``'s row holds a label: a header row or a form's label line, never a value row."""
    return any(x.kind is not None for x in lay.rows[c.row]) if 0 <= c.row < len(lay.rows) else False


def _aligned(c: Cell, anchors: list[Cell]) -> bool:
    """``c`` starts or ends where a found cell does (a table column is left- or right-aligned; the
    tails of a log's lines that happen to overlap are not)."""
    h = max(c.y1 - c.y0, 1e-6)
    return any(abs(c.x0 - a.x0) <= 1.5 * h or abs(c.x1 - a.x1) <= 1.5 * h for a in anchors)


class ValueColumnRecognizer(SargasRecognizer):
    ENTITIES = list(KINDS)

    def find(self, doc: DocInfo) -> Iterable[tuple[int, int, str, float]]:
        spans = [(s, e, ent) for s, e, ent, _ in doc.shared.get("found", ()) if ent in KINDS]
        if len(spans) < 2:
            return
        lay = layout_of(doc)
        covered: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        cells: dict[int, Cell] = {}
        for s, e, ent in spans:
            c = lay.cell_of(s)
            if c is None:
                continue
            cells[id(c)] = c
            covered[id(c)][ent] += min(e, c.end) - s
        whole: dict[int, str] = {}  # id of a cell a found value fills -> its kind
        for cid, per_kind in covered.items():
            c = cells[cid]
            ent, n = max(per_kind.items(), key=lambda kv: kv[1])
            if n >= WHOLE * len(doc.text[c.start : c.end].strip()):
                whole[cid] = ent
        if len(whole) < 2:
            return
        done: set[int] = set()
        for cid, ent in whole.items():
            if cid in done:
                continue
            column = lay.column_around(cells[cid])
            done.update(id(x) for x in column)
            models = [doc.text[x.start : x.end].strip() for x in column if whole.get(id(x)) == ent]
            values = [x for x in column if not _header_row(lay, x)]
            if len(models) < 2 or len(models) < SHARE * len(values):
                continue  # a log viewer's column of lines with a value in two of them
            anchors = [x for x in column if whole.get(id(x)) == ent]
            yield from self._like(doc, lay, column, whole, ent, models, anchors)

    @staticmethod
    def _like(doc: DocInfo, lay: Layout, column: list[Cell], whole: dict[int, str], ent: str,
              models: list[str], anchors: list[Cell]) -> Iterable[tuple[int, int, str, float]]:
        lo, hi = min(len(m) for m in models), max(len(m) for m in models)
        words = max(len(m.split()) for m in models) + 1
        digits = [real_digits(m) for m in models]
        mixes = [mix(m) for m in models]
        for x in column:
            if id(x) in whole:
                continue
            raw = doc.text[x.start : x.end]
            t = raw.strip()
            if not t or "\n" in t or not 0.75 * lo <= len(t) <= 1.25 * hi or len(t.split()) > words:
                continue
            if label_kind(t) is not None or _header_row(lay, x) or "=" in t or not _aligned(x, anchors):
                continue
            if len(lay.rows[x.row]) < 2:
                continue  # a line that is one cell (a log viewer's record) is no table row
            if min(_distance(mix(t), m) for m in mixes) > MAX_DISTANCE:
                continue
            if min(digits) >= 5 and not 0.8 * min(digits) <= real_digits(t) <= 1.2 * max(digits):
                continue  # a number of another length: a total, a date, an order number
            lead = len(raw) - len(raw.lstrip())
            yield x.start + lead, x.start + lead + len(t), ent, 0.55

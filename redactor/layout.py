"""Reading structure of one document: words -> lines -> cells -> rows/columns -> label/value fields.

Built once per analysed text and shared by every recognizer (``doc.shared["layout"]``):

- from word boxes (OCR or a PDF text layer, :meth:`Layout.from_words`): a text line is split into
  cells where the horizontal gap between two words is wide (a table column, a form's label and its
  value) or at a ``|`` rule (also one OCR glued to a word: ``|Kundziņa``); cells of different lines
  whose boxes overlap vertically form one row (Tesseract often reads a table column by column, so
  rows are rebuilt from geometry);
- from plain text (:meth:`Layout.from_text`: text-level benches, callers without boxes): lines are
  split at ``|``, tabs, ``;`` or runs of 2+ spaces; one line is one row.

Field labels (column headers and form labels, per language in ``redactor/data/labels.yaml``) then
give a *kind* to the values they govern: the rest of the label's cell after a colon, the cell to
its right, or the cells below it in its column (down to the next header, a blank gap or a cell that
is itself a label). In a photo's grid a line of ruling stubs (``-``, ``_``, ``1``), the rest of a
tall row read as a line of its own and one row whose cell was not read do not end a column; two rows
with cells elsewhere and none under the header do. :meth:`Layout.kind_at` answers "what does the
structure say this text is?".
A spreadsheet formula bar (cell reference / ``fx`` + value) is recognised as such and its value gets
the kind of the grid cell holding the same text.

Failure mode: the layout only ever *adds* context. A text it cannot structure yields no fields,
and recognizers fall back to their own line-based context; nothing is removed because of it.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Iterable, Sequence

from redactor.layout_cells import (
    Cell,
    Field,
    header_cells,
    is_label,
    make_cell,
    page_box,
    split_text_line,
)
from redactor.layout_cuts import cut_below_headers
from redactor.layout_labels import label_kind, label_sets, labels, norm_label, split_inline

__all__ = ["Cell", "Field", "LaidOutText", "Layout", "label_kind", "label_sets", "labels", "layout_of",
           "norm_label", "split_inline"]

CELL_GAP = 1.2  # a horizontal gap wider than this many line heights separates two cells
CELL_REF = re.compile(r"^[A-Z]{1,3}[1-9]\d{0,5}$")
FX = re.compile(r"^(?:fx|ƒx|ƒ|f\(x\)|fₓ|Fx|FX|=)$")


BARS = "|¦│"  # a table's grid line as OCR reads it


def _unglue_bars(wtext: str, w: tuple[int, int, tuple]) -> tuple[tuple[int, int, tuple], bool, bool]:
    """A word with a grid line glued to it (``|Kundziņa``, ``Vanags|``: a photo's rule next to the
    text): the word without the bar, its box narrowed by the bar's share, and whether a bar led or
    trailed it (a cell edge there)."""
    lead = len(wtext) - len(wtext.lstrip(BARS))
    trail = len(wtext) - len(wtext.rstrip(BARS))
    if lead + trail == 0 or lead + trail >= len(wtext) or not wtext[lead].isalnum():
        return w, False, False
    off, length, b = w
    per = (b[2] - b[0]) / len(wtext)
    box = (b[0] + lead * per, b[1], b[2] - trail * per, *b[3:])
    return (off + lead, length - lead - trail, box), lead > 0, trail > 0


class Layout:
    def __init__(self, text: str, cells: list[Cell]) -> None:
        self.text = text
        self.cells = sorted(cells, key=lambda c: c.start)
        self._starts = [c.start for c in self.cells]
        self.rows = self._rows()
        self.fields: list[Field] = []
        self._find_fields()
        self.fields.sort(key=lambda f: f.start)
        self._fstarts = [f.start for f in self.fields]

    # ---- construction -------------------------------------------------------------------------

    @classmethod
    def from_text(cls, text: str) -> Layout:
        cells: list[Cell] = []
        pos = 0
        for lno, line in enumerate(text.split("\n")):
            pieces = split_text_line(line)
            by_index = len(pieces) > 1 and not re.search(r"\S {2,}\S", line) or "|" in line
            for k, (s, e) in enumerate(pieces):
                x0, x1 = (1e5 + k * 1000.0, 1e5 + k * 1000.0 + 999.0) if by_index else (float(s), float(e))
                cells.append(Cell(pos + s, pos + e, x0, x1, 2.0 * lno, 2.0 * lno + 1.0))
            pos += len(line) + 1
        return cls(text, cells)

    @classmethod
    def from_words(cls, text: str, items: Sequence[tuple[int, int, object, tuple, int]]) -> Layout:
        """``items``: (offset, page, line key, box, length) per word in text order (TextMap's words)."""
        lines: list[list[tuple[int, int, tuple]]] = []
        prev = None
        for off, page, key, box, length in items:
            if (page, key) != prev:
                lines.append([])
                prev = (page, key)
            lines[-1].append((off, length, page_box(page, box)))
        groups: list[list[tuple[int, int, tuple]]] = []  # the words of each cell
        for line in lines:
            heights = [b[3] - b[1] for _, _, b in line]
            h = statistics.median(heights) if heights else 1.0
            cur: list[tuple[int, int, tuple]] = []
            for w in line:
                wtext = text[w[0] : w[0] + w[1]]
                if wtext in BARS or (wtext[0] in BARS and wtext.strip(BARS + ":;.,") == ""):
                    if cur:
                        groups.append(cur)
                    cur = []
                    continue
                w, lead, trail = _unglue_bars(wtext, w)
                if lead and cur:
                    groups.extend(header_cells(text, cur))
                    cur = []
                tab = cur and "\t" in text[cur[-1][0] + cur[-1][1] : w[0]]  # the text's own cell cut
                if cur and (tab or w[2][0] - cur[-1][2][2] > CELL_GAP * h):
                    groups.extend(header_cells(text, cur))
                    cur = []
                cur.append(w)
                if trail:
                    groups.extend(header_cells(text, cur))
                    cur = []
            if cur:
                groups.extend(header_cells(text, cur))
        groups = cut_below_headers(groups, lambda g: is_label(text, g))
        cells = [make_cell(g) for g in groups]
        return cls(text, cells)

    def _rows(self) -> list[list[Cell]]:
        """Cells grouped into rows by vertical overlap, each row left to right, rows top down."""
        order = sorted(self.cells, key=lambda c: ((c.y0 + c.y1) / 2, c.x0))
        rows: list[list[Cell]] = []
        for c in order:
            mid = (c.y0 + c.y1) / 2
            if rows:
                r = rows[-1]
                ry0, ry1 = min(x.y0 for x in r), max(x.y1 for x in r)
                if ry0 <= mid <= ry1 and all(x.hoverlap(c) <= 0 for x in r):
                    r.append(c)
                    continue
            rows.append([c])
        for i, r in enumerate(rows):
            r.sort(key=lambda c: c.x0)
            for c in r:
                c.row = i
        return rows

    # ---- fields -------------------------------------------------------------------------------

    def cell_text(self, c: Cell) -> str:
        return self.text[c.start : c.end]

    def _find_fields(self) -> None:
        for c in self.cells:
            t = self.cell_text(c)
            k = label_kind(t)
            if k is not None:
                c.kind = k
                continue
            inline = split_inline(t)
            if inline is not None:
                c.kind, off = inline
                c.label_end = c.start + off
                label = norm_label(t[: t.find(":")])
                self.fields.append(Field(c.label_end, c.end, c.kind, "inline", label))
        for r, row in enumerate(self.rows):
            kv_row = self._key_value_row(row)
            # two or more labels and no data at all: a table's header row, its labels head columns
            nlab = sum(c.kind is not None and c.label_end < 0 for c in row)
            ndata = sum(bool(re.search(r"[\d@]", self.cell_text(x))) for x in row if x.kind is None)
            header_row = not kv_row and nlab >= 2 and (ndata == 0 or (nlab >= 3 and ndata == 1))
            for i, c in enumerate(row):
                if c.kind is None or c.label_end >= 0:
                    continue
                right = row[i + 1] if i + 1 < len(row) else None
                below = list(self._column(r, c))
                # a grid continues below (the next row has cells of its own): a column header;
                # otherwise a key-value pair with the value to the right
                grid_below = bool(below) and len(self.rows[below[0].row]) >= 2
                pair = (
                    right is not None
                    and right.kind is None
                    and (not header_row or self.cell_text(c).rstrip().endswith(":"))
                    and (
                        self.cell_text(c).rstrip().endswith(":")
                        or kv_row
                        or not grid_below
                        or below[0].kind is not None
                        or self._in_label_column(r, c)
                    )
                )
                label = norm_label(self.cell_text(c))
                if pair:
                    self.fields.append(Field(right.start, right.end, c.kind, "right", label))
                    continue
                peers = sum(1 for x in row if x is not c and x.kind is not None)
                loose = label_sets()[0]
                if len(row) == 1:
                    # a form label alone on its line ("Adresas" / "Vardas"): the value is the next
                    # line (an address two), never the prose that may follow it
                    below = below[: 2 if c.kind == "ADDRESS" else 1]
                for v in below:
                    if v.kind is not None:
                        vrow = self.rows[v.row]
                        if (
                            norm_label(self.cell_text(v)) in loose
                            and sum(x.kind is not None for x in vrow) < 2
                        ):
                            v.kind = None  # "Mail" as a first name in a column, not a new label
                        else:
                            break
                    self.fields.append(Field(v.start, v.end, c.kind, "below", label, peers, c.start))
        self._formula_bar()

    def _key_value_row(self, row: list[Cell]) -> bool:
        """``Vardas | Orestas | Tel. | 8 612 34567``: labels each followed by a value, two or more
        of them, and data in the values (a digit or an '@'): a card's key-value row, never a table
        header row (whose cells are all labels or plain words)."""
        labs = [i for i, c in enumerate(row) if c.kind is not None and c.label_end < 0]
        if len(labs) < 2 or not all(i + 1 < len(row) and row[i + 1].kind is None for i in labs):
            return False
        return any(re.search(r"[\d@]", self.cell_text(x)) for x in row if x.kind is None)

    def _in_label_column(self, r: int, c: Cell) -> bool:
        """The cell above ``c`` in its column is a label with a value to its right: ``c`` is one more
        label of a card's label column (``Tel. | 8655…`` over ``Vardas | Greta``), not a header."""
        if r == 0:
            return False
        above = self.rows[r - 1]
        i, best = max(enumerate(above), key=lambda x: x[1].hoverlap(c))
        if best.hoverlap(c) <= 0 or best.kind is None or best.label_end >= 0 or i + 1 >= len(above):
            return False
        return above[i + 1].kind is None

    def _column(self, r: int, head: Cell) -> Iterable[Cell]:
        """Cells under ``head`` in its column, down to a blank gap or another header row."""
        h = max(head.y1 - head.y0, 1e-6)
        gap_limit = 2.6 * h  # under the header: padded rows of a roomy grid still continue it
        last_y = head.y1
        misses = 0
        prev = (head.y0, head.y1)  # the vertical span of the last row with real text
        for row in self.rows[r + 1 : r + 400]:
            y0 = min(c.y0 for c in row)
            y1 = max(c.y1 for c in row)
            gap = y0 - last_y
            if gap > gap_limit:
                return  # a blank band wider than the table's own row spacing ends the column
            if all(self._speck(c, h) for c in row):
                last_y = max(last_y, y1)
                continue  # a photo's grid-line stubs read as '-', '_', '1': no row of the table
            gap_limit = max(2.0 * h, 1.8 * gap)
            last_y = y1
            best = max(row, key=lambda c: c.hoverlap(head))
            fragment = prev[0] <= (y0 + y1) / 2 <= prev[1]
            prev = (y0, y1)
            if best.hoverlap(head) <= 0:
                if fragment:
                    continue  # the rest of the row above, read as a line of its own (a tilted row)
                misses += 1
                if misses > 1:
                    return
                continue
            misses = 0
            yield best
            if best.kind is not None and norm_label(self.cell_text(best)) not in label_sets()[0]:
                return

    def _speck(self, c: Cell, h: float) -> bool:
        """A cell with under two letters or digits, or a box far flatter than text: a ruling stub."""
        return len(re.findall(r"\w", self.cell_text(c))) < 2 or c.y1 - c.y0 < 0.3 * h

    def _formula_bar(self) -> None:
        """``B7 | fx | Jonaitienė``: the value of the selected cell, typed like the grid cell."""
        for row in self.rows:
            texts = [self.cell_text(c).strip() for c in row]
            for i, t in enumerate(texts[:3]):
                toks = t.split()
                if not toks:
                    continue
                k = next((j for j, x in enumerate(toks) if FX.match(x)), -1)
                if k < 0 or (k > 0 and not CELL_REF.match(toks[0])) or k > 2:
                    continue
                if k == 0 and not (
                    i > 0 and CELL_REF.match(texts[i - 1].split()[-1] if texts[i - 1] else "")
                ):
                    if not (len(toks) > 1 or i + 1 < len(row)):
                        continue
                c = row[i]
                rest = t.split(None, k + 1)
                if len(rest) > k + 1:
                    vs = c.start + self.cell_text(c).index(rest[k + 1], len(" ".join(rest[: k + 1])))
                    value = (vs, c.end)
                elif i + 1 < len(row):
                    value = (row[i + 1].start, row[i + 1].end)
                else:
                    continue
                kind = self._kind_of_text(self.text[value[0] : value[1]].strip()) or "FORMULA"
                self.fields.append(Field(value[0], value[1], kind, "formula"))
                break

    def _kind_of_text(self, value: str) -> str | None:
        if not value:
            return None
        for f in self.fields:
            if f.how != "formula" and self.text[f.start : f.end].strip() == value:
                return f.kind
        return None

    # ---- queries ------------------------------------------------------------------------------

    def fields_in(self, start: int, end: int) -> list[Field]:
        i = bisect.bisect_left(self._fstarts, start)
        out = []
        while i < len(self.fields) and self.fields[i].start < end:
            out.append(self.fields[i])
            i += 1
        return out

    def kind_at(self, start: int, end: int) -> str | None:
        """Kind of the field whose value contains ``text[start:end]`` (None: no structure says)."""
        i = bisect.bisect_right(self._fstarts, start) - 1
        for j in range(max(0, i - 3), min(len(self.fields), i + 2)):
            f = self.fields[j]
            if f.start <= start and end <= f.end:
                return f.kind
        return None

    def column_around(self, anchor: Cell) -> list[Cell]:
        """``anchor`` and the cells overlapping it horizontally in the rows above and below it, up
        to the fourth row in a row without one (the lines of a message beside a list of messages
        fall between a list's entries) or a blank band."""
        out = [anchor]
        h = max(anchor.y1 - anchor.y0, 1e-6)
        for step in (-1, 1):
            r, misses, last = anchor.row + step, 0, anchor
            while 0 <= r < len(self.rows):
                hit = [x for x in self.rows[r]
                       if x.hoverlap(anchor) > 0.3 * min(x.x1 - x.x0, anchor.x1 - anchor.x0)]
                if len(hit) != 1:
                    misses += 1
                    if misses > 3:
                        break
                else:
                    gap = hit[0].y0 - last.y1 if step > 0 else last.y0 - hit[0].y1
                    if gap > 4 * h:
                        break  # a blank band: another block
                    out.append(hit[0])
                    last, misses = hit[0], 0
                r += step
        return out

    def cell_of(self, pos: int) -> Cell | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.cells[i].start <= pos < self.cells[i].end:
            return self.cells[i]
        return None


class LaidOutText(str):
    """The analysed text carrying the layout built from its word boxes (``text.layout``)."""

    layout: Layout | None = None

    @classmethod
    def make(cls, value: str, layout: Layout) -> LaidOutText:
        obj = cls(value)
        obj.layout = layout
        return obj


def layout_of(doc) -> Layout:
    """The layout of a :class:`redactor.nlp.DocInfo` (built from its text when no boxes came)."""
    lay = doc.shared.get("layout")
    if lay is None:
        lay = getattr(doc.text, "layout", None) or Layout.from_text(doc.text)
        doc.shared["layout"] = lay
    return lay
